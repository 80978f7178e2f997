package httpapi

import (
	"net/http"
	"strings"
	"testing"
)

const allowedOrigin = "https://app.example.org"

// TestCORS: allowed origins get CORS headers on answers and preflights;
// other origins get none.
func TestCORS(t *testing.T) {
	ts := startServer(t, Config{CORSOrigins: []string{"https://App.Example.org/"}}, nil)

	resp, _ := ts.get(t, "/api/v1/search?q=open", "Origin: "+allowedOrigin)
	if resp.Header.Get("Access-Control-Allow-Origin") != allowedOrigin ||
		resp.Header.Get("Access-Control-Expose-Headers") == "" || !hasValue(resp.Header, "Vary", "Origin") {
		t.Errorf("allowed origin: %v", resp.Header)
	}
	resp, _ = ts.get(t, "/api/v1/search?q=open", "Origin: https://evil.example")
	if resp.StatusCode != 200 || resp.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("other origin: %d %v", resp.StatusCode, resp.Header)
	}

	preflight := func(origin string) *http.Response {
		resp, _ := ts.do(t, http.MethodOptions, "/api/v1/search",
			"Origin: "+origin, "Access-Control-Request-Method: GET", "Access-Control-Request-Headers: x-request-id")
		return resp
	}
	resp = preflight(allowedOrigin)
	if resp.StatusCode != http.StatusNoContent || resp.Header.Get("Access-Control-Allow-Origin") != allowedOrigin ||
		resp.Header.Get("Access-Control-Allow-Methods") != corsAllowMethods || resp.Header.Get("Access-Control-Max-Age") == "" {
		t.Errorf("allowed preflight: %d %v", resp.StatusCode, resp.Header)
	}
	resp = preflight("https://evil.example")
	if resp.Header.Get("Access-Control-Allow-Origin") != "" || resp.Header.Get("Access-Control-Allow-Methods") != "" {
		t.Errorf("other origin's preflight got CORS headers: %v", resp.Header)
	}
	// OPTIONS that is no preflight is an ordinary request: not allowed.
	if resp, _ := ts.do(t, http.MethodOptions, "/api/v1/search"); resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("plain OPTIONS: %d", resp.StatusCode)
	}
}

// TestCORSAnyOrDisabled: "*" allows every origin with a wildcard; no
// configured origin means no CORS header at all.
func TestCORSAnyOrDisabled(t *testing.T) {
	anyOrigin := startServer(t, Config{CORSOrigins: []string{"*"}}, nil)
	if resp, _ := anyOrigin.get(t, "/healthz", "Origin: https://x.example"); resp.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("wildcard: %v", resp.Header)
	}
	none := startServer(t, Config{}, nil)
	resp, _ := none.do(t, http.MethodOptions, "/api/v1/search", "Origin: "+allowedOrigin, "Access-Control-Request-Method: GET")
	if resp.Header.Get("Access-Control-Allow-Origin") != "" || resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("CORS disabled: %d %v", resp.StatusCode, resp.Header)
	}
}

func hasValue(h http.Header, key, value string) bool {
	for _, v := range h.Values(key) {
		for _, part := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(part), value) {
				return true
			}
		}
	}
	return false
}
