package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// testServer is a Server opened on 127.0.0.1:0 over a fake searcher, with
// its log captured.
type testServer struct {
	*Server
	fake *fakeSearcher
	logs *logBuffer
	base string // http://127.0.0.1:port
}

// startServer opens a server for one test and closes it at the end. A nil
// cfg.ParseRequest gets fakeParse.
func startServer(t *testing.T, cfg Config, fake *fakeSearcher) *testServer {
	t.Helper()
	if fake == nil {
		fake = newFakeSearcher()
	}
	ts := openServer(t, cfg, fake)
	ts.fake = fake
	return ts
}

// searchOnly is a Searcher and nothing more: it keeps no history.
type searchOnly struct{ Searcher }

// openServer is startServer over any searcher.
func openServer(t *testing.T, cfg Config, searcher Searcher) *testServer {
	t.Helper()
	cfg.Addr = "127.0.0.1:0"
	if cfg.ParseRequest == nil {
		cfg.ParseRequest = fakeParse
	}
	logs := &logBuffer{}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	s := New(searcher, cfg, log)
	if err := s.Open(); err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := s.Close(ctx); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return &testServer{Server: s, logs: logs, base: "http://" + s.Addr()}
}

// rawClient does not decompress answers, so tests see what was sent.
var rawClient = &http.Client{
	Transport: &http.Transport{DisableCompression: true, MaxIdleConnsPerHost: 64},
	Timeout:   10 * time.Second,
}

// do sends one request with the given headers ("Name: value") and returns
// the answer with its whole body.
func (ts *testServer) do(t *testing.T, method, path string, headers ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, ts.base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ":")
		req.Header.Set(strings.TrimSpace(k), strings.TrimSpace(v))
	}
	return send(t, req)
}

// get is do with GET.
func (ts *testServer) get(t *testing.T, path string, headers ...string) (*http.Response, []byte) {
	t.Helper()
	return ts.do(t, http.MethodGet, path, headers...)
}

func send(t *testing.T, req *http.Request) (*http.Response, []byte) {
	t.Helper()
	resp, err := rawClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", req.Method, req.URL, err)
	}
	return resp, body
}

// decodeJSON decodes body into a generic value, failing the test when it
// is not JSON.
func decodeJSON(t *testing.T, body []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("answer is not JSON: %v\n%s", err, body)
	}
	return v
}

// errorOf returns the code and message of a JSON error answer.
func errorOf(t *testing.T, body []byte) (code, message string) {
	t.Helper()
	var e errorBody
	if err := json.Unmarshal(body, &e); err != nil || e.Error.Code == "" {
		t.Fatalf("not a JSON error answer (%v): %s", err, body)
	}
	return e.Error.Code, e.Error.Message
}

// logBuffer collects JSON log lines from concurrent requests.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String is everything logged so far.
func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// lines decodes the log lines, each a map of its attributes.
func (b *logBuffer) lines(t *testing.T) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(b.String()), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line is not JSON: %v: %s", err, line)
		}
		out = append(out, m)
	}
	return out
}

// withID returns the log lines carrying request ID id.
func (b *logBuffer) withID(t *testing.T, id string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, l := range b.lines(t) {
		if l["request_id"] == id {
			out = append(out, l)
		}
	}
	return out
}

// waitFor polls cond until it holds or a second passes: the access log line
// is written just after the answer reaches the client.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}
