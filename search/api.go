package search

import (
	"net/http"
	"regexp"

	"github.com/gorilla/mux"

	"github.com/ogpsearch/ogpsearch/internal"
)

var (
	idPattern   = regexp.MustCompile(`^[A-Za-z]{2,4}[0-9]{4}$`)
	langPattern = regexp.MustCompile(`^[a-z]{2}$`)
)

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// handleReady is ready when the store holds commitments and answers a real
// lookup.
func (s *Server) handleReady(w http.ResponseWriter, r *http.Request) {
	if s.store == nil || s.store.Len() == 0 {
		s.writeError(w, r, internal.Errorf(internal.EUnavailable, "no commitments loaded yet"))
		return
	}
	if _, ok := s.store.Get(s.store.IDs()[0], "en"); !ok {
		s.writeError(w, r, internal.Errorf(internal.EUnavailable, "the store does not answer"))
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"status": "ready", "commitments": s.store.Len()})
}

// commitmentAnswer is the body of GET /api/v1/commitments/{id}.
type commitmentAnswer struct {
	ID           string                         `json:"id"`
	Lang         string                         `json:"lang"`
	Languages    []string                       `json:"languages"`
	Commitment   internal.Commitment            `json:"commitment"`
	Translations map[string]internal.Commitment `json:"translations"`
}

func (s *Server) handleCommitment(w http.ResponseWriter, r *http.Request) {
	id := mux.Vars(r)["id"]
	lang := r.URL.Query().Get("lang")
	if !idPattern.MatchString(id) {
		s.writeError(w, r, internal.Errorf(internal.EInvalid, "id must look like KR0018"))
		return
	}
	if lang != "" && !langPattern.MatchString(lang) {
		s.writeError(w, r, internal.Errorf(internal.EInvalid, "lang must be a two-letter language code"))
		return
	}
	c, ok := s.store.Get(id, lang)
	if !ok {
		s.writeError(w, r, internal.Errorf(internal.ENotFound, "no commitment %s", id))
		return
	}
	writeJSON(w, http.StatusOK, commitmentAnswer{
		ID: c.ID, Lang: c.Lang, Languages: s.store.Languages(id), Commitment: c, Translations: s.store.Pages(id),
	})
}
