package httpapi

import (
	"context"
	"fmt"
	"net/http"
)

// limitRequests refuses requests the API never needs and a client could use
// to tie the server up: a request URI longer than Config.MaxURLBytes (414)
// and any request body (413), since every route is a GET. Header size and
// slow clients are bounded by the http.Server's limits and timeouts.
func (s *Server) limitRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		uri := r.RequestURI
		if uri == "" {
			uri = r.URL.RequestURI()
		}
		if len(uri) > s.cfg.MaxURLBytes {
			s.writeErrorStatus(w, r, http.StatusRequestURITooLong, codeTooLarge,
				fmt.Sprintf("the request URI is longer than %d bytes", s.cfg.MaxURLBytes))
			return
		}
		if r.ContentLength != 0 { // -1: a body of unknown length, chunked
			// The body stays unread, so the connection cannot be reused.
			w.Header().Set("Connection", "close")
			s.writeErrorStatus(w, r, http.StatusRequestEntityTooLarge, codeTooLarge,
				"requests must not carry a body")
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, 0)
		next.ServeHTTP(w, r)
	})
}

// withDeadline bounds ctx by the configured request timeout; every call to
// the Searcher goes through it.
func (s *Server) withDeadline(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, s.cfg.RequestTimeout)
}
