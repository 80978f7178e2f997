package httpapi

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// TestETagSameForSameAnswer: two identical searches on one index version
// get the same ETag although the time each took differs, so the client's
// If-None-Match gets 304 — plain and gzipped alike.
func TestETagSameForSameAnswer(t *testing.T) {
	ts := startServer(t, Config{}, nil)
	const path = "/api/v1/search?q=open&size=30"
	for _, enc := range []string{"identity", "gzip"} {
		first, body1 := ts.get(t, path, "Accept-Encoding: "+enc)
		second, body2 := ts.get(t, path, "Accept-Encoding: "+enc)
		if enc == "identity" && string(body1) == string(body2) {
			t.Fatal("the fake's answers do not differ in took_ms: the test proves nothing")
		}
		tag := first.Header.Get("ETag")
		if tag == "" || second.Header.Get("ETag") != tag {
			t.Errorf("%s: ETags %s and %s for the same answer", enc, tag, second.Header.Get("ETag"))
		}
		resp, got := ts.get(t, path, "Accept-Encoding: "+enc, "If-None-Match: "+tag)
		if resp.StatusCode != http.StatusNotModified || len(got) != 0 {
			t.Errorf("%s: If-None-Match %s: status %d, %d bytes; want 304", enc, tag, resp.StatusCode, len(got))
		}
	}
	// The tag still follows the answer: another search, another tag.
	a, _ := ts.get(t, "/api/v1/search?q=open")
	b, _ := ts.get(t, "/api/v1/search?q=data")
	if a.Header.Get("ETag") == b.Header.Get("ETag") {
		t.Error("two different answers share an ETag")
	}
}

// TestAPIDoesNotVaryByLanguage: the API reads the language from lang only,
// never from Accept-Language, so its answers do not name it in Vary.
func TestAPIDoesNotVaryByLanguage(t *testing.T) {
	ts := startServer(t, Config{}, nil)
	for _, path := range []string{"/api/v1/search?q=open", "/api/v1/suggest?q=open", "/api/v1/commitments/KR0018"} {
		en, _ := ts.get(t, path, "Accept-Language: en")
		fr, _ := ts.get(t, path, "Accept-Language: fr")
		if en.Header.Get("ETag") != fr.Header.Get("ETag") {
			t.Errorf("%s: the answer depends on Accept-Language", path)
		}
		if vary := strings.Join(fr.Header.Values("Vary"), ","); strings.Contains(vary, "Accept-Language") {
			t.Errorf("%s: Vary %q names Accept-Language", path, vary)
		}
	}
}

// TestMalformedQueryString: a query string that does not decode is a 400
// invalid_argument, never a search with the bad parameter left out.
func TestMalformedQueryString(t *testing.T) {
	ts := startServer(t, Config{}, nil)
	for _, target := range []string{
		"/api/v1/search?q=%ZZ",
		"/api/v1/search?q=%",
		"/api/v1/search?q=open&member=%E",
		"/api/v1/search?q=a;b",
		"/api/v1/suggest?q=%ZZ",
		"/api/v1/commitments/KR0018?lang=%zz",
	} {
		t.Run(target, func(t *testing.T) {
			ts.fake.lastReq.Store(nil)
			resp, body := ts.get(t, target)
			checkErrorAnswer(t, resp, body, http.StatusBadRequest, ogp.EInvalid, "")
			if _, msg := errorOf(t, body); !strings.Contains(msg, "query string") {
				t.Errorf("message %q does not say what is wrong", msg)
			}
			if ts.fake.lastReq.Load() != nil {
				t.Error("the search ran")
			}
		})
	}
	if resp, body := ts.get(t, "/api/v1/search?q=%25ZZ"); resp.StatusCode != 200 || !strings.Contains(string(body), `"query":"%ZZ"`) {
		t.Errorf("a well-encoded %%ZZ: %d %.200s", resp.StatusCode, body)
	}
}

// TestUnknownPaths: one 404 per surface — JSON not_found under /api/, an
// HTML page elsewhere.
func TestUnknownPaths(t *testing.T) {
	ts := startServer(t, Config{}, nil)
	for _, path := range []string{"/api/v1/nope", "/api/v2/search", "/api"} {
		resp, body := ts.get(t, path)
		checkErrorAnswer(t, resp, body, http.StatusNotFound, ogp.ENotFound, "")
	}
	for _, path := range []string{"/nonexistent", "/assets/x", "/commitments/ZZ9999"} {
		resp, body := ts.get(t, path)
		if resp.StatusCode != http.StatusNotFound || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") ||
			!strings.Contains(string(body), "<html") {
			t.Errorf("GET %s: %d %s %.200s, want an HTML 404 page", path, resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
		if resp.Header.Get("ETag") != "" || resp.Header.Get(requestIDHeader) == "" {
			t.Errorf("GET %s: headers %v", path, resp.Header)
		}
	}
}

// rawAnswer writes raw bytes on a new connection (in the background: the
// server may answer before reading them all) and reads the whole answer.
func rawAnswer(t *testing.T, addr string, parts ...string) (*http.Response, []byte) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	go func() {
		for _, p := range parts {
			if _, err := io.WriteString(conn, p); err != nil {
				return
			}
		}
	}()
	_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no answer: %v", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read the answer: %v", err)
	}
	return resp, body
}

// TestOversizedRequestsAnswerJSON: a query string or headers beyond the
// limits get the API's JSON error (too_large), whatever their size — not
// the HTTP server's plain-text 431.
func TestOversizedRequestsAnswerJSON(t *testing.T) {
	ts := startServer(t, Config{}, nil)
	header := func(n int) string { return "X-Pad: " + strings.Repeat("h", n) + "\r\n" }
	cases := []struct {
		name   string
		parts  []string
		status int
	}{
		{"70 KB query string", []string{"GET /api/v1/search?q=" + strings.Repeat("a", 70<<10) + " HTTP/1.1\r\nHost: x\r\n\r\n"}, http.StatusRequestURITooLong},
		{"1 MB query string", []string{"GET /api/v1/search?q=" + strings.Repeat("a", 1<<20) + " HTTP/1.1\r\nHost: x\r\n\r\n"}, http.StatusRequestHeaderFieldsTooLarge},
		{"100 KB header", []string{"GET /api/v1/search?q=x HTTP/1.1\r\nHost: x\r\n" + header(100<<10) + "\r\n"}, http.StatusRequestHeaderFieldsTooLarge},
		{"1 MB header", []string{"GET /api/v1/search?q=x HTTP/1.1\r\nHost: x\r\n" + header(1<<20) + "\r\n"}, http.StatusRequestHeaderFieldsTooLarge},
		{"1 MB header on the page", []string{"GET / HTTP/1.1\r\nHost: x\r\n" + header(1<<20) + "\r\n"}, http.StatusRequestHeaderFieldsTooLarge},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp, body := rawAnswer(t, ts.Addr(), c.parts...)
			if resp.StatusCode != c.status {
				t.Fatalf("status %d, want %d: %.200s", resp.StatusCode, c.status, body)
			}
			var e errorBody
			if err := json.Unmarshal(body, &e); err != nil || e.Error.Code != codeTooLarge || e.Error.Message == "" {
				t.Errorf("not a JSON too_large error (%v): %q", err, body)
			}
			if !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") || resp.Header.Get(requestIDHeader) == "" ||
				resp.Header.Get("Cache-Control") != "no-store" {
				t.Errorf("headers %v", resp.Header)
			}
		})
	}
	// Headers under the limit are served.
	resp, body := rawAnswer(t, ts.Addr(), "GET /api/v1/search?q=x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"+header(30<<10)+"\r\n")
	if resp.StatusCode != http.StatusOK {
		t.Errorf("30 KB header: %d %.200s", resp.StatusCode, body)
	}
	if resp, _ := ts.get(t, "/healthz"); resp.StatusCode != http.StatusOK {
		t.Errorf("after the huge requests /healthz = %d", resp.StatusCode)
	}
}
