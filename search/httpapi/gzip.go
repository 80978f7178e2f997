package httpapi

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// gzipMinBytes is the smallest body worth compressing: below it, gzip's
// header and the CPU cost outweigh the bytes saved.
const gzipMinBytes = 1024

// gzipPool reuses gzip writers, whose compression state is large.
type gzipPool struct {
	pool sync.Pool
}

// compress returns body gzipped.
func (p *gzipPool) compress(body []byte) []byte {
	var buf bytes.Buffer
	buf.Grow(len(body)/3 + 64)
	zw, ok := p.pool.Get().(*gzip.Writer)
	if ok {
		zw.Reset(&buf)
	} else {
		zw = gzip.NewWriter(&buf)
	}
	_, _ = zw.Write(body) // writes to a bytes.Buffer do not fail
	_ = zw.Close()
	p.pool.Put(zw)
	return buf.Bytes()
}

// compressible reports whether an answer is text worth compressing and not
// already encoded by its handler.
func compressible(h http.Header) bool {
	if h.Get("Content-Encoding") != "" {
		return false
	}
	ct := h.Get("Content-Type")
	for _, prefix := range []string{"application/json", "application/atom+xml", "text/", "application/javascript", "image/svg+xml"} {
		if strings.HasPrefix(ct, prefix) {
			return true
		}
	}
	return false
}

// acceptsGzip reads an Accept-Encoding header: gzip acceptable with q > 0,
// named or through "*" (a named gzip wins over "*").
func acceptsGzip(header string) bool {
	gzipQ, anyQ := -1.0, -1.0
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(part, ";")
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "gzip", "x-gzip":
			gzipQ = qualityOf(params)
		case "*":
			anyQ = qualityOf(params)
		}
	}
	if gzipQ >= 0 {
		return gzipQ > 0
	}
	return anyQ > 0
}

// qualityOf returns the q value of header parameters such as " q=0.5";
// missing or unreadable means 1.
func qualityOf(params string) float64 {
	for _, p := range strings.Split(params, ";") {
		k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
		if !ok || strings.ToLower(strings.TrimSpace(k)) != "q" {
			continue
		}
		if q, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
			return q
		}
	}
	return 1
}
