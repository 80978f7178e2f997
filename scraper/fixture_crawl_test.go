package scraper_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
	"github.com/ogpsearch/ogpsearch/internal/sample"
	"github.com/ogpsearch/ogpsearch/scraper"
	"github.com/ogpsearch/ogpsearch/scraper/fixturesite"
	"github.com/ogpsearch/ogpsearch/scraper/sitemodel"
)

const crawlDelay = 40 * time.Millisecond

// TestCrawlFixtureSite crawls the whole hostile fixture site with the real
// extractor and checks politeness on the server's side and the corpus on
// disk against the sample the site was rendered from.
func TestCrawlFixtureSite(t *testing.T) {
	if testing.Short() {
		t.Skip("crawls the whole fixture site")
	}
	site, err := sample.Load()
	if err != nil {
		t.Fatal(err)
	}
	srv := fixturesite.New(site, fixturesite.Options{CrawlDelay: crawlDelay, Hostile: true, SlowDelay: 200 * time.Millisecond})
	defer srv.Close()
	out := t.TempDir()
	sum := crawl(t, srv, out)

	reqs := srv.Requests()
	checkPoliteness(t, srv, reqs)
	for _, r := range reqs {
		p := strings.ToLower(r.Path + "?" + r.RawQuery)
		if strings.Contains(p, "blackhole") || strings.HasPrefix(p, "/private/") || strings.Contains(p, "/ca0099/") {
			t.Errorf("requested a forbidden URL: %s?%s", r.Path, r.RawQuery)
		}
		if !strings.HasPrefix(r.UserAgent, "ogpsearch/") {
			t.Errorf("request without our User-Agent: %q", r.UserAgent)
		}
	}
	if srv.Banned() {
		t.Fatal("the crawler got itself banned")
	}
	hostile := srv.HostilePages()
	for name, wantHits := range map[string]int{fixturesite.HostileRateLimited: 2, fixturesite.HostileUnavailable: 3} {
		ref := hostile[name]
		if got := hits(reqs, ref.URL, srv.URL()); got != wantHits {
			t.Errorf("%s page %s requested %d times, want %d (retried until it answers)", name, ref.URL, got, wantHits)
		}
	}
	checkFailures(t, sum)
	recs := readCorpus(t, out)
	checkCorpus(t, site, srv.ExpectedPages(), recs)
	for _, name := range []string{fixturesite.HostileEUCKR, fixturesite.HostileWindows1252} {
		ref := hostile[name]
		c, _ := site.Find(ref.ID)
		if got := recs[ref.ID+"/"+ref.Lang].Title; got != c.Pages[ref.Lang].Title {
			t.Errorf("%s page %s/%s: title %q, want %q", name, ref.ID, ref.Lang, got, c.Pages[ref.Lang].Title)
		}
	}
	t.Logf("%d requests; summary %+v", len(reqs), sum)

	// A second run resumes: unchanged pages answer 304, a changed one is
	// rewritten.
	srv.SetPage("KR0018", "fr", func(p *sample.Page) { p.Title = "Fournir des services publics personnalisés" })
	sum2 := crawl(t, srv, out)
	if sum2.Unchanged < len(srv.ExpectedPages())-2 || sum2.Stored < 1 {
		t.Errorf("re-crawl: %d unchanged, %d stored; want nearly all unchanged and the changed page stored", sum2.Unchanged, sum2.Stored)
	}
	if got := readCorpus(t, out)["KR0018/fr"].Title; got != "Fournir des services publics personnalisés" {
		t.Errorf("re-crawl kept the old title %q", got)
	}
}

func crawl(t *testing.T, srv *fixturesite.Server, out string) scraper.Summary {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	sum, err := scraper.Crawl(ctx, scraper.Config{
		Start: srv.StartURLs(), Out: out, Delay: 5 * time.Millisecond, Jitter: -1,
		Timeout: 5 * time.Second, Model: sitemodel.Default(),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

// checkPoliteness: never two requests in flight, and request starts at
// least the robots.txt Crawl-delay apart.
func checkPoliteness(t *testing.T, srv *fixturesite.Server, reqs []fixturesite.Request) {
	t.Helper()
	if srv.MaxInFlight() != 1 {
		t.Errorf("%d requests in flight at once, want 1", srv.MaxInFlight())
	}
	sort.Slice(reqs, func(i, j int) bool { return reqs[i].Start.Before(reqs[j].Start) })
	for i := 1; i < len(reqs); i++ {
		if gap := reqs[i].Start.Sub(reqs[i-1].Start); gap < crawlDelay {
			t.Errorf("request %s started %s after %s: under the crawl delay", reqs[i].Path, gap, reqs[i-1].Path)
		}
	}
}

func hits(reqs []fixturesite.Request, pageURL, base string) int {
	n := 0
	for _, r := range reqs {
		if base+r.Path == pageURL {
			n++
		}
	}
	return n
}

// checkFailures: the redirect loop, the off-site and trap redirects and the
// oversized page fail with reasons; robots.txt kept the crawler off CA0099.
func checkFailures(t *testing.T, sum scraper.Summary) {
	t.Helper()
	want := map[string]string{"KE0990": "", "KE0992": "", "KE0993": "", "KE0999": "too large"}
	for _, f := range sum.Failures {
		for id, reason := range want {
			if strings.Contains(f.URL, id) && strings.Contains(f.Reason, reason) {
				delete(want, id)
			}
		}
	}
	for id, reason := range want {
		t.Errorf("no failure recorded for %s (reason %q); failures: %+v", id, reason, sum.Failures)
	}
	if sum.SkippedRobots == 0 {
		t.Error("robots.txt skipped nothing, but the site links to a disallowed page")
	}
	if len(sum.HostsStopped) > 0 {
		t.Errorf("hosts stopped: %v", sum.HostsStopped)
	}
}

func readCorpus(t *testing.T, dir string) map[string]ogp.Commitment {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "commitments.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	recs, bad, err := ogp.ReadCorpus(bytes.NewReader(data))
	if err != nil || len(bad) > 0 {
		t.Fatalf("corpus: %v %v", err, bad)
	}
	out := map[string]ogp.Commitment{}
	for _, r := range recs {
		key := r.ID + "/" + r.Lang
		if _, dup := out[key]; dup {
			t.Errorf("page %s stored twice", key)
		}
		out[key] = r
	}
	return out
}

// checkCorpus: every expected page exactly once, nothing else, each with
// the fields of the sample.
func checkCorpus(t *testing.T, site *sample.Site, want []fixturesite.PageRef, recs map[string]ogp.Commitment) {
	t.Helper()
	if len(recs) != len(want) {
		t.Errorf("corpus has %d pages, want %d", len(recs), len(want))
	}
	for _, ref := range want {
		rec, ok := recs[ref.ID+"/"+ref.Lang]
		if !ok {
			t.Errorf("page %s/%s missing from the corpus", ref.ID, ref.Lang)
			continue
		}
		c, _ := site.Find(ref.ID)
		p := c.Pages[ref.Lang]
		var areas []string
		for _, a := range rec.PolicyAreas {
			areas = append(areas, a.Key)
		}
		got := []string{rec.URL, rec.Title, rec.Member, rec.Status.Key, strings.Join(areas, ","), strings.Split(rec.Description, "\n\n")[0]}
		exp := []string{ref.URL, p.Title, c.Member, c.Status, strings.Join(c.PolicyAreas, ","), ogp.CollapseSpace(p.Description[0])}
		for i := range got {
			if got[i] != exp[i] {
				t.Errorf("page %s/%s: field %d = %q, want %q", ref.ID, ref.Lang, i, got[i], exp[i])
			}
		}
		if rec.Year != c.Year || rec.FetchedAt == "" || rec.ContentHash == "" || len(rec.Translations) != len(c.Languages()) {
			t.Errorf("page %s/%s: year %d, fetched_at %q, hash %q, translations %v", ref.ID, ref.Lang, rec.Year, rec.FetchedAt, rec.ContentHash, rec.Translations)
		}
	}
}
