package httpapi

import (
	"net/http"

	"github.com/ogpsearch/ogpsearch/internal"
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
}

// handleHealth answers GET /healthz: the process is alive and serving.
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	s.writeJSON(w, r, http.StatusOK, healthAnswer{Status: "ok"})
}

// handleReady answers GET /readyz: 200 once the Searcher is ready, else 503
// with the reason's code. The reason's message is shown only when it is an
// *internal.Error (safe by contract); anything else is logged, never shown.
func (s *Server) handleReady(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := s.withDeadline(r.Context())
	defer cancel()
	if err := s.searcher.Ready(ctx); err != nil {
		code, msg := internal.EUnavailable, "not ready"
		if c := internal.ErrorCode(err); c != internal.EInternal {
			code, msg = c, internal.ErrorMessage(err)
		}
		s.logger(r).Warn("not ready", "err", err)
		s.writeErrorStatus(w, r, http.StatusServiceUnavailable, code, msg)
		return
	}
	docs, version := s.searcher.Stats()
	w.Header().Set("Cache-Control", "no-store")
	s.writeJSON(w, r, http.StatusOK, readyAnswer{Status: "ready", Documents: docs, Version: version})
}
