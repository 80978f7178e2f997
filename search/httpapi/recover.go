package httpapi

import (
	"fmt"
	"net/http"
	"runtime/debug"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// recoverPanics turns a panic below it into a logged 500 answer, keeping the
// panic value and stack in the log only. When the answer had already begun,
// the connection is aborted instead, so the client sees a broken response
// rather than a truncated one that looks whole.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler { // compared as net/http does
				panic(v)
			}
			s.logger(r).Error("panic serving request",
				"panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			if rec, ok := w.(interface{ headerSent() bool }); ok && rec.headerSent() {
				panic(http.ErrAbortHandler)
			}
			s.writeErrorStatus(w, r, http.StatusInternalServerError, ogp.EInternal, "internal error")
		}()
		next.ServeHTTP(w, r)
	})
}
