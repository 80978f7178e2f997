package httpapi

import (
	"net/http"

	"github.com/gorilla/mux"

	"github.com/ogpsearch/ogpsearch/internal"
)

// handleCommitment answers GET /api/v1/commitments/{id}?lang=.
func (s *Server) handleCommitment(w http.ResponseWriter, r *http.Request) {
	id, ok := internal.ParseID(mux.Vars(r)["id"])
	if !ok {
		s.writeError(w, r, internal.Errorf(internal.EInvalid, "id must look like KR0018"))
		return
	}
	lang, err := langParam(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	ctx, cancel := s.withDeadline(r.Context())
	defer cancel()
	pages, err := s.searcher.Commitment(ctx, id)
	if err == nil && len(pages) == 0 {
		err = internal.Errorf(internal.ENotFound, "no commitment %s", id)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeAnswer(w, r, internal.NewCommitmentAnswer(id, lang, pages))
}
