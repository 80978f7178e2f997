package fixturesite

import (
	"net/http"
	"sync"
	"time"
)

// Request is one request the server received, as the crawler sent it.
type Request struct {
	Method, Path, RawQuery, UserAgent string
	Header                            http.Header
	// Start is when the request arrived; End when its answer was written
	// (zero while it is still in flight).
	Start, End time.Time
	// Status is the status code answered (0 while in flight).
	Status int
}

// recorder keeps every request in arrival order and tracks concurrency.
type recorder struct {
	mu          sync.Mutex
	reqs        []Request
	inFlight    int
	maxInFlight int
}

// start records the arrival of r and returns its index.
func (rc *recorder) start(r *http.Request) int {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.reqs = append(rc.reqs, Request{
		Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery, UserAgent: r.UserAgent(),
		Header: r.Header.Clone(), Start: time.Now(),
	})
	rc.inFlight++
	rc.maxInFlight = max(rc.maxInFlight, rc.inFlight)
	return len(rc.reqs) - 1
}

// finish records the answer of request i.
func (rc *recorder) finish(i, status int) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.reqs[i].End, rc.reqs[i].Status = time.Now(), status
	rc.inFlight--
}

// snapshot copies the requests recorded so far.
func (rc *recorder) snapshot() []Request {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	out := make([]Request, len(rc.reqs))
	copy(out, rc.reqs)
	for i := range out {
		out[i].Header = out[i].Header.Clone()
	}
	return out
}

// peak returns the highest number of concurrent requests seen.
func (rc *recorder) peak() int {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return rc.maxInFlight
}

// statusWriter remembers the status code written through it.
type statusWriter struct {
	http.ResponseWriter
	status int
}

// WriteHeader records the status and passes it on.
func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

// Write records an implicit 200 and passes the bytes on.
func (w *statusWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(p)
}
