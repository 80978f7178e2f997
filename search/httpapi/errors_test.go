package httpapi

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// TestErrorAnswers drives every error status through the real server: each
// is JSON {"error":{"code","message"}}, not cached, with a request ID, and
// never shows internal details.
func TestErrorAnswers(t *testing.T) {
	ts := startServer(t, Config{RequestTimeout: 100 * time.Millisecond}, nil)
	longURL := "/api/v1/search?q=" + strings.Repeat("a", 8<<10)
	tests := []struct {
		name, method, path string
		body               string
		status             int
		code, message      string // message "" checks only that there is one
	}{
		{"bad size", "GET", "/api/v1/search?size=1000", "", 400, ogp.EInvalid, "size must be between 1 and 100"},
		{"bad lang", "GET", "/api/v1/suggest?q=a&lang=english", "", 400, ogp.EInvalid, ""},
		{"bad limit", "GET", "/api/v1/suggest?q=a&limit=0", "", 400, ogp.EInvalid, ""},
		{"long q", "GET", "/api/v1/suggest?q=" + strings.Repeat("a", 300), "", 400, ogp.EInvalid, ""},
		{"bad id", "GET", "/api/v1/commitments/0018", "", 400, ogp.EInvalid, "id must look like KR0018"},
		{"unknown commitment", "GET", "/api/v1/commitments/KR9999", "", 404, ogp.ENotFound, "no commitment KR9999"},
		{"unknown path", "GET", "/api/nope", "", 404, ogp.ENotFound, "no such endpoint"},
		{"unknown API path", "GET", "/api/v2/search", "", 404, ogp.ENotFound, ""},
		{"POST", "POST", "/api/v1/search", "", 405, codeMethodNotAllowed, ""},
		{"DELETE", "DELETE", "/healthz", "", 405, codeMethodNotAllowed, ""},
		{"body on GET", "GET", "/api/v1/search", "q=x", 413, codeTooLarge, "requests must not carry a body"},
		{"long URL", "GET", longURL, "", 414, codeTooLarge, ""},
		{"internal", "GET", "/api/v1/search?q=fail", "", 500, ogp.EInternal, "internal error"},
		{"suggest internal", "GET", "/api/v1/suggest?q=fail", "", 500, ogp.EInternal, "internal error"},
		{"deadline", "GET", "/api/v1/search?q=block", "", 503, ogp.EUnavailable, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, ts.base+tt.path, strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			if tt.body == "" {
				req.Body, req.ContentLength = http.NoBody, 0
			}
			start := time.Now()
			resp, body := send(t, req)
			checkErrorAnswer(t, resp, body, tt.status, tt.code, tt.message)
			if tt.status == 405 && resp.Header.Get("Allow") != "GET, HEAD" {
				t.Errorf("405 Allow = %q", resp.Header.Get("Allow"))
			}
			if tt.name == "deadline" && time.Since(start) > 2*time.Second {
				t.Errorf("deadline answer took %v with a 100ms request timeout", time.Since(start))
			}
		})
	}
	if !strings.Contains(ts.logs.String(), "disk on fire") {
		t.Error("the internal error's detail was not logged")
	}
}

// checkErrorAnswer checks the shape, status and headers of an error answer.
func checkErrorAnswer(t *testing.T, resp *http.Response, body []byte, status int, code, message string) {
	t.Helper()
	if resp.StatusCode != status {
		t.Fatalf("status %d, want %d: %s", resp.StatusCode, status, body)
	}
	gotCode, gotMsg := errorOf(t, body)
	if gotCode != code || gotMsg == "" || (message != "" && gotMsg != message) {
		t.Errorf("error %s %q, want %s %q", gotCode, gotMsg, code, message)
	}
	for _, leak := range []string{"/var/", "/srv/", "disk on fire", "goroutine", "boom", ".go:"} {
		if strings.Contains(string(body), leak) {
			t.Errorf("answer leaks %q: %s", leak, body)
		}
	}
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") ||
		resp.Header.Get("Cache-Control") != "no-store" || resp.Header.Get(requestIDHeader) == "" ||
		resp.Header.Get("ETag") != "" {
		t.Errorf("headers of an error answer: %v", resp.Header)
	}
}

// TestReadiness: 503 until the Searcher is ready, with the reason's code
// and its safe message, or only "not ready" when the reason is internal.
func TestReadiness(t *testing.T) {
	ts := startServer(t, Config{}, nil)
	ts.fake.setReady(ogp.Errorf(ogp.EUnavailable, "no index loaded yet"))
	resp, body := ts.get(t, "/readyz")
	checkErrorAnswer(t, resp, body, 503, ogp.EUnavailable, "no index loaded yet")

	ts.fake.setReady(errors.New("open /var/lib/ogpsearch/index: permission denied"))
	resp, body = ts.get(t, "/readyz")
	checkErrorAnswer(t, resp, body, 503, ogp.EUnavailable, "not ready")

	if resp, _ := ts.get(t, "/healthz"); resp.StatusCode != 200 {
		t.Errorf("healthz while not ready: %d, want 200 (alive)", resp.StatusCode)
	}
	ts.fake.setReady(nil)
	if resp, body := ts.get(t, "/readyz"); resp.StatusCode != 200 {
		t.Errorf("readyz once ready: %d %s", resp.StatusCode, body)
	}
}

// TestPanicRecovery: a Searcher that panics yields a 500 with the generic
// message; the panic and its stack are logged under the request ID, and the
// server goes on serving.
func TestPanicRecovery(t *testing.T) {
	ts := startServer(t, Config{}, nil)
	resp, body := ts.get(t, "/api/v1/search?q=panic", requestIDHeader+": panic-1")
	checkErrorAnswer(t, resp, body, 500, ogp.EInternal, "internal error")
	waitFor(t, "panic log", func() bool { return len(ts.logs.withID(t, "panic-1")) == 2 })
	lines := ts.logs.withID(t, "panic-1")
	if lines[0]["msg"] != "panic serving request" || !strings.Contains(lines[0]["stack"].(string), "goroutine") {
		t.Errorf("panic log line: %v", lines[0])
	}
	if lines[1]["status"] != float64(500) {
		t.Errorf("access line after panic: %v", lines[1])
	}
	if resp, _ := ts.get(t, "/api/v1/search?q=open"); resp.StatusCode != 200 {
		t.Errorf("after a panic: status %d", resp.StatusCode)
	}
}

// TestPanicInPage: a page handler that panics after writing part of its
// answer still yields a clean 500, since answers are buffered.
func TestPanicInPage(t *testing.T) {
	page := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte("<html>half a page"))
		panic("template broke")
	})
	ts := startServer(t, Config{Page: page}, nil)
	resp, body := ts.get(t, "/")
	checkErrorAnswer(t, resp, body, 500, ogp.EInternal, "internal error")
}
