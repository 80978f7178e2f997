package httpapi

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"github.com/ogpsearch/ogpsearch/internal/history"
	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// ChangeSearcher is what the changes API, the history of a commitment and
// the feeds ask of the engine beyond Searcher (package search's *Engine
// implements it). A Searcher without it keeps no history: those routes
// answer 404.
type ChangeSearcher interface {
	// Changes returns the site's changes to the commitments req matches,
	// seen at or after since (zero: all), newest first, size of them after
	// the cursor after (a previous page's Next). A bad cursor or size is
	// an *ogp.Error with code EInvalid.
	Changes(ctx context.Context, req ogp.SearchRequest, since time.Time, size int, after string) (history.EntryPage, error)
	// History returns every page (language) of one commitment and its
	// changes on the site, oldest first, or an *ogp.Error with code
	// ENotFound when there is no such commitment.
	History(ctx context.Context, id string) ([]ogp.Commitment, []history.Entry, error)
}

// Bounds of a page of GET /api/v1/changes (the engine's too).
const (
	defaultChanges = 50
	maxChanges     = 500
)

// historyAnswer is the body of GET /api/v1/commitments/{id}/history: the
// commitment in the reader's language and its changes on the site, oldest
// first, each carrying that title and address too.
type historyAnswer struct {
	ID        string          `json:"id"`
	Lang      string          `json:"lang"`
	Title     string          `json:"title"`
	URL       string          `json:"url"`
	Member    string          `json:"member"`
	Languages []string        `json:"languages"`
	Changes   []history.Entry `json:"changes"`
}

// changeSearcher is the server's ChangeSearcher, or a not_found error when
// its Searcher keeps no history.
func (s *Server) changeSearcher() (ChangeSearcher, error) {
	cs, ok := s.searcher.(ChangeSearcher)
	if !ok {
		return nil, ogp.Errorf(ogp.ENotFound, "this server keeps no history of changes")
	}
	return cs, nil
}

// handleChanges answers GET /api/v1/changes: the query and filters of a
// search (read by Config.ParseRequest), since, size and the cursor after.
// The cursor names a change, not a position in one index version, so it
// stays good across index versions.
func (s *Server) handleChanges(w http.ResponseWriter, r *http.Request) {
	size, err := intParam(r, "size", defaultChanges, 1, maxChanges)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	since, req, err := s.changesRequest(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	page, err := s.changes(r, req, since, size, r.URL.Query().Get("after"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeAnswer(w, r, page)
}

// changesRequest reads the parameters of a list of changes (the changes
// API, a feed): since, then the query and filters of a search, its paging
// left out.
func (s *Server) changesRequest(r *http.Request) (time.Time, ogp.SearchRequest, error) {
	values := r.URL.Query()
	since, err := ogp.ParseSince(values.Get("since"))
	if err != nil {
		return since, ogp.SearchRequest{}, ogp.Errorf(ogp.EInvalid, "since must be a date such as 2026-01-01 or a time such as 2026-01-01T12:00:00Z")
	}
	search := url.Values{}
	for name, v := range values {
		switch name {
		case "since", "changed_since", "page", "size", "sort", "after", "prefix", "facets", "snippets":
		default:
			search[name] = v
		}
	}
	search.Set("facets", "false")
	search.Set("snippets", "false")
	req, err := s.cfg.ParseRequest(search)
	if err != nil {
		return since, req, s.badParameters(r, err)
	}
	return since.UTC(), req, nil
}

// changes runs Changes in the searches' lane under the request deadline.
func (s *Server) changes(r *http.Request, req ogp.SearchRequest, since time.Time, size int, after string) (history.EntryPage, error) {
	cs, err := s.changeSearcher()
	if err != nil {
		return history.EntryPage{}, err
	}
	lane := s.searches.lane(false)
	if !lane.enter(r.Context()) {
		return history.EntryPage{}, s.busy(r)
	}
	ctx, cancel := s.withDeadline(r.Context())
	defer cancel()
	page, err := within(ctx, lane, func() (history.EntryPage, error) {
		return cs.Changes(ctx, req, since, size, after)
	})
	if page.Changes == nil {
		page.Changes = []history.Entry{}
	}
	return page, err
}

// handleHistory answers GET /api/v1/commitments/{id}/history?lang=.
func (s *Server) handleHistory(w http.ResponseWriter, r *http.Request) {
	id, lang, ok := s.commitmentParams(w, r)
	if !ok {
		return
	}
	cs, err := s.changeSearcher()
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	ctx, cancel := s.withDeadline(r.Context())
	defer cancel()
	pages, changes, err := cs.History(ctx, id)
	if err == nil && len(pages) == 0 {
		err = ogp.Errorf(ogp.ENotFound, "no commitment %s", id)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	shown := ogp.NewCommitmentAnswer(id, lang, pages)
	c := shown.Commitment
	answer := historyAnswer{ID: id, Lang: shown.Lang, Title: c.Title, URL: c.URL, Member: c.Member,
		Languages: shown.Languages, Changes: make([]history.Entry, len(changes))}
	for i, e := range changes {
		e.Title, e.Lang, e.URL = c.Title, c.Lang, c.URL
		answer.Changes[i] = e
	}
	s.writeAnswer(w, r, answer)
}
