package httpapi

import (
	"net/http"
	"strings"
	"testing"
)

// TestRequestID: every answer, errors included, carries an ID; a sane
// incoming one is kept, anything else replaced.
func TestRequestID(t *testing.T) {
	ts := startServer(t, Config{}, nil)
	seen := map[string]bool{}
	for _, p := range []string{"/healthz", "/healthz", "/nope", "/api/v1/search?size=0"} {
		resp, _ := ts.get(t, p)
		id := resp.Header.Get(requestIDHeader)
		if !saneRequestID(id) || seen[id] {
			t.Errorf("GET %s: request ID %q missing, insane or repeated", p, id)
		}
		seen[id] = true
	}
	tests := []struct {
		sent string
		kept bool
	}{
		{"trace-7f3a.b_c:d", true},
		{"has space", false},
		{"<script>", false},
		{strings.Repeat("a", 65), false},
	}
	for _, tt := range tests {
		resp, _ := ts.get(t, "/healthz", requestIDHeader+": "+tt.sent)
		got := resp.Header.Get(requestIDHeader)
		if (got == tt.sent) != tt.kept || !saneRequestID(got) {
			t.Errorf("sent %q, got %q (kept %v)", tt.sent, got, tt.kept)
		}
	}
}

// TestAccessLog: one line per request with method, route template, status,
// bytes, duration and the request ID, which also marks the handler's own
// lines.
func TestAccessLog(t *testing.T) {
	ts := startServer(t, Config{}, nil)
	resp, body := ts.get(t, "/api/v1/commitments/KR0018", requestIDHeader+": abc-123")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	var line map[string]any
	waitFor(t, "access log line", func() bool {
		for _, l := range ts.logs.withID(t, "abc-123") {
			if l["msg"] == "request" {
				line = l
				return true
			}
		}
		return false
	})
	want := map[string]any{"method": "GET", "route": "/api/v1/commitments/{id}", "status": float64(200), "bytes": float64(len(body))}
	for k, v := range want {
		if line[k] != v {
			t.Errorf("access log %s = %v, want %v (line %v)", k, line[k], v, line)
		}
	}
	if _, ok := line["duration"]; !ok {
		t.Errorf("access log has no duration: %v", line)
	}

	// A failing request logs its detail under the same ID as its access line.
	ts.get(t, "/api/v1/search?q=fail", requestIDHeader+": fail-1")
	waitFor(t, "both lines of the failed request", func() bool { return len(ts.logs.withID(t, "fail-1")) == 2 })
	lines := ts.logs.withID(t, "fail-1")
	if !strings.Contains(lines[0]["err"].(string), "disk on fire") || lines[1]["route"] != "/api/v1/search" {
		t.Errorf("failed request lines: %v", lines)
	}
	for _, l := range ts.logs.lines(t) {
		if l["msg"] == "request" && l["request_id"] == nil {
			t.Errorf("access line without request_id: %v", l)
		}
	}
}
