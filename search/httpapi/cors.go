package httpapi

import (
	"net/http"
	"strings"
)

// CORS answers: what a browser page from an allowed origin may do and see.
const (
	corsAllowMethods  = "GET, HEAD"
	corsAllowHeaders  = "Accept, Accept-Language, Content-Type, If-None-Match, X-Request-ID"
	corsExposeHeaders = "ETag, X-Request-ID"
	corsMaxAge        = "600"
)

// corsPolicy is the set of origins allowed to call the API from a browser.
type corsPolicy struct {
	any     bool            // "*" was configured
	origins map[string]bool // lower-cased origins, without a trailing slash
}

// newCORSPolicy reads the configured origins ("https://example.org", "*").
func newCORSPolicy(origins []string) corsPolicy {
	p := corsPolicy{origins: make(map[string]bool, len(origins))}
	for _, o := range origins {
		o = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(o)), "/")
		switch o {
		case "":
		case "*":
			p.any = true
		default:
			p.origins[o] = true
		}
	}
	return p
}

// enabled reports whether any origin is allowed at all.
func (p corsPolicy) enabled() bool { return p.any || len(p.origins) > 0 }

// allows reports whether origin may call the API.
func (p corsPolicy) allows(origin string) bool {
	return origin != "" && (p.any || p.origins[strings.ToLower(origin)])
}

// handleCORS adds CORS headers for allowed origins and answers preflight
// requests itself (204) before routing; other origins get no CORS header,
// so browsers keep their pages from reading our answers.
func (s *Server) handleCORS(next http.Handler) http.Handler {
	if !s.cors.enabled() {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		h := w.Header()
		allowed := s.cors.allows(origin)
		if s.cors.any {
			origin = "*" // the same answer for everyone: no Vary needed
		} else {
			h.Add("Vary", "Origin")
		}
		if allowed {
			h.Set("Access-Control-Allow-Origin", origin)
			h.Set("Access-Control-Expose-Headers", corsExposeHeaders)
		}
		if !isPreflight(r) {
			next.ServeHTTP(w, r)
			return
		}
		infoFrom(r.Context()).route = "preflight"
		if allowed {
			h.Set("Access-Control-Allow-Methods", corsAllowMethods)
			h.Set("Access-Control-Allow-Headers", corsAllowHeaders)
			h.Set("Access-Control-Max-Age", corsMaxAge)
		}
		h.Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusNoContent)
	})
}

// isPreflight reports whether r is a browser's CORS preflight request.
func isPreflight(r *http.Request) bool {
	return r.Method == http.MethodOptions && r.Header.Get("Origin") != "" &&
		r.Header.Get("Access-Control-Request-Method") != ""
}
