package httpapi

import (
	"log/slog"
	"net/http"
	"time"
)

// unmatchedRoute labels requests no route took (unknown paths, refused
// requests), so arbitrary paths never become metric labels.
const unmatchedRoute = "unmatched"

// recorder remembers the status and size of what a handler sent.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (rec *recorder) WriteHeader(status int) {
	if rec.status == 0 && status >= 200 {
		rec.status = status
	}
	rec.ResponseWriter.WriteHeader(status)
}

func (rec *recorder) Write(p []byte) (int, error) {
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	n, err := rec.ResponseWriter.Write(p)
	rec.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (rec *recorder) Unwrap() http.ResponseWriter { return rec.ResponseWriter }

// headerSent reports whether the status line already went out, after which
// an error answer can no longer be sent.
func (rec *recorder) headerSent() bool { return rec.status != 0 }

// observe writes one access log line per request (method, route, path,
// status, bytes, duration; the request ID comes with the logger) and feeds
// the request metrics. It runs deferred, so aborted requests count too.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &recorder{ResponseWriter: w}
		s.metrics.inFlight.Inc()
		defer func() {
			s.metrics.inFlight.Dec()
			elapsed := time.Since(start)
			status := rec.status
			if status == 0 {
				status = http.StatusOK // what net/http sends for a silent handler
			}
			route := infoFrom(r.Context()).route
			if route == "" {
				route = unmatchedRoute
			}
			s.metrics.observe(route, status, elapsed)
			level := slog.LevelInfo
			if status >= 500 {
				level = slog.LevelWarn
			}
			s.logger(r).LogAttrs(r.Context(), level, "request",
				slog.String("method", r.Method),
				slog.String("route", route),
				slog.String("path", r.URL.Path),
				slog.Int("status", status),
				slog.Int64("bytes", rec.bytes),
				slog.Duration("duration", elapsed),
			)
		}()
		next.ServeHTTP(rec, r)
	})
}
