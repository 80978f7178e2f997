package scraper

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestRetryAfterPausesHost answers 429 with Retry-After: 1 once: the whole
// host waits at least a second before its next request, then the page is
// fetched.
func TestRetryAfterPausesHost(t *testing.T) {
	s := politeSite(t, "")
	var calls atomic.Int32
	body := commitmentHTML("en", "KE0001", "Limited")
	s.handle("/members/kenya/commitments/KE0001/", func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			w.Header().Set("Retry-After", "1")
			http.Error(w, "slow down", http.StatusTooManyRequests)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, body)
	})
	sum := crawl(t, testConfig(t, s.url("/members/kenya/")))
	if sum.Stored != 5 || sum.Failed != 0 {
		t.Fatalf("summary = %+v", sum)
	}
	hits := s.allHits()
	for i, h := range hits {
		if h.uri == "/members/kenya/commitments/KE0001/" && i+1 < len(hits) {
			if gap := hits[i+1].start.Sub(h.start); gap < time.Second {
				t.Errorf("next request %v after the 429, want ≥ 1s", gap)
			}
			break
		}
	}
	if calls.Load() != 2 {
		t.Errorf("KE0001 requested %d times, want 2", calls.Load())
	}
}

// TestRetryAfterBeyondCapPausesHost answers 503 with a Retry-After of an
// hour once, with the cap at one second: the whole host pauses for the cap
// (not the hour, and not for good), then the page is fetched again and the
// crawl goes on to fetch the rest.
func TestRetryAfterBeyondCapPausesHost(t *testing.T) {
	s := politeSite(t, "")
	var calls atomic.Int32
	body := commitmentHTML("en", "KE0002", "Later")
	s.handle("/members/kenya/commitments/KE0002/", func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			w.Header().Set("Retry-After", "3600")
			http.Error(w, "come back in an hour", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, body)
	})
	cfg := testConfig(t, s.url("/members/kenya/"))
	cfg.MaxRetryAfter = time.Second
	sum := crawl(t, cfg)
	if len(sum.HostsStopped) != 0 {
		t.Fatalf("hosts stopped: %v", sum.HostsStopped)
	}
	if sum.Stored != 5 || sum.Failed != 0 {
		t.Errorf("summary = %+v, want the 5 commitments stored", sum)
	}
	if calls.Load() != 2 {
		t.Errorf("KE0002 requested %d times, want 2", calls.Load())
	}
	hits := s.allHits()
	paused := -1
	for i, h := range hits {
		if h.uri == "/members/kenya/commitments/KE0002/" {
			paused = i
			break
		}
	}
	if paused < 0 || paused+1 >= len(hits) {
		t.Fatalf("no request after the 503: %v", hits)
	}
	if gap := hits[paused+1].start.Sub(hits[paused].start); gap < time.Second || gap > 10*time.Second {
		t.Errorf("next request %v after the 503, want the 1s cap", gap)
	}
	later := 0
	for _, h := range hits[paused+1:] {
		if strings.Contains(h.uri, "/commitments/KE000") && h.uri != "/members/kenya/commitments/KE0002/" {
			later++
		}
	}
	if later != 3 {
		t.Errorf("%d commitments fetched after the pause, want 3 (KE0003-KE0005)", later)
	}
}

// TestRetry5xxWithBackoff answers 503 twice, then 200: three requests, the
// page stored once, the waits growing.
func TestRetry5xxWithBackoff(t *testing.T) {
	s := newSite(t)
	var calls atomic.Int32
	body := commitmentHTML("en", "KE0001", "Flaky")
	s.handle("/members/kenya/commitments/KE0001/", func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) <= 2 {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, body)
	})
	cfg := testConfig(t, s.url("/members/kenya/commitments/KE0001/"))
	sum := crawl(t, cfg)
	if calls.Load() != 3 || sum.Stored != 1 || sum.Failed != 0 || sum.Fetched != 1 {
		t.Fatalf("calls = %d, summary = %+v", calls.Load(), sum)
	}
	hits := s.allHits()[1:] // after robots.txt
	g1, g2 := hits[1].start.Sub(hits[0].start), hits[2].start.Sub(hits[1].start)
	if g1 < 2*cfg.Delay || g2 < 4*cfg.Delay {
		t.Errorf("backoff gaps %v, %v; want ≥ %v and ≥ %v", g1, g2, 2*cfg.Delay, 4*cfg.Delay)
	}
}

func TestRetryGivesUp(t *testing.T) {
	s := newSite(t)
	s.handle("/members/kenya/", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "broken", http.StatusInternalServerError)
	})
	cfg := testConfig(t, s.url("/members/kenya/"))
	cfg.MaxRetries = 2
	sum := crawl(t, cfg)
	if n := s.count("/members/kenya/"); n != 3 {
		t.Errorf("%d requests, want 3", n)
	}
	if sum.Failed != 1 || !strings.Contains(sum.Failures[0].Reason, "500") {
		t.Errorf("failures = %+v", sum.Failures)
	}
}

// TestBanStopsHost answers the second commitment with the Blackhole ban
// page: no request at all follows, the host is recorded as stopped.
func TestBanStopsHost(t *testing.T) {
	s := politeSite(t, "")
	s.handle("/members/kenya/commitments/KE0002/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Connection", "close")
		w.WriteHeader(http.StatusForbidden)
		io.WriteString(w, "<h1>You have been banned from this site.</h1>")
	})
	sum := crawl(t, testConfig(t, s.url("/members/kenya/")))
	hits := s.allHits()
	if last := hits[len(hits)-1].uri; last != "/members/kenya/commitments/KE0002/" {
		t.Errorf("request after the ban: %s", last)
	}
	if n := s.count("KE0002"); n != 1 {
		t.Errorf("banned page requested %d times (never retry a ban)", n)
	}
	if reason := sum.HostsStopped[s.srv.URL]; !strings.Contains(reason, "banned") {
		t.Errorf("stop reason = %q", reason)
	}
	if sum.Stored != 1 {
		t.Errorf("stored %d, want only the page before the ban", sum.Stored)
	}
}

func TestThreeForbiddenStopHost(t *testing.T) {
	s := politeSite(t, "")
	for i := 1; i <= 5; i++ {
		s.handle(fmt.Sprintf("/members/kenya/commitments/KE%04d/", i), func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "Forbidden", http.StatusForbidden)
		})
	}
	sum := crawl(t, testConfig(t, s.url("/members/kenya/")))
	if n := s.count("/commitments/"); n != 3 {
		t.Errorf("%d forbidden requests, want 3", n)
	}
	if reason := sum.HostsStopped[s.srv.URL]; !strings.Contains(reason, "403") {
		t.Errorf("stop reason = %q", reason)
	}
}

// TestTransientBodyAndTimeoutRetried cuts a body short once and answers
// too slowly once: both are retried and the page is stored whole.
func TestTransientBodyAndTimeoutRetried(t *testing.T) {
	s := newSite(t)
	var calls atomic.Int32
	body := commitmentHTML("en", "KE0001", "Patience")
	s.handle("/members/kenya/commitments/KE0001/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		switch calls.Add(1) {
		case 1: // promise more than is sent, then hang up
			w.Header().Set("Content-Length", fmt.Sprint(len(body)+500))
			io.WriteString(w, body[:100])
			return
		case 2:
			time.Sleep(time.Second)
		}
		io.WriteString(w, body)
	})
	cfg := testConfig(t, s.url("/members/kenya/commitments/KE0001/"))
	cfg.Timeout = 400 * time.Millisecond
	sum := crawl(t, cfg)
	if calls.Load() != 3 || sum.Stored != 1 || sum.Failed != 0 {
		t.Fatalf("calls = %d, summary = %+v", calls.Load(), sum)
	}
	recs := readCorpus(t, cfg.Out)
	if len(recs) != 1 || recs[0].Title != "Patience" {
		t.Errorf("records = %+v", recs)
	}
}
