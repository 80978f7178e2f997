package httpapi

import (
	"context"
	"crypto/rand"
	"log/slog"
	"net/http"
)

// requestIDHeader carries the request ID both ways.
const requestIDHeader = "X-Request-ID"

// maxRequestIDLen bounds an incoming request ID we are willing to reuse.
const maxRequestIDLen = 64

// requestInfo is what the layers of one request share: its ID, a logger
// that stamps the ID on every line, and the route template the router
// matched (filled in by recordRoute, read by the access log and metrics).
// Only the goroutine serving the request touches it.
type requestInfo struct {
	id    string
	log   *slog.Logger
	route string
}

type requestInfoKey struct{}

// infoFrom returns the request's shared info; requests that did not come
// through identify get an empty one with a discarding logger.
func infoFrom(ctx context.Context) *requestInfo {
	if info, ok := ctx.Value(requestInfoKey{}).(*requestInfo); ok {
		return info
	}
	return &requestInfo{log: slog.New(slog.DiscardHandler)}
}

// logger is the server's logger with the request ID of r attached.
func (s *Server) logger(r *http.Request) *slog.Logger {
	if info, ok := r.Context().Value(requestInfoKey{}).(*requestInfo); ok {
		return info.log
	}
	return s.log
}

// identify gives every request an ID, reusing a sane incoming X-Request-ID
// so a request can be traced across proxies, and sends it back on the
// response. It also sets the headers every answer shares.
func (s *Server) identify(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(requestIDHeader)
		if !saneRequestID(id) {
			id = rand.Text()
		}
		info := &requestInfo{id: id, log: s.log.With("request_id", id)}
		h := w.Header()
		h.Set(requestIDHeader, id)
		h.Set("X-Content-Type-Options", "nosniff")
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestInfoKey{}, info)))
	})
}

// saneRequestID accepts 1–64 characters of letters, digits and . _ : -,
// which keeps log lines and headers free of anything a client could abuse.
func saneRequestID(id string) bool {
	if id == "" || len(id) > maxRequestIDLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			c == '.' || c == '_' || c == ':' || c == '-'
		if !ok {
			return false
		}
	}
	return true
}
