package httpapi

import (
	"cmp"
	"context"
	"net/http"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// suggestAnswer is the body of GET /api/v1/suggest. Hangul, when set, is
// the reading of a query typed as Korean with the keyboard in Latin mode
// that the suggestions were found by: what the reader probably meant.
type suggestAnswer struct {
	Query       string           `json:"query"`
	Hangul      string           `json:"hangul,omitempty"`
	Suggestions []ogp.Suggestion `json:"suggestions"`
}

// handleSearch answers GET /api/v1/search: parameters are read by the
// injected Config.ParseRequest, the search runs under the request deadline
// once a slot of its lane is free (admission.go).
//
// Cursors carry the index version they were given on (cursor.go): a cursor
// of a version no longer served is refused (409 stale_cursor) before any
// search.
func (s *Server) handleSearch(w http.ResponseWriter, r *http.Request) {
	values := r.URL.Query()
	after := values.Get("after")
	_, version := s.searcher.Stats()
	if after != "" {
		inner, err := OpenCursor(version, after)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		values.Set("after", inner)
	}
	req, err := s.cfg.ParseRequest(values)
	if err != nil {
		s.writeError(w, r, s.badParameters(r, err))
		return
	}
	lane := s.searches.lane(isKeystroke(r))
	if !lane.enter(r.Context()) {
		s.refuseBusy(w, r)
		return
	}
	ctx, cancel := s.withDeadline(r.Context())
	defer cancel()
	res, err := within(ctx, lane, func() (ogp.SearchResult, error) {
		return s.searchOneVersion(ctx, r, req, version, after != "")
	})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeAnswer(w, r, completeResult(res))
}

// maxSearchAttempts bounds how often a search is run again because the
// index version changed while it ran.
const maxSearchAttempts = 3

// searchOneVersion runs req, which continues a cursor of version when
// continued is set, and stamps the answer's cursor with the version that
// gave it. The version is read before (by the caller) and after the
// search: when it changed meanwhile, which version answered is unknown, so
// a search that continues a cursor is refused as stale and a first search
// is run again, on the new version.
func (s *Server) searchOneVersion(ctx context.Context, r *http.Request, req ogp.SearchRequest, version string, continued bool) (ogp.SearchResult, error) {
	for attempt := 1; ; attempt++ {
		res, err := s.searcher.Search(ctx, req)
		if err != nil {
			return res, err
		}
		_, now := s.searcher.Stats()
		if now == version {
			res.Next = StampCursor(version, res.Next)
			return res, nil
		}
		s.logger(r).Info("index version switched during a search", "from", version, "to", now)
		switch {
		case continued:
			return ogp.SearchResult{}, staleCursor()
		case attempt == maxSearchAttempts:
			return ogp.SearchResult{}, ogp.Errorf(ogp.EUnavailable, "the index is being updated; retry in a second")
		}
		version = now
	}
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
	answer := suggestAnswer{Query: q, Suggestions: list}
	if list == nil {
		answer.Suggestions = []ogp.Suggestion{}
	}
	for _, sg := range list { // the reading, from the first that has one
		answer.Hangul = cmp.Or(answer.Hangul, sg.Hangul)
	}
	s.writeAnswer(w, r, answer)
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
