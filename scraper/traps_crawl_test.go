package scraper_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ogpsearch/ogpsearch/scraper"
	"github.com/ogpsearch/ogpsearch/scraper/fixturesite"
	"github.com/ogpsearch/ogpsearch/scraper/sitemodel"
)

// TestCrawlResourceTraps crawls the fixture's resource traps with the
// default body cap: a robots.txt of 10 MB, a gzip bomb of 1 GB, a page of
// a million links, a 1 MB page of 30,000 links, an endless calendar of an
// unknown URL shape and an endless calendar of member-shaped pages. The
// crawl must end on its own, quickly, with memory bounded, and its summary
// must say which limit stopped what.
func TestCrawlResourceTraps(t *testing.T) {
	srv := fixturesite.New(nil, fixturesite.Options{Traps: true}) // the traps alone
	defer srv.Close()

	peak, stop := sampleMemory()
	base := peak.Load()
	var progress bytes.Buffer
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	sum, err := scraper.Crawl(ctx, scraper.Config{
		Start: []string{srv.URL() + fixturesite.TrapsPath}, Out: t.TempDir(),
		Delay: time.Millisecond, Jitter: -1, Timeout: 10 * time.Second, MaxDepth: 8,
		Model: sitemodel.Default(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Progress: &progress, ProgressEvery: time.Hour,
	})
	elapsed := time.Since(start)
	stop()
	if err != nil {
		t.Fatal(err)
	}
	grew := int64(peak.Load()) - int64(base)
	t.Logf("crawl in %v, %d requests, memory peak %d MB over %d MB; %s",
		elapsed.Round(time.Millisecond), len(srv.Requests()), grew>>20, base>>20, strings.TrimSpace(progress.String()))

	if elapsed > 30*time.Second {
		t.Errorf("the crawl took %v", elapsed)
	}
	if grew > 128<<20 {
		t.Errorf("memory grew by %d MB during the crawl", grew>>20)
	}
	if len(sum.HostsStopped) > 0 {
		t.Errorf("hosts stopped (the end of the 10 MB robots.txt was read?): %v", sum.HostsStopped)
	}
	for _, want := range []struct{ path, reason string }{
		{fixturesite.TrapGzipBomb, "too large"},
		{fixturesite.TrapMillionLinks, "too large"},
	} {
		if !failedWith(sum, want.path, want.reason) {
			t.Errorf("no failure %q for %s; failures: %+v", want.reason, want.path, sum.Failures)
		}
	}
	memberDays := 0
	for _, r := range srv.Requests() {
		switch {
		case strings.HasPrefix(r.Path, "/events/"), strings.HasPrefix(r.Path, "/tags/"):
			t.Errorf("requested %s, a URL of no known page shape", r.Path)
		case strings.HasPrefix(r.Path, "/members/day-"):
			memberDays++
		}
	}
	// Days reachable within the depth cap: the first at depth 1, then
	// every mix of at most 7 "next day" and "next month" steps.
	if memberDays == 0 || memberDays > 36 {
		t.Errorf("%d days of the member-shaped calendar requested, want 1 to 36", memberDays)
	}
	if sum.SkippedShape < 5000 || sum.SkippedDepth == 0 || sum.LinksCapped != 1 {
		t.Errorf("summary: %d links of unknown shape, %d beyond the depth cap, %d pages cut; want ≥ 5000, > 0, 1", sum.SkippedShape, sum.SkippedDepth, sum.LinksCapped)
	}
	for _, want := range []string{"links of no known page shape ignored", "links beyond the depth cap ignored", "1 pages with more than 5000 links cut"} {
		if !strings.Contains(progress.String(), want) {
			t.Errorf("the summary line lacks %q: %s", want, progress.String())
		}
	}
}

// TestCrawlMemberCalendarBudget: with the depth cap out of reach, the page
// budget (MaxPages) stops a crawl into an endless calendar of member-shaped
// pages, and the summary says so.
func TestCrawlMemberCalendarBudget(t *testing.T) {
	srv := fixturesite.New(nil, fixturesite.Options{Traps: true}) // the traps alone
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	sum, err := scraper.Crawl(ctx, scraper.Config{
		Start: []string{srv.URL() + fixturesite.TrapMemberCalendar}, Out: t.TempDir(),
		Delay: time.Millisecond, Jitter: -1, Timeout: 5 * time.Second, MaxPages: 50,
		Model: sitemodel.Default(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	pages, days := 0, 0
	for _, r := range srv.Requests() {
		switch {
		case strings.HasPrefix(r.Path, "/members/day-"):
			days++
			pages++
		case r.Path != "/robots.txt" && r.Path != "/wp-sitemap.xml":
			pages++
		}
	}
	if pages != 50 || days == 0 || !sum.BudgetSpent || !strings.Contains(sum.Limits(), "page budget spent") {
		t.Errorf("%d pages fetched (%d calendar days), budget spent %v (%q); want 50 and the budget reported", pages, days, sum.BudgetSpent, sum.Limits())
	}
}

func failedWith(sum scraper.Summary, path, reason string) bool {
	for _, f := range sum.Failures {
		if strings.HasSuffix(f.URL, path) && strings.Contains(f.Reason, reason) {
			return true
		}
	}
	return false
}

// sampleMemory records the peak of heap and stack memory in use every
// 10 ms until stop is called; the first sample is taken at once.
func sampleMemory() (peak *atomic.Uint64, stop func()) {
	peak = &atomic.Uint64{}
	read := func() {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		if v := m.HeapInuse + m.StackInuse; v > peak.Load() {
			peak.Store(v)
		}
	}
	runtime.GC()
	read()
	base := peak.Load()
	peak.Store(base)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				read()
			}
		}
	})
	return peak, func() { close(done); wg.Wait() }
}
