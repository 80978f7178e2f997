package httpapi

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// TestRoutes calls every route once and checks the answer's status, type
// and the fields that show the right handler ran.
func TestRoutes(t *testing.T) {
	ts := startServer(t, Config{}, nil)
	tests := []struct {
		path, contentType string
		want              []string // substrings of the body
	}{
		{"/api/v1/search?q=open&size=3", "application/json", []string{`"total":37`, `"id":"KR0003"`, `<mark>open</mark>`}},
		{"/api/v1/suggest?q=open&lang=fr&limit=1", "application/json", []string{`"query":"open"`, `"suggestions":[{"text":"Open data portal"`}},
		{"/api/v1/suggest", "application/json", []string{`"suggestions":[]`}},
		{"/api/v1/commitments/KR0018?lang=fr", "application/json", []string{`"lang":"fr"`, `"languages":["en","fr","ko"]`, `"title":"Fournir des services"`}},
		{"/api/v1/commitments/kr0018?lang=de", "application/json", []string{`"id":"KR0018","lang":"en"`, `"title":"Provide services"`}},
		{"/api/v1/openapi.json", "application/json", []string{`"openapi": "3.0.3"`}},
		{"/healthz", "application/json", []string{`{"status":"ok"}`}},
		{"/readyz", "application/json", []string{`"status":"ready"`, `"documents":42`, `"version":"v1"`}},
		{"/metrics", "text/plain", []string{"ogpsearch_index_documents 42"}},
		{"/", "text/html", []string{`href="/api/v1/openapi.json"`, "not built into this server"}},
	}
	for _, tt := range tests {
		resp, body := ts.get(t, tt.path)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: status %d, want 200: %s", tt.path, resp.StatusCode, body)
			continue
		}
		if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, tt.contentType) {
			t.Errorf("GET %s: Content-Type %q, want %s", tt.path, ct, tt.contentType)
		}
		for _, w := range tt.want {
			if !strings.Contains(string(body), w) {
				t.Errorf("GET %s: body lacks %s:\n%.400s", tt.path, w, body)
			}
		}
	}
}

// TestHead answers HEAD like GET, without the body.
func TestHead(t *testing.T) {
	ts := startServer(t, Config{}, nil)
	get, getBody := ts.get(t, "/api/v1/search?q=open")
	head, headBody := ts.do(t, http.MethodHead, "/api/v1/search?q=open")
	if head.StatusCode != http.StatusOK || len(headBody) != 0 {
		t.Fatalf("HEAD: status %d, %d body bytes", head.StatusCode, len(headBody))
	}
	if head.ContentLength != int64(len(getBody)) || head.Header.Get("ETag") != get.Header.Get("ETag") {
		t.Errorf("HEAD Content-Length %d ETag %s, GET %d %s", head.ContentLength, head.Header.Get("ETag"), len(getBody), get.Header.Get("ETag"))
	}
}

// TestPageHook hands every path outside the API to Config.Page, and keeps
// unknown API paths as JSON 404s.
func TestPageHook(t *testing.T) {
	page := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte("page at " + r.URL.Path))
	})
	ts := startServer(t, Config{Page: page}, nil)
	for _, p := range []string{"/", "/static/app.js"} {
		resp, body := ts.get(t, p)
		if resp.StatusCode != http.StatusOK || string(body) != "page at "+p {
			t.Errorf("GET %s: %d %q", p, resp.StatusCode, body)
		}
	}
	resp, body := ts.get(t, "/api/v1/nothing")
	if code, _ := errorOf(t, body); resp.StatusCode != http.StatusNotFound || code != ogp.ENotFound {
		t.Errorf("GET /api/v1/nothing: %d %s", resp.StatusCode, body)
	}
	for _, p := range []string{"/api/v1/search", "/static/app.js"} {
		if resp, body := ts.do(t, http.MethodPost, p); resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("POST %s: %d %s", p, resp.StatusCode, body)
		}
	}
}

// TestOpen fails at once on a taken port, refuses a second Open, and a
// server never opened closes quietly.
func TestOpen(t *testing.T) {
	ts := startServer(t, Config{}, nil)
	other := New(newFakeSearcher(), Config{Addr: ts.Addr(), ParseRequest: fakeParse}, nil)
	if err := other.Open(); err == nil {
		t.Error("Open on a taken port succeeded")
	}
	if err := ts.Open(); err == nil {
		t.Error("second Open succeeded")
	}
	if err := New(newFakeSearcher(), Config{ParseRequest: fakeParse}, nil).Close(context.Background()); err != nil {
		t.Errorf("Close of a server never opened: %v", err)
	}
}

// TestNewRequiresParser: a server without a request parser is a wiring bug
// caught at start.
func TestNewRequiresParser(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("New without ParseRequest did not panic")
		}
	}()
	New(newFakeSearcher(), Config{}, nil)
}

// TestServerTimeouts: the http.Server gets every timeout, with defaults
// that let a search finish before the write deadline, and a header limit
// above the configured one, which limitRequests answers in JSON.
func TestServerTimeouts(t *testing.T) {
	ts := startServer(t, Config{RequestTimeout: 2 * time.Second}, nil)
	h := ts.http
	if h.ReadHeaderTimeout != 5*time.Second || h.ReadTimeout != 10*time.Second ||
		h.WriteTimeout != 12*time.Second || h.IdleTimeout != 120*time.Second || h.MaxHeaderBytes != 2*(64<<10)+8<<10 {
		t.Errorf("timeouts: header %v read %v write %v idle %v, max header %d",
			h.ReadHeaderTimeout, h.ReadTimeout, h.WriteTimeout, h.IdleTimeout, h.MaxHeaderBytes)
	}
}
