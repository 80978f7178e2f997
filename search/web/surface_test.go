package web_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/ogpsearch/ogpsearch/search"
	"github.com/ogpsearch/ogpsearch/search/httpapi"
	"github.com/ogpsearch/ogpsearch/search/web"
)

// servePage indexes the sample corpus and serves the page and the API as
// `ogpsearch serve` does, on a free local port; it returns the base URL.
func servePage(t *testing.T) string {
	t.Helper()
	engine, log := sampleEngine(t)
	srv := httpapi.New(engine, httpapi.Config{Addr: "127.0.0.1:0", ParseRequest: search.ParseRequest,
		Page: web.Handler(engine, search.ParseRequest, log)}, log)
	if err := srv.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Close(ctx)
	})
	return "http://" + srv.Addr()
}

// fetch GETs url with headers ("Name: value") and returns the answer and
// its body.
func fetch(t *testing.T, url string, headers ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ":")
		req.Header.Set(k, strings.TrimSpace(v))
	}
	client := &http.Client{Transport: &http.Transport{DisableCompression: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

// varies reports whether the answer's Vary names header.
func varies(resp *http.Response, header string) bool {
	for _, v := range resp.Header.Values("Vary") {
		for _, name := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(name), header) {
				return true
			}
		}
	}
	return false
}

// TestPageSurface drives the page through the real server over the sample
// index: the page's ETag is the same for the same page, so If-None-Match
// gets 304; a page whose language came from Accept-Language says so in
// Vary; a query string that does not decode is a 400 page; an unknown path
// is the HTML not-found page, an unknown /api/ path the JSON one.
func TestPageSurface(t *testing.T) {
	base := servePage(t)

	t.Run("ETag", func(t *testing.T) {
		for _, path := range []string{"/?q=open+data&lang=en", "/api/v1/search?q=open+data"} {
			first, body1 := fetch(t, base+path)
			second, body2 := fetch(t, base+path)
			if body1 == body2 {
				t.Logf("%s: the two answers are the same bytes (took_ms equal by chance)", path)
			}
			tag := first.Header.Get("ETag")
			if first.StatusCode != 200 || tag == "" || second.Header.Get("ETag") != tag {
				t.Errorf("%s: %d, ETags %q then %q", path, first.StatusCode, tag, second.Header.Get("ETag"))
				continue
			}
			if resp, body := fetch(t, base+path, "If-None-Match: "+tag); resp.StatusCode != http.StatusNotModified || body != "" {
				t.Errorf("%s: If-None-Match: %d, %d bytes; want 304", path, resp.StatusCode, len(body))
			}
		}
	})

	t.Run("Vary", func(t *testing.T) {
		for _, path := range []string{"/?q=open", "/commitments/KR0018", "/nonexistent"} {
			fr, body := fetch(t, base+path, "Accept-Language: fr-FR,fr;q=0.9")
			if !strings.Contains(body, `<html lang="fr">`) || !varies(fr, "Accept-Language") || !varies(fr, "Accept-Encoding") {
				t.Errorf("%s in French by Accept-Language: Vary %q", path, fr.Header.Values("Vary"))
			}
		}
		// A page whose language the address names does not depend on the header.
		if resp, _ := fetch(t, base+"/?q=open&lang=ko", "Accept-Language: fr"); varies(resp, "Accept-Language") {
			t.Errorf("lang=ko: Vary %q names Accept-Language", resp.Header.Values("Vary"))
		}
		if resp, _ := fetch(t, base+"/api/v1/search?q=open", "Accept-Language: fr"); varies(resp, "Accept-Language") {
			t.Errorf("the API: Vary %q names Accept-Language", resp.Header.Values("Vary"))
		}
	})

	t.Run("malformed query string", func(t *testing.T) {
		for _, path := range []string{"/?q=%ZZ", "/?q=%", "/?q=open&member=%E", "/commitments/KR0018?lang=%zz"} {
			resp, body := fetch(t, base+path, "Accept-Language: en")
			if resp.StatusCode != http.StatusBadRequest || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
				t.Errorf("%s: %d %s, want a 400 page", path, resp.StatusCode, resp.Header.Get("Content-Type"))
				continue
			}
			doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			if msg := doc.Find(".error").Text(); !strings.Contains(msg, "address") || doc.Find(".hit").Length() != 0 {
				t.Errorf("%s: message %q, %d hits", path, msg, doc.Find(".hit").Length())
			}
		}
		if resp, body := fetch(t, base+"/api/v1/search?q=%ZZ"); resp.StatusCode != 400 || !strings.Contains(body, `"code":"invalid_argument"`) {
			t.Errorf("API: %d %.200s", resp.StatusCode, body)
		}
	})

	t.Run("not found", func(t *testing.T) {
		var pages []string
		for _, path := range []string{"/nonexistent", "/assets/x", "/commitments/ZZ9999", "/commitments/ZZ9999/more"} {
			resp, body := fetch(t, base+path, "Accept-Language: en")
			if resp.StatusCode != http.StatusNotFound || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
				t.Errorf("%s: %d %s, want the HTML 404 page", path, resp.StatusCode, resp.Header.Get("Content-Type"))
				continue
			}
			doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			if doc.Find("#search input#q").Length() != 1 || doc.Find(".error[role=alert]").Length() != 1 {
				t.Errorf("%s: not the site's page with a search box and the message: %.300s", path, body)
			}
			pages = append(pages, path)
		}
		if resp, body := fetch(t, base+"/api/v1/nope"); resp.StatusCode != 404 || !strings.Contains(body, `"code":"not_found"`) {
			t.Errorf("/api/v1/nope: %d %.200s", resp.StatusCode, body)
		}
		t.Logf("HTML 404 pages: %v", pages)
	})
}
