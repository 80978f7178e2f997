package scraper

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		v    string
		want time.Duration
		ok   bool
	}{
		{"5", 5 * time.Second, true},
		{" 120 ", 2 * time.Minute, true},
		{"Fri, 27 Nov 2026 12:00:30 GMT", 30 * time.Second, true},
		{"Fri, 27 Nov 2026 11:00:00 GMT", 0, true}, // in the past
		{"", 0, false},
		{"-3", 0, false},
		{"soon", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseRetryAfter(tt.v, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v, %v", tt.v, got, ok, tt.want, tt.ok)
		}
	}
}

func TestPacerBackoffGrows(t *testing.T) {
	p := newPacer(100*time.Millisecond, 0.5)
	p.setCrawlDelay(time.Second)
	if g := p.currentGap(); g != time.Second {
		t.Fatalf("gap = %v, want the Crawl-delay", g)
	}
	prev := time.Duration(0)
	for attempt := 0; attempt < 4; attempt++ {
		d := p.backoff(attempt)
		lo := time.Second << (attempt + 1)
		if d < lo || d > lo+lo/2 || d <= prev {
			t.Errorf("backoff(%d) = %v, want in [%v, %v] and growing", attempt, d, lo, lo+lo/2)
		}
		prev = d
	}
	if d := p.backoff(30); d > maxBackoff {
		t.Errorf("backoff unbounded: %v", d)
	}
}

// checkSpacing checks, on the server's clock, that requests never
// overlapped and that request starts were at least min apart.
func checkSpacing(t *testing.T, s *testSite, min time.Duration) {
	t.Helper()
	hits := s.allHits()
	if peak := s.peakInFlight(); peak != 1 {
		t.Errorf("%d requests in flight at once, want 1", peak)
	}
	for i := 1; i < len(hits); i++ {
		if gap := hits[i].start.Sub(hits[i-1].start); gap < min {
			t.Errorf("%s started %v after %s, want ≥ %v", hits[i].uri, gap, hits[i-1].uri, min)
		}
	}
}

// politeSite is a site with a members list, two members and five
// commitments each; every handler is slow enough to overlap if allowed.
func politeSite(t *testing.T, robots string) *testSite {
	s := newSite(t)
	s.text("/robots.txt", robots)
	s.page("/our-members/", listHTML("/members/kenya/", "/members/chile/"))
	for _, m := range []struct{ slug, code string }{{"kenya", "KE"}, {"chile", "CL"}} {
		var links []string
		for i := 1; i <= 5; i++ {
			id := fmt.Sprintf("%s%04d", m.code, i)
			links = append(links, "commitments/"+id+"/")
			body := commitmentHTML("en", id, "Commitment "+id)
			s.handle("/members/"+m.slug+"/commitments/"+id+"/", func(w http.ResponseWriter, r *http.Request) {
				time.Sleep(5 * time.Millisecond)
				w.Header().Set("Content-Type", "text/html")
				io.WriteString(w, body)
			})
		}
		s.page("/members/"+m.slug+"/", listHTML(links...))
	}
	return s
}

// TestPoliteOneInFlightPerHost crawls two hosts in parallel and checks on
// each server that one request at most was in flight and that request
// starts were at least Delay apart, robots.txt included.
func TestPoliteOneInFlightPerHost(t *testing.T) {
	a, b := politeSite(t, ""), politeSite(t, "")
	cfg := testConfig(t, a.url("/our-members/"), b.url("/our-members/"))
	cfg.Delay = 40 * time.Millisecond
	cfg.Concurrency = 2
	sum := crawl(t, cfg)
	if sum.Stored != 20 || sum.Failed != 0 {
		t.Fatalf("summary = %+v, want 20 stored", sum)
	}
	for _, s := range []*testSite{a, b} {
		if n := len(s.allHits()); n != 14 {
			t.Errorf("host got %d requests, want 14", n)
		}
		checkSpacing(t, s, cfg.Delay)
	}
	// The two hosts were crawled at the same time.
	ha, hb := a.allHits(), b.allHits()
	if ha[len(ha)-1].start.Before(hb[0].start) || hb[len(hb)-1].start.Before(ha[0].start) {
		t.Error("hosts were crawled one after the other, not in parallel")
	}
}

func TestPoliteCrawlDelay(t *testing.T) {
	s := politeSite(t, "User-agent: *\nCrawl-delay: 0.1\n")
	cfg := testConfig(t, s.url("/members/kenya/"))
	sum := crawl(t, cfg)
	if sum.Stored != 5 {
		t.Fatalf("summary = %+v", sum)
	}
	checkSpacing(t, s, 100*time.Millisecond)
}

// TestRedirectHopsArePaced follows a three-hop redirect chain: each hop is
// a request like any other, spaced by Delay, and Timeout applies per hop,
// so the chain succeeds although it takes longer than one Timeout.
func TestRedirectHopsArePaced(t *testing.T) {
	s := newSite(t)
	hop := func(from, to string) {
		s.handle(from, func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, to, http.StatusMovedPermanently) })
	}
	hop("/members/kenya/commitments/KE0001/", "/members/kenya/commitments/KE0002/")
	hop("/members/kenya/commitments/KE0002/", "/members/kenya/commitments/KE0003/")
	hop("/members/kenya/commitments/KE0003/", "/members/kenya/commitments/KE0004/")
	s.page("/members/kenya/commitments/KE0004/", commitmentHTML("en", "KE0004", "Moved thrice"))
	cfg := testConfig(t, s.url("/members/kenya/commitments/KE0001/"))
	cfg.Delay = 100 * time.Millisecond
	cfg.Timeout = 150 * time.Millisecond
	sum := crawl(t, cfg)
	if sum.Stored != 1 || sum.Failed != 0 {
		t.Fatalf("summary = %+v", sum)
	}
	if n := len(s.allHits()); n != 5 {
		t.Errorf("%d requests, want robots.txt and 4 hops", n)
	}
	checkSpacing(t, s, cfg.Delay)
	for _, h := range s.allHits() {
		if h.ua != testUA {
			t.Errorf("hop %s sent User-Agent %q", h.uri, h.ua)
		}
	}
	recs := readCorpus(t, cfg.Out)
	if len(recs) != 1 || !strings.HasSuffix(recs[0].URL, "/KE0004/") {
		t.Errorf("records = %+v, want the final URL", recs)
	}
}
