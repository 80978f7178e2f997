package httpapi

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestETag: GET answers carry a strong ETag and Cache-Control; sending the
// tag back gets 304 without a body; the tag changes with the body and with
// the index version.
func TestETag(t *testing.T) {
	ts := startServer(t, Config{}, nil)
	resp, body := ts.get(t, "/api/v1/search?q=open")
	tag := resp.Header.Get("ETag")
	if !strings.HasPrefix(tag, `"`) || !strings.HasSuffix(tag, `"`) || len(tag) < 10 {
		t.Fatalf("ETag %q is not a strong tag", tag)
	}
	if cc := resp.Header.Get("Cache-Control"); cc != "public, max-age=60" {
		t.Errorf("Cache-Control %q", cc)
	}
	for _, inm := range []string{tag, "W/" + tag, `"other", ` + tag, "*"} {
		resp, got := ts.get(t, "/api/v1/search?q=open", "If-None-Match: "+inm)
		if resp.StatusCode != http.StatusNotModified || len(got) != 0 {
			t.Errorf("If-None-Match %s: status %d, %d bytes", inm, resp.StatusCode, len(got))
		}
		if resp.Header.Get("ETag") != tag || resp.Header.Get(requestIDHeader) == "" || resp.Header.Get("Content-Type") != "" {
			t.Errorf("304 headers: %v", resp.Header)
		}
	}
	if resp, _ := ts.get(t, "/api/v1/search?q=open", `If-None-Match: "stale"`); resp.StatusCode != 200 {
		t.Errorf("stale If-None-Match: status %d", resp.StatusCode)
	}
	if other, _ := ts.get(t, "/api/v1/search?q=data"); other.Header.Get("ETag") == tag {
		t.Error("another answer has the same ETag")
	}

	ts.fake.setVersion("v2")
	resp, again := ts.get(t, "/api/v1/search?q=open", "If-None-Match: "+tag)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("ETag") == tag || !sameHits(t, again, body) {
		t.Errorf("after a new index version: status %d, ETag %s (was %s)", resp.StatusCode, resp.Header.Get("ETag"), tag)
	}
}

// TestCacheControl: health, readiness and metrics are never stored; errors
// get no ETag (checked with every error in TestErrorAnswers).
func TestCacheControl(t *testing.T) {
	ts := startServer(t, Config{CacheMaxAge: -1}, nil)
	for _, p := range []string{"/healthz", "/readyz", "/metrics"} {
		resp, _ := ts.get(t, p)
		if resp.Header.Get("Cache-Control") != "no-store" || resp.Header.Get("ETag") != "" {
			t.Errorf("GET %s: Cache-Control %q ETag %q", p, resp.Header.Get("Cache-Control"), resp.Header.Get("ETag"))
		}
	}
	if resp, _ := ts.get(t, "/api/v1/commitments/KR0018"); resp.Header.Get("Cache-Control") != "no-cache" {
		t.Errorf("negative CacheMaxAge: Cache-Control %q", resp.Header.Get("Cache-Control"))
	}
}

// TestGzip: answers above 1 KB are gzipped for clients that accept it, with
// their own ETag; small answers and other clients get plain bytes.
func TestGzip(t *testing.T) {
	ts := startServer(t, Config{}, nil)
	const big = "/api/v1/search?q=open&size=30"
	_, plain := ts.get(t, big)
	if len(plain) < gzipMinBytes {
		t.Fatalf("test answer too small: %d bytes", len(plain))
	}
	resp, zipped := ts.get(t, big, "Accept-Encoding: br, gzip;q=0.8")
	if resp.Header.Get("Content-Encoding") != "gzip" || !strings.Contains(resp.Header.Get("Vary"), "Accept-Encoding") {
		t.Fatalf("big answer: Content-Encoding %q, Vary %q", resp.Header.Get("Content-Encoding"), resp.Header.Get("Vary"))
	}
	zr, err := gzip.NewReader(bytes.NewReader(zipped))
	if err != nil {
		t.Fatal(err)
	}
	unzipped, err := io.ReadAll(zr)
	if err != nil || !bytes.Equal(withoutTook(unzipped), withoutTook(plain)) || len(zipped) >= len(plain) {
		t.Errorf("gzip body: err %v, %d → %d bytes, equal %v", err, len(plain), len(zipped), bytes.Equal(withoutTook(unzipped), withoutTook(plain)))
	}
	gzTag := resp.Header.Get("ETag")
	if !strings.HasSuffix(gzTag, `-gzip"`) {
		t.Errorf("gzipped ETag %q does not differ from the plain one", gzTag)
	}
	if resp, _ := ts.get(t, big, "Accept-Encoding: gzip", "If-None-Match: "+gzTag); resp.StatusCode != http.StatusNotModified {
		t.Errorf("gzipped revalidation: status %d", resp.StatusCode)
	}
	for _, tc := range []struct{ path, accept string }{
		{"/api/v1/search?q=open&size=1", "gzip"},
		{"/healthz", "gzip"},
		{big, ""},
		{big, "gzip;q=0"},
		{big, "identity"},
	} {
		resp, _ := ts.get(t, tc.path, "Accept-Encoding: "+tc.accept)
		if enc := resp.Header.Get("Content-Encoding"); enc != "" {
			t.Errorf("GET %s with Accept-Encoding %q: Content-Encoding %q", tc.path, tc.accept, enc)
		}
	}
}

func TestAcceptsGzip(t *testing.T) {
	for header, want := range map[string]bool{
		"": false, "gzip": true, "GZIP": true, "deflate, gzip": true, "gzip;q=0": false, "gzip; q=0.001": true,
		"*": true, "*;q=0": false, "gzip;q=0, *": false, "*, gzip;q=0": false, "br": false, "x-gzip": true,
	} {
		if got := acceptsGzip(header); got != want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", header, got, want)
		}
	}
}

// withoutTook is an answer without the time its search took, which differs
// from one answer to the next.
func withoutTook(body []byte) []byte {
	var buf bytes.Buffer
	writeWithoutTook(&buf, body)
	return buf.Bytes()
}

// sameHits reports whether two search answers hold the same hits.
func sameHits(t *testing.T, a, b []byte) bool {
	t.Helper()
	var x, y struct{ Hits json.RawMessage }
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		t.Fatalf("not search answers: %.100s %.100s", a, b)
	}
	return bytes.Equal(x.Hits, y.Hits)
}
