package httpapi

import (
	"net/http"
	"strings"

	"github.com/gorilla/mux"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// allowHeader is the Allow header of a 405 answer: every route is read-only.
const allowHeader = "GET, HEAD"

// routes builds the router. Its templates are exactly the paths of the
// OpenAPI document (openapi.json); a test holds the two together.
func (s *Server) routes() *mux.Router {
	r := mux.NewRouter()
	r.Use(recordRoute)
	// Every route answers GET and HEAD (GET without the body) and no other.
	readMethods := []string{http.MethodGet, http.MethodHead}

	// Full paths rather than a /api/v1 subrouter: mux 1.8.1 loses a method
	// mismatch inside a subrouter and answers 404 where 405 is due.
	r.HandleFunc("/api/v1/search", s.handleSearch).Methods(readMethods...)
	r.HandleFunc("/api/v1/suggest", s.handleSuggest).Methods(readMethods...)
	r.HandleFunc("/api/v1/commitments/{id}", s.handleCommitment).Methods(readMethods...)
	r.HandleFunc("/api/v1/commitments/{id}/history", s.handleHistory).Methods(readMethods...)
	r.HandleFunc("/api/v1/changes", s.handleChanges).Methods(readMethods...)
	r.HandleFunc("/api/v1/openapi.json", s.handleOpenAPI).Methods(readMethods...)

	r.HandleFunc("/feeds/search.atom", s.handleFeed).Methods(readMethods...)

	r.HandleFunc("/healthz", s.handleHealth).Methods(readMethods...)
	r.HandleFunc("/readyz", s.handleReady).Methods(readMethods...)
	r.Handle("/metrics", s.metrics.handler()).Methods(readMethods...)

	if s.cfg.Page != nil {
		// The page and its assets own every path outside the API. The
		// matcher comes first: a matcher that succeeds would make mux forget
		// an earlier method mismatch.
		r.MatcherFunc(outsideAPI).PathPrefix("/").Handler(s.admitPage(s.cfg.Page)).Methods(readMethods...)
	} else {
		r.HandleFunc("/", s.handleBuiltinPage).Methods(readMethods...)
	}

	r.NotFoundHandler = http.HandlerFunc(s.handleNotFound)
	r.MethodNotAllowedHandler = http.HandlerFunc(s.handleMethodNotAllowed)
	return r
}

// outsideAPI keeps unknown /api/ paths away from the page handler, so they
// get a JSON 404 rather than a web page.
func outsideAPI(r *http.Request, _ *mux.RouteMatch) bool {
	return r.URL.Path != "/api" && !strings.HasPrefix(r.URL.Path, "/api/")
}

// recordRoute notes the matched route template for the access log and the
// metrics, which run outside the router and see only the raw path.
func recordRoute(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if route := mux.CurrentRoute(r); route != nil {
			if tpl, err := route.GetPathTemplate(); err == nil {
				infoFrom(r.Context()).route = tpl
			}
		}
		next.ServeHTTP(w, r)
	})
}

// handleNotFound answers paths no route has: one not-found answer per
// surface, JSON not_found under /api/, an HTML page elsewhere (the page
// handler answers its own paths; this one serves when it is not built in).
func (s *Server) handleNotFound(w http.ResponseWriter, r *http.Request) {
	if outsideAPI(r, nil) {
		s.handleBuiltinNotFound(w, r)
		return
	}
	s.writeError(w, r, ogp.Errorf(ogp.ENotFound, "no such endpoint"))
}

func (s *Server) handleMethodNotAllowed(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Allow", allowHeader)
	s.writeError(w, r, ogp.Errorf(codeMethodNotAllowed, "method %s is not allowed here; use GET", r.Method))
}
