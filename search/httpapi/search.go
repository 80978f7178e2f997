package httpapi

import (
	"net/http"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// suggestAnswer is the body of GET /api/v1/suggest.
type suggestAnswer struct {
	Query       string           `json:"query"`
	Suggestions []ogp.Suggestion `json:"suggestions"`
}

// handleSearch answers GET /api/v1/search: parameters are read by the
// injected Config.ParseRequest, the search runs under the request deadline
// once one of the Config.MaxSearches slots is free.
func (s *Server) handleSearch(w http.ResponseWriter, r *http.Request) {
	req, err := s.cfg.ParseRequest(r.URL.Query())
	if err != nil {
		s.writeError(w, r, s.badParameters(r, err))
		return
	}
	if !s.searches.enter(r.Context()) {
		s.refuseBusy(w, r)
		return
	}
	defer s.searches.leave()
	ctx, cancel := s.withDeadline(r.Context())
	defer cancel()
	res, err := s.searcher.Search(ctx, req)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeAnswer(w, r, completeResult(res))
}

// handleSuggest answers GET /api/v1/suggest?q=&lang=&limit=.
func (s *Server) handleSuggest(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query().Get("q")
	if len(q) > maxQueryBytes {
		s.writeError(w, r, ogp.Errorf(ogp.EInvalid, "q must be at most %d bytes", maxQueryBytes))
		return
	}
	lang, err := langParam(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	limit, err := intParam(r, "limit", defaultSuggestLimit, 1, maxSuggestLimit)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	ctx, cancel := s.withDeadline(r.Context())
	defer cancel()
	list, err := s.searcher.Suggest(ctx, q, lang, limit)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if list == nil {
		list = []ogp.Suggestion{}
	}
	s.writeAnswer(w, r, suggestAnswer{Query: q, Suggestions: list})
}

// badParameters keeps a parser's error as it is when it is an
// *ogp.Error, and otherwise logs it and answers a generic 400: the
// parser saw only the client's parameters, so the client is at fault.
func (s *Server) badParameters(r *http.Request, err error) error {
	if ogp.ErrorCode(err) != ogp.EInternal {
		return err
	}
	s.logger(r).Warn("search parameters refused", "err", err)
	return ogp.Errorf(ogp.EInvalid, "invalid search parameters")
}

// SearchAnswer is the body GET /api/v1/search answers with res, byte for
// byte: what `ogpsearch query --json` prints.
func SearchAnswer(res ogp.SearchResult) ([]byte, error) {
	buf, err := encodeJSON(completeResult(res))
	return buf.Bytes(), err
}

// completeResult turns missing lists into empty ones, so the answer always
// has the arrays the API documents.
func completeResult(res ogp.SearchResult) ogp.SearchResult {
	if res.Hits == nil {
		res.Hits = []ogp.Hit{}
	}
	for i := range res.Hits {
		h := &res.Hits[i]
		if h.PolicyAreas == nil {
			h.PolicyAreas = []ogp.Term{}
		}
		if h.Languages == nil {
			h.Languages = []string{}
		}
	}
	return res
}
