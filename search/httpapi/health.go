package httpapi

import (
	"net/http"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// healthAnswer is the body of GET /healthz.
type healthAnswer struct {
	Status string `json:"status"`
}

// readyAnswer is the body of GET /readyz once the index answers.
type readyAnswer struct {
	Status    string `json:"status"`
	Documents uint64 `json:"documents"`
	Version   string `json:"version"`
	// Problem says why the version served is not the one the index
	// directory names (a newer version was refused); the server still
	// answers from the version it has.
	Problem string `json:"problem,omitempty"`
}

// problemReporter is a Searcher that can serve while something needs an
// operator's attention (package search's Engine reports a refused index
// version). Its message is safe to show.
type problemReporter interface {
	Problem() string
}

// handleHealth answers GET /healthz: the process is alive and serving.
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	s.writeJSON(w, r, http.StatusOK, healthAnswer{Status: "ok"})
}

// handleReady answers GET /readyz: 200 once the Searcher is ready, with the
// Searcher's problem when it reports one, else 503 with the reason's code. The reason's message is shown only when it is an
// *ogp.Error (safe by contract); anything else is logged, never shown.
func (s *Server) handleReady(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := s.withDeadline(r.Context())
	defer cancel()
	if err := s.searcher.Ready(ctx); err != nil {
		code, msg := ogp.EUnavailable, "not ready"
		if c := ogp.ErrorCode(err); c != ogp.EInternal {
			code, msg = c, ogp.ErrorMessage(err)
		}
		s.logger(r).Warn("not ready", "err", err)
		s.writeErrorStatus(w, r, http.StatusServiceUnavailable, code, msg)
		return
	}
	docs, version := s.searcher.Stats()
	answer := readyAnswer{Status: "ready", Documents: docs, Version: version}
	if pr, ok := s.searcher.(problemReporter); ok {
		answer.Problem = pr.Problem() // logged in detail where it arose
	}
	w.Header().Set("Cache-Control", "no-store")
	s.writeJSON(w, r, http.StatusOK, answer)
}
