package search

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/gorilla/mux"

	"github.com/ogpsearch/ogpsearch/internal"
)

// Server serves the web page and the HTTP API over a Store.
type Server struct {
	store  *Store
	log    *slog.Logger
	router *mux.Router
	http   *http.Server
	ln     net.Listener
}

// NewServer builds the routes over store.
func NewServer(store *Store, log *slog.Logger) *Server {
	s := &Server{store: store, log: log, router: mux.NewRouter()}
	s.router.Use(s.recoverPanics)
	s.router.HandleFunc("/healthz", s.handleHealth).Methods(http.MethodGet, http.MethodHead)
	s.router.HandleFunc("/readyz", s.handleReady).Methods(http.MethodGet, http.MethodHead)
	api := s.router.PathPrefix("/api/v1").Subrouter()
	api.HandleFunc("/commitments/{id}", s.handleCommitment).Methods(http.MethodGet, http.MethodHead)
	s.router.HandleFunc("/", s.handlePage).Methods(http.MethodGet, http.MethodHead)
	s.router.NotFoundHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, r, internal.Errorf(internal.ENotFound, "no such endpoint: %s", r.URL.Path))
	})
	s.router.MethodNotAllowedHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, r, internal.Errorf(internal.EInvalid, "method %s not allowed here", r.Method))
	})
	return s
}

// ServeHTTP makes the server usable with httptest.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.router.ServeHTTP(w, r) }

// Open listens on addr at once, so a taken port fails here, and serves in
// the background.
func (s *Server) Open(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	s.ln = ln
	s.http = &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	go func() {
		if err := s.http.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error("server stopped", "err", err)
		}
	}()
	return nil
}

// Addr is the address the server listens on.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Close stops accepting connections and lets in-flight requests finish.
func (s *Server) Close(ctx context.Context) error {
	if s.http == nil {
		return nil
	}
	return s.http.Shutdown(ctx)
}

func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				s.log.Error("panic in handler", "path", r.URL.Path, "panic", fmt.Sprint(v))
				s.writeError(w, r, errors.New("panic"))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// statusOf maps error codes to HTTP statuses.
var statusOf = map[string]int{
	internal.EInvalid:     http.StatusBadRequest,
	internal.ENotFound:    http.StatusNotFound,
	internal.EUnavailable: http.StatusServiceUnavailable,
	internal.EInternal:    http.StatusInternalServerError,
}

// writeError answers {"error":{"code","message"}}; internal errors are
// logged and shown only as "internal error".
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	code := internal.ErrorCode(err)
	if code == internal.EInternal {
		s.log.Error("request failed", "path", r.URL.Path, "err", err)
	}
	writeJSON(w, statusOf[code], map[string]any{"error": map[string]string{"code": code, "message": internal.ErrorMessage(err)}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}
