package httpapi

import (
	"net/http"

	"github.com/gorilla/mux"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// handleCommitment answers GET /api/v1/commitments/{id}?lang=.
func (s *Server) handleCommitment(w http.ResponseWriter, r *http.Request) {
	id, lang, ok := s.commitmentParams(w, r)
	if !ok {
		return
	}
	ctx, cancel := s.withDeadline(r.Context())
	defer cancel()
	pages, err := s.searcher.Commitment(ctx, id)
	if err == nil && len(pages) == 0 {
		err = ogp.Errorf(ogp.ENotFound, "no commitment %s", id)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeAnswer(w, r, ogp.NewCommitmentAnswer(id, lang, pages))
}

// commitmentParams reads the ID of a commitment route and its lang; on a
// bad one it answers the error and ok is false.
func (s *Server) commitmentParams(w http.ResponseWriter, r *http.Request) (id, lang string, ok bool) {
	id, ok = ogp.ParseID(mux.Vars(r)["id"])
	if !ok {
		s.writeError(w, r, ogp.Errorf(ogp.EInvalid, "id must look like KR0018"))
		return "", "", false
	}
	lang, err := langParam(r)
	if err != nil {
		s.writeError(w, r, err)
		return "", "", false
	}
	return id, lang, true
}
