package httpapi

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// TestMetrics: after a few requests, /metrics shows them by route template
// and status, the latency histogram, the index gauges and build info.
func TestMetrics(t *testing.T) {
	ts := startServer(t, Config{Build: BuildInfo{Version: "1.2.3", Commit: "abc123"}}, nil)
	for i := 0; i < 3; i++ {
		ts.get(t, fmt.Sprintf("/api/v1/search?q=open&page=%d", i+1))
	}
	ts.get(t, "/api/v1/commitments/KR0018")
	ts.get(t, "/api/v1/commitments/KR9999")
	ts.get(t, "/no/such/path")
	ts.get(t, "/no/other/path")
	_, body := ts.get(t, "/metrics")
	text := string(body)
	for _, want := range []string{
		`ogpsearch_http_requests_total{route="/api/v1/search",status="200"} 3`,
		`ogpsearch_http_requests_total{route="/api/v1/commitments/{id}",status="200"} 1`,
		`ogpsearch_http_requests_total{route="/api/v1/commitments/{id}",status="404"} 1`,
		`ogpsearch_http_requests_total{route="unmatched",status="404"} 2`,
		`ogpsearch_http_request_duration_seconds_bucket{route="/api/v1/search",status="200",le="+Inf"} 3`,
		`ogpsearch_http_request_duration_seconds_count{route="/api/v1/search",status="200"} 3`,
		`ogpsearch_http_requests_in_flight 1`,
		`ogpsearch_index_documents 42`,
		`ogpsearch_index_info{version="v1"} 1`,
		fmt.Sprintf(`ogpsearch_build_info{commit="abc123",goversion=%q,version="1.2.3"} 1`, runtime.Version()),
		`go_goroutines `,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if strings.Contains(text, "/no/such/path") {
		t.Error("an unknown path became a metric label")
	}
	if resp, _ := ts.get(t, "/metrics", "Accept-Encoding: gzip"); resp.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("metrics not gzipped by the server's gzip layer: %q", resp.Header.Get("Content-Encoding"))
	}
	ts.fake.setVersion("v2")
	if _, body := ts.get(t, "/metrics"); !strings.Contains(string(body), `ogpsearch_index_info{version="v2"} 1`) {
		t.Error("index version not read at scrape time")
	}
}

// TestMetricsPerServer: each server counts in its own registry.
func TestMetricsPerServer(t *testing.T) {
	a, b := startServer(t, Config{}, nil), startServer(t, Config{}, nil)
	a.get(t, "/healthz")
	a.get(t, "/healthz")
	b.get(t, "/healthz")
	for ts, want := range map[*testServer]string{a: "2", b: "1"} {
		_, body := ts.get(t, "/metrics")
		if line := `ogpsearch_http_requests_total{route="/healthz",status="200"} ` + want; !strings.Contains(string(body), line) {
			t.Errorf("server %s lacks %s", ts.Addr(), line)
		}
	}
}
