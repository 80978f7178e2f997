package httpapi

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
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
// of the index version and the body, the time the search took left out
// (see withoutTook), so that the same answer gets the same tag every time.
// The gzipped representation is a different sequence of bytes, so it gets
// a different tag.
func (s *Server) etag(body []byte, gzipped bool) string {
	_, version := s.searcher.Stats()
	h := sha256.New()
	h.Write([]byte(version))
	h.Write([]byte{0})
	writeWithoutTook(h, body)
	tag := `"` + hex.EncodeToString(h.Sum(nil)[:16])
	if gzipped {
		tag += "-gzip"
	}
	return tag + `"`
}

// tookKey is the member of a search answer that changes with every request
// (ogp.SearchResult.TookMS), in the API's JSON and in the page's state
// alike. Inside a JSON string a quote is escaped, so these bytes only ever
// start the member itself.
var tookKey = []byte(`"took_ms":`)

// writeWithoutTook writes body to w with the value of every "took_ms"
// member left out: the time a search took is not part of what the answer
// says. A client given 304 keeps its copy, with the time of the first
// answer.
func writeWithoutTook(w io.Writer, body []byte) {
	for {
		i := bytes.Index(body, tookKey)
		if i < 0 {
			_, _ = w.Write(body)
			return
		}
		i += len(tookKey)
		_, _ = w.Write(body[:i])
		body = body[i:]
		n := 0
		for n < len(body) && strings.IndexByte("0123456789+-.eE", body[n]) >= 0 {
			n++
		}
		body = body[n:]
	}
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
