package fixturesite

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ogpsearch/ogpsearch/internal/sample"
)

// pageKey names one language page of a commitment.
type pageKey struct{ id, lang string }

// baseModTime is the Last-Modified of every page never changed by SetPage;
// each change adds an hour.
var baseModTime = time.Date(2024, 3, 1, 9, 30, 0, 0, time.UTC)

// copySite deep-copies a site so that SetPage never touches the caller's.
func copySite(site *sample.Site) *sample.Site {
	out := &sample.Site{}
	if site == nil {
		return out
	}
	for _, c := range site.Commitments {
		c.PolicyAreas = slices.Clone(c.PolicyAreas)
		c.RelevantValues = slices.Clone(c.RelevantValues)
		pages := make(map[string]sample.Page, len(c.Pages))
		for l, p := range c.Pages {
			pages[l] = copyPage(p)
		}
		c.Pages = pages
		out.Commitments = append(out.Commitments, c)
	}
	return out
}

// copyPage copies the slices of a page.
func copyPage(p sample.Page) sample.Page {
	p.IRMReports = slices.Clone(p.IRMReports)
	p.Description = slices.Clone(p.Description)
	p.IRMSummary = slices.Clone(p.IRMSummary)
	return p
}

// SetPage changes the text of the page of commitment id in lang and bumps
// its ETag and Last-Modified, for re-crawl tests. mutate gets a copy it may
// change freely. It panics when the page does not exist.
func (s *Server) SetPage(id, lang string, mutate func(*sample.Page)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.site.Commitments {
		c := &s.site.Commitments[i]
		if p, ok := c.Pages[lang]; ok && c.ID == id {
			p = copyPage(p)
			mutate(&p)
			c.Pages[lang] = p
			s.versions[pageKey{id, lang}]++
			return
		}
	}
	panic(fmt.Sprintf("fixturesite: SetPage: no page %s/%s", id, lang))
}

// serveCommitment answers a commitment URL: the page with validators, 304
// when the client's copy is current, gzip when accepted, and the hostile
// behaviours of the page when enabled.
func (s *Server) serveCommitment(w http.ResponseWriter, r *http.Request, rt route) {
	id := strings.ToUpper(rt.id)
	if rt.member == "canada" && id == "CA0099" {
		writeBody(w, "text/html; charset=UTF-8", simplePage(rt.lang, "Draft (CA0099)", "", s.base, r.URL.Path, nil, nil))
		return
	}
	if s.opts.Hostile && s.serveHostileLink(w, r, rt.lang, rt.member, id) {
		return
	}
	key := pageKey{id, rt.lang}
	s.mu.RLock()
	c, ok := s.site.Find(id)
	_, hasLang := c.Pages[rt.lang]
	s.mu.RUnlock()
	if !ok || c.Member != rt.member || !hasLang {
		s.notFound(w, rt.lang)
		return
	}
	if s.opts.Hostile && !s.hostileGate(w, r, key) {
		return
	}
	s.mu.RLock()
	c, _ = s.site.Find(id)
	body, contentType := s.renderPage(c, rt.lang)
	version := s.versions[key]
	s.mu.RUnlock()

	etag := fmt.Sprintf("%08x%08x", hash("etag", id, rt.lang, strconv.Itoa(version)), hash("etag2", id, rt.lang, strconv.Itoa(version)))
	modified := baseModTime.Add(time.Duration(version) * time.Hour)
	gz := acceptsGzip(r)
	h := w.Header()
	h.Set("Last-Modified", modified.Format(http.TimeFormat))
	h.Set("Vary", "Accept-Encoding")
	if gz {
		h.Set("ETag", `"`+etag+`-gzip"`)
	} else {
		h.Set("ETag", `"`+etag+`"`)
	}
	if notModified(r, etag, modified) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if gz {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write(body)
		zw.Close()
		body = buf.Bytes()
		h.Set("Content-Encoding", "gzip")
	}
	writeBody(w, contentType, body)
}

// renderPage renders a commitment page in the encoding the hostile plan
// gives it, with its Content-Type.
func (s *Server) renderPage(c sample.Commitment, lang string) ([]byte, string) {
	st := pageStyle(c, lang, MarkupFor(c.ID))
	switch s.plan.encodingOf(pageKey{c.ID, lang}) {
	case "euc-kr":
		return encodeEUCKR(renderCommitment(s.site, c, lang, st, "", s.base)), "text/html"
	case "windows-1252":
		st.windows1252 = true
		return encodeWindows1252(renderCommitment(s.site, c, lang, st, metaWindows1252, s.base)), "text/html"
	}
	return renderCommitment(s.site, c, lang, st, charsetUTF8, s.base), "text/html; charset=UTF-8"
}

// notModified applies If-None-Match (any of the listed tags, weak or gzip
// form) or, without it, If-Modified-Since.
func notModified(r *http.Request, etag string, modified time.Time) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for _, t := range strings.Split(inm, ",") {
			t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
			if t == "*" || t == `"`+etag+`"` || t == `"`+etag+`-gzip"` {
				return true
			}
		}
		return false
	}
	if ims := r.Header.Get("If-Modified-Since"); ims != "" {
		if t, err := http.ParseTime(ims); err == nil && !modified.After(t) {
			return true
		}
	}
	return false
}

// acceptsGzip reports whether Accept-Encoding allows gzip.
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") {
			q := strings.ReplaceAll(params, " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
		}
	}
	return false
}
