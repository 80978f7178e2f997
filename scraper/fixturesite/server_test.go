package fixturesite

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/ogpsearch/ogpsearch/internal/sample"
	"github.com/ogpsearch/ogpsearch/scraper/sitemodel"
)

func TestCommitmentPage(t *testing.T) {
	site := testSite(t)
	s := New(site, Options{})
	defer s.Close()
	c, _ := site.Find("KR0018")
	u := s.URL() + "/members/south-korea/commitments/KR0018/"
	body := mustGet(t, u, 200)
	doc := parse(t, body)
	if lang := doc.Find("html").AttrOr("lang", ""); lang != "en-US" {
		t.Errorf("html lang %q", lang)
	}
	if canon := doc.Find("link[rel=canonical]").AttrOr("href", ""); canon != u {
		t.Errorf("canonical %q", canon)
	}
	for _, l := range append(c.Languages(), "x-default") {
		if doc.Find(`link[rel=alternate][hreflang="`+l+`"]`).Length() != 1 {
			t.Errorf("no hreflang %s", l)
		}
	}
	if lower := mustGet(t, s.URL()+"/members/south-korea/commitments/kr0018/", 200); !bytes.Equal(lower, body) {
		t.Error("lower-case ID serves another page")
	}
	mustGet(t, u+"?utm_source=newsletter&utm_medium=email", 200)
	mustGet(t, s.URL()+"/members/france/commitments/KR0018/", 404)
	for _, l := range []string{"en", "fr", "es", "ko"} {
		want := 404
		if _, ok := c.Pages[l]; ok {
			want = 200
		}
		mustGet(t, s.URL()+commitmentPath("south-korea", "KR0018", l), want)
	}
	resp, _ := get(t, s.URL()+"/members/south-korea/commitments/KR0018")
	if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != "/members/south-korea/commitments/KR0018/" {
		t.Errorf("no-slash URL: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func TestTrapBans(t *testing.T) {
	s := New(testSite(t), Options{})
	defer s.Close()
	mustGet(t, s.URL()+"/our-members/", 200)
	if s.Banned() {
		t.Fatal("banned before the trap")
	}
	mustGet(t, s.URL()+"/fr/?blackhole=4f2c9a71d3", 403)
	if !s.Banned() {
		t.Fatal("trap did not ban")
	}
	resp, body := get(t, s.URL()+"/robots.txt")
	if resp.StatusCode != 403 || !resp.Close || !strings.Contains(string(body), "You have been banned from this site.") {
		t.Errorf("after the ban: %d close=%v %q", resp.StatusCode, resp.Close, body)
	}
}

func TestConditionalRequests(t *testing.T) {
	site := testSite(t)
	s := New(site, Options{})
	defer s.Close()
	u := s.URL() + "/fr/members/south-korea/commitments/KR0018/"
	resp, _ := get(t, u)
	etag, modified := resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
	if etag == "" || modified == "" {
		t.Fatalf("no validators: %q %q", etag, modified)
	}
	if r, body := get(t, u, "If-None-Match", etag); r.StatusCode != 304 || len(body) != 0 {
		t.Errorf("If-None-Match: %d", r.StatusCode)
	}
	if r, _ := get(t, u, "If-Modified-Since", modified); r.StatusCode != 304 {
		t.Errorf("If-Modified-Since: %d", r.StatusCode)
	}
	s.SetPage("KR0018", "fr", func(p *sample.Page) { p.Description = append(p.Description, "Paragraphe ajouté.") })
	r, body := get(t, u, "If-None-Match", etag)
	if r.StatusCode != 200 || r.Header.Get("ETag") == etag || !strings.Contains(string(body), "Paragraphe ajouté.") {
		t.Errorf("after SetPage: %d etag %q", r.StatusCode, r.Header.Get("ETag"))
	}
	if r, _ := get(t, u, "If-Modified-Since", modified); r.StatusCode != 200 {
		t.Errorf("If-Modified-Since after SetPage: %d", r.StatusCode)
	}
	if c, _ := site.Find("KR0018"); strings.Contains(strings.Join(c.Pages["fr"].Description, " "), "ajouté") {
		t.Error("SetPage changed the caller's site")
	}
}

func TestGzip(t *testing.T) {
	s := New(testSite(t), Options{})
	defer s.Close()
	u := s.URL() + "/members/south-korea/commitments/KR0018/"
	resp, body := get(t, u, "Accept-Encoding", "gzip")
	if resp.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding %q", resp.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := io.ReadAll(zr)
	if err != nil || !bytes.Equal(plain, mustGet(t, u, 200)) {
		t.Errorf("gzip body differs (%v)", err)
	}
}

func TestRequestsAndInFlight(t *testing.T) {
	s := New(testSite(t), Options{Hostile: true, SlowDelay: 150e6})
	defer s.Close()
	mustGet(t, s.URL()+"/robots.txt", 200)
	mustGet(t, s.URL()+"/our-members/?page=2", 200)
	if got := s.MaxInFlight(); got != 1 {
		t.Errorf("MaxInFlight after sequential requests = %d", got)
	}
	slow := s.HostilePages()[HostileSlow].URL
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() { mustGet(t, slow, 200) })
	}
	wg.Wait()
	if got := s.MaxInFlight(); got < 2 {
		t.Errorf("MaxInFlight after 4 concurrent slow requests = %d", got)
	}
	reqs := settledRequests(s, 6)
	if len(reqs) != 6 || reqs[0].Path != "/robots.txt" || reqs[1].RawQuery != "page=2" {
		t.Fatalf("requests: %+v", reqs)
	}
	for _, r := range reqs {
		if r.Status != 200 || r.Method != "GET" || r.UserAgent != "fixturesite-test/1.0" ||
			r.Header.Get("User-Agent") == "" || r.End.Before(r.Start) {
			t.Errorf("request %+v", r)
		}
	}
	if d := reqs[5].End.Sub(reqs[5].Start); d < 150e6 {
		t.Errorf("slow page answered in %v", d)
	}
}

// TestCrawlReachesEveryPage walks the site the way a careful crawler does
// (known URL shapes only, no nofollow links, no disallowed paths, hreflang
// alternates followed) and checks it reaches every expected page without
// tripping the trap.
func TestCrawlReachesEveryPage(t *testing.T) {
	s := New(testSite(t), Options{PageSize: 7})
	defer s.Close()
	m := sitemodel.Default()
	base, _ := url.Parse(s.URL())
	seen, queue := map[string]bool{}, append([]string(nil), s.StartURLs()...)
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		if seen[u] {
			continue
		}
		seen[u] = true
		doc := parse(t, mustGet(t, u, 200))
		doc.Find("a[href], link[rel=alternate][href]").Each(func(_ int, a *goquery.Selection) {
			if a.AttrOr("rel", "") == "nofollow" {
				return
			}
			ref, err := base.Parse(a.AttrOr("href", ""))
			if err != nil || ref.Host != base.Host || strings.Contains(ref.Path, "CA0099") {
				return
			}
			ref.Fragment = ""
			if m.Classify(ref).Kind != sitemodel.Unknown {
				queue = append(queue, ref.String())
			}
		})
	}
	if s.Banned() {
		t.Fatal("the walk was banned")
	}
	want := s.ExpectedPages()
	for _, p := range want {
		if !seen[p.URL] {
			t.Errorf("never reached %s", p.URL)
		}
	}
	if len(want) < 3 {
		t.Errorf("only %d expected pages", len(want))
	}
}

// settledRequests waits until n requests are recorded as finished: the
// server records a request's end after its answer is written, which the
// client may see first.
func settledRequests(s *Server, n int) []Request {
	deadline := time.Now().Add(2 * time.Second)
	for {
		reqs := s.Requests()
		done := 0
		for _, r := range reqs {
			if !r.End.IsZero() {
				done++
			}
		}
		if done >= n || time.Now().After(deadline) {
			return reqs
		}
		time.Sleep(5 * time.Millisecond)
	}
}
