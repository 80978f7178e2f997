package httpapi

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
)

// Server serves the HTTP API over a Searcher. Build it with New, start it
// with Open and stop it with Close; it is also an http.Handler, so tests and
// other servers may mount it directly.
type Server struct {
	searcher Searcher
	cfg      Config
	log      *slog.Logger
	metrics  *metrics
	cors     corsPolicy
	gzip     gzipPool
	handler  http.Handler // the router inside the middleware chain
	searches admission    // bounds the searches running at once

	mu   sync.Mutex
	http *http.Server
	ln   net.Listener
}

// New builds a server over searcher; zero settings in cfg take their
// defaults. A nil log discards log lines. New panics when searcher or
// cfg.ParseRequest is nil: both are programming errors.
func New(searcher Searcher, cfg Config, log *slog.Logger) *Server {
	if searcher == nil {
		panic("httpapi.New: nil Searcher")
	}
	if cfg.ParseRequest == nil {
		panic("httpapi.New: Config.ParseRequest is required")
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Server{
		searcher: searcher,
		cfg:      cfg.withDefaults(),
		log:      log,
		metrics:  newMetrics(searcher, cfg.Build),
		cors:     newCORSPolicy(cfg.CORSOrigins),
	}
	s.searches = newAdmission(s.cfg.MaxSearches, s.cfg.SearchQueueWait)
	s.handler = s.middleware(s.routes())
	return s
}

// middleware wraps h in the cross-cutting layers, outermost first: request
// ID and per-request logger, access log and metrics, panic recovery, CORS,
// request size limits, then caching and compression of the buffered answer.
func (s *Server) middleware(h http.Handler) http.Handler {
	h = s.respond(h)
	h = s.limitRequests(h)
	h = s.handleCORS(h)
	h = s.recoverPanics(h)
	h = s.observe(h)
	return s.identify(h)
}

// ServeHTTP answers one request through the full middleware chain.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handler.ServeHTTP(w, r)
}

// Open listens on Config.Addr at once, so a taken port fails here, and
// serves in the background until Close. A server opens at most once.
func (s *Server) Open() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.http != nil {
		return errors.New("httpapi.Open: server already opened")
	}
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return fmt.Errorf("httpapi.Open: listen on %s: %w", s.cfg.Addr, err)
	}
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: s.cfg.ReadHeaderTimeout,
		ReadTimeout:       s.cfg.ReadTimeout,
		WriteTimeout:      s.cfg.WriteTimeout,
		IdleTimeout:       s.cfg.IdleTimeout,
		MaxHeaderBytes:    serverHeaderLimit(s.cfg), // limitRequests enforces cfg.MaxHeaderBytes, in JSON
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	s.ln, s.http = ln, srv
	go func() {
		if err := srv.Serve(refusingListener{Listener: ln, s: s}); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error("http server stopped", "err", err)
		}
	}()
	s.log.Info("listening", "addr", ln.Addr().String())
	return nil
}

// Addr is the address the server listens on once open (with the real port
// when Config.Addr asked for port 0), else the configured address.
func (s *Server) Addr() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ln == nil {
		return s.cfg.Addr
	}
	return s.ln.Addr().String()
}

// Close stops accepting connections and waits for in-flight requests to
// finish. When ctx ends first, the remaining connections are cut and the
// context's error is returned. Closing a server never opened does nothing.
func (s *Server) Close(ctx context.Context) error {
	s.mu.Lock()
	srv := s.http
	s.mu.Unlock()
	if srv == nil {
		return nil
	}
	if err := srv.Shutdown(ctx); err != nil {
		_ = srv.Close()
		return fmt.Errorf("httpapi.Close: %w", err)
	}
	s.log.Info("stopped", "addr", s.Addr())
	return nil
}
