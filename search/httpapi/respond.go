package httpapi

import (
	"bytes"
	"net/http"
	"strconv"
)

// bufferedWriter holds a handler's answer until it is complete, so that its
// ETag can be computed and its encoding chosen before anything is sent.
// Headers go straight to the real response's header map.
type bufferedWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferedWriter) Header() http.Header { return b.header }

func (b *bufferedWriter) WriteHeader(status int) {
	if b.status == 0 && status >= 200 {
		b.status = status
	}
}

func (b *bufferedWriter) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	return b.body.Write(p)
}

// respond buffers the answer of next, then sends it once: with a strong
// ETag (and 304 Not Modified when the client already holds it) and gzipped
// when the client accepts it and the body is worth compressing. Answers are
// small (a page of at most 100 hits), so buffering them costs little.
func (s *Server) respond(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		bw := &bufferedWriter{header: w.Header()}
		next.ServeHTTP(bw, r)
		status := bw.status
		if status == 0 {
			status = http.StatusOK
		}
		s.send(w, r, status, bw.body.Bytes())
	})
}

// send writes one complete answer.
func (s *Server) send(w http.ResponseWriter, r *http.Request, status int, body []byte) {
	h := w.Header()
	gzipped := false
	if compressible(h) {
		h.Add("Vary", "Accept-Encoding")
		gzipped = status == http.StatusOK && len(body) >= gzipMinBytes && acceptsGzip(r.Header.Get("Accept-Encoding"))
	}
	if cacheable(r, status, h) {
		tag := s.etag(body, gzipped)
		h.Set("ETag", tag)
		if etagMatches(r.Header.Get("If-None-Match"), tag) {
			notModified(w)
			return
		}
	}
	if gzipped {
		body = s.gzip.compress(body)
		h.Set("Content-Encoding", "gzip")
	}
	if bodyAllowed(status) {
		h.Set("Content-Length", strconv.Itoa(len(body)))
	} else {
		h.Del("Content-Length")
	}
	w.WriteHeader(status)
	if r.Method != http.MethodHead && bodyAllowed(status) {
		_, _ = w.Write(body)
	}
}

// bodyAllowed reports whether a response with status may carry a body.
func bodyAllowed(status int) bool {
	return status >= 200 && status != http.StatusNoContent && status != http.StatusNotModified
}
