package httpapi

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
)

// cacheControl is the Cache-Control of successful API answers: reusable for
// Config.CacheMaxAge, then revalidated by ETag.
func (s *Server) cacheControl() string {
	if s.cfg.CacheMaxAge < 0 {
		return "no-cache"
	}
	return "public, max-age=" + strconv.Itoa(int(s.cfg.CacheMaxAge.Seconds()))
}

// cacheable reports whether an answer gets our ETag: a successful GET or
// HEAD whose handler neither set its own ETag nor forbade storing it.
func cacheable(r *http.Request, status int, h http.Header) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false
	}
	return status == http.StatusOK && h.Get("ETag") == "" &&
		!strings.Contains(h.Get("Cache-Control"), "no-store")
}

// etag is a strong validator of body as served by the current index: a hash
// of the index version and the body. The gzipped representation is a
// different sequence of bytes, so it gets a different tag.
func (s *Server) etag(body []byte, gzipped bool) string {
	_, version := s.searcher.Stats()
	h := sha256.New()
	h.Write([]byte(version))
	h.Write([]byte{0})
	h.Write(body)
	tag := `"` + hex.EncodeToString(h.Sum(nil)[:16])
	if gzipped {
		tag += "-gzip"
	}
	return tag + `"`
}

// etagMatches applies If-None-Match (RFC 9110 §13.1.2): "*" or any listed
// tag equal to tag under weak comparison.
func etagMatches(ifNoneMatch, tag string) bool {
	if ifNoneMatch == "" {
		return false
	}
	for _, t := range strings.Split(ifNoneMatch, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == tag {
			return true
		}
	}
	return false
}

// notModified answers 304: the validators and caching headers stay, the
// body and its description go.
func notModified(w http.ResponseWriter) {
	h := w.Header()
	for _, k := range []string{"Content-Type", "Content-Length", "Content-Encoding"} {
		h.Del(k)
	}
	w.WriteHeader(http.StatusNotModified)
}
