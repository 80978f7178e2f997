// Package fixturesite serves the sample OGP site (internal/sample) over
// local HTTP the way the spec models the real site: member indexes, member
// pages and commitment pages in several languages and three markups, a
// robots.txt with a crawler trap, duplicate links, conditional requests and
// gzip, and, when asked, hostile behaviours (retried statuses, a slow page,
// legacy encodings, redirect loops, an oversized page). Crawler tests run
// against it; Render gives the same pages without a server.
package fixturesite

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/ogpsearch/ogpsearch/internal/sample"
)

// Server is a running fixture site on 127.0.0.1.
type Server struct {
	opts      Options
	ts        *httptest.Server
	base      string
	closing   chan struct{}
	closeOnce sync.Once
	banned    atomic.Bool
	rec       recorder

	mu       sync.RWMutex // guards site and versions
	site     *sample.Site
	versions map[pageKey]int

	plan  hostilePlan
	traps traps
	hitMu sync.Mutex
	hits  map[pageKey]int
}

// New starts a fixture server for a copy of site (later changes to site do
// not show; use SetPage) on 127.0.0.1 with a free port.
func New(site *sample.Site, opts Options) *Server {
	s := &Server{
		opts: opts.withDefaults(), closing: make(chan struct{}), site: copySite(site),
		versions: map[pageKey]int{}, hits: map[pageKey]int{},
	}
	if s.opts.Hostile {
		s.plan = planHostile(s.site)
	}
	s.ts = httptest.NewUnstartedServer(s)
	s.base = "http://" + s.ts.Listener.Addr().String()
	s.ts.Start()
	return s
}

// URL returns the base URL, e.g. http://127.0.0.1:4711 (no trailing slash).
func (s *Server) URL() string { return s.base }

// Close stops the server: a slow page still waiting answers at once and
// connections still open (a stalled oversized download) are cut.
func (s *Server) Close() {
	s.closeOnce.Do(func() { close(s.closing) })
	s.ts.CloseClientConnections()
	s.ts.Close()
}

// Requests returns every request received so far, in arrival order.
func (s *Server) Requests() []Request { return s.rec.snapshot() }

// MaxInFlight returns the highest number of requests served at once.
func (s *Server) MaxInFlight() int { return s.rec.peak() }

// Banned reports whether a trap URL was requested. From then on every
// request is answered 403.
func (s *Server) Banned() bool { return s.banned.Load() }

// ServeHTTP records the request, enforces the ban and dispatches.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	i := s.rec.start(r)
	sw := &statusWriter{ResponseWriter: w}
	defer func() { s.rec.finish(i, sw.status) }()
	if isTrap(r.URL) {
		s.banned.Store(true)
	}
	if s.banned.Load() {
		sw.Header().Set("Connection", "close")
		sw.Header().Set("Content-Type", "text/html; charset=UTF-8")
		sw.WriteHeader(http.StatusForbidden)
		sw.Write([]byte("<h1>You have been banned from this site.</h1>"))
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		sw.Header().Set("Allow", "GET, HEAD")
		http.Error(sw, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	s.dispatch(sw, r)
}

// isTrap reports whether a URL is a trap URL: "blackhole" anywhere in its
// path or query, raw or decoded, in any case.
func isTrap(u *url.URL) bool {
	s := u.Path + "?" + u.RawQuery
	if q, err := url.QueryUnescape(u.RawQuery); err == nil {
		s += "?" + q
	}
	return strings.Contains(strings.ToLower(s), "blackhole")
}

// dispatch answers a request by URL shape.
func (s *Server) dispatch(w http.ResponseWriter, r *http.Request) {
	if s.opts.Traps && s.serveTrap(w, r) {
		return
	}
	path := r.URL.Path
	switch {
	case path == "/robots.txt":
		if s.opts.RobotsStatus != 0 {
			http.Error(w, http.StatusText(s.opts.RobotsStatus), s.opts.RobotsStatus)
			return
		}
		writeBody(w, "text/plain; charset=UTF-8", robotsTxt(s.base, s.opts.CrawlDelay))
		return
	case path == "/wp-sitemap.xml":
		s.mu.RLock()
		body := sitemapXML(s.site, s.base)
		s.mu.RUnlock()
		writeBody(w, "application/xml; charset=UTF-8", body)
		return
	case strings.HasPrefix(path, "/private/"):
		writeBody(w, "text/html; charset=UTF-8", simplePage("en", text("en", "staff"), "", s.base, path, nil, nil))
		return
	}
	rt := parseRoute(path)
	if rt.kind == "" {
		s.notFound(w, rt.lang)
		return
	}
	if !rt.slash {
		u := path + "/"
		if r.URL.RawQuery != "" {
			u += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, u, http.StatusMovedPermanently)
		return
	}
	page := rt.page
	if q := r.URL.Query().Get("page"); q != "" && page == 0 {
		n, err := strconv.Atoi(q)
		if err != nil || n < 1 {
			s.notFound(w, rt.lang)
			return
		}
		page = n
	}
	page = max(page, 1)
	var body []byte
	ok := true
	s.mu.RLock()
	switch rt.kind {
	case "home":
		langs := siteLanguages(s.site.Commitments)
		ok = rt.lang == "en" || hasLanguage(langs, rt.lang)
		body = homePage(rt.lang, s.base, langs)
	case "members":
		body, ok = renderMembers(s.site, rt.lang, page, s.base)
	case "member":
		body, ok = renderMember(s.site, rt.member, rt.lang, page, s.opts.PageSize, s.base, s.opts.Hostile)
	}
	s.mu.RUnlock()
	switch {
	case rt.kind == "commitment":
		s.serveCommitment(w, r, rt)
	case !ok:
		s.notFound(w, rt.lang)
	default:
		writeBody(w, "text/html; charset=UTF-8", body)
	}
}

// notFound answers 404 with a small page.
func (s *Server) notFound(w http.ResponseWriter, lang string) {
	w.Header().Set("Content-Type", "text/html; charset=UTF-8")
	w.WriteHeader(http.StatusNotFound)
	w.Write(notFoundPage(lang))
}

// writeBody answers 200 with a body of the given type.
func writeBody(w http.ResponseWriter, contentType string, body []byte) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	w.Write(body)
}
