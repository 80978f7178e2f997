package scraper_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ogpsearch/ogpsearch/internal/history"
	"github.com/ogpsearch/ogpsearch/internal/sample"
	"github.com/ogpsearch/ogpsearch/scraper"
	"github.com/ogpsearch/ogpsearch/scraper/fixturesite"
	"github.com/ogpsearch/ogpsearch/scraper/sitemodel"
)

// TestCrawlRecordsHistory: the first crawl records every commitment as
// new; a re-crawl of the same site records nothing; a crawl that may have
// missed pages records no removal, a whole one does; a crawl re-run after
// a crash between the history and the corpus records nothing twice and
// brings the corpus up to date.
func TestCrawlRecordsHistory(t *testing.T) {
	if testing.Short() {
		t.Skip("crawls the fixture site")
	}
	srv := benchSite(t)
	out := t.TempDir()
	ids := map[string]bool{}
	for _, p := range srv.ExpectedPages() {
		ids[p.ID] = true
	}

	sum := crawl(t, srv, out)
	changes := readHistory(t, out)
	if len(changes) != len(ids) || sum.Changes[history.KindNew] != len(ids) {
		t.Fatalf("first crawl: %d changes, %v; want %d new", len(changes), sum.Changes, len(ids))
	}
	for _, c := range changes {
		if c.Kind != history.KindNew || !ids[c.ID] || c.Source != history.SourceSite || len(c.Langs) == 0 {
			t.Errorf("first crawl recorded %+v", c)
		}
	}
	if sum := crawl(t, srv, out); len(sum.Changes) != 0 || len(readHistory(t, out)) != len(ids) {
		t.Errorf("a re-crawl of the same site recorded %v", sum.Changes)
	}

	// KR0002 withdrawn: a crawl cut short by its page budget does not
	// record it; a whole crawl does, once.
	srv.RemoveCommitment("KR0002")
	if sum := crawlWith(t, srv, out, func(c *scraper.Config) { c.MaxPages = 20 }); len(sum.Changes) != 0 {
		t.Errorf("a partial crawl recorded %v", sum.Changes)
	}
	if sum := crawl(t, srv, out); sum.Changes[history.KindRemoved] != 1 || len(sum.Changes) != 1 {
		t.Errorf("the whole crawl recorded %v, want KR0002 removed", sum.Changes)
	}
	if sum := crawl(t, srv, out); len(sum.Changes) != 0 {
		t.Errorf("the removal was recorded again: %v", sum.Changes)
	}

	// A crash after the history was written, before the corpus was: the
	// re-run finds the old corpus and the new pages already stored.
	corpusFile := filepath.Join(out, scraper.CorpusFile)
	before, err := os.ReadFile(corpusFile)
	if err != nil {
		t.Fatal(err)
	}
	srv.SetCommitment("KR0018", func(c *sample.Commitment) { c.Status = "active" })
	if sum := crawl(t, srv, out); sum.Changes[history.KindChanged] != 1 {
		t.Fatalf("status change: %v", sum.Changes)
	}
	n := len(readHistory(t, out))
	if err := os.WriteFile(corpusFile, before, 0o644); err != nil {
		t.Fatal(err)
	}
	if sum := crawl(t, srv, out); len(sum.Changes) != 0 || len(readHistory(t, out)) != n {
		t.Errorf("the re-run recorded %v again", sum.Changes)
	}
	if got := readCorpus(t, out)["KR0018/en"].Status.Key; got != "active" {
		t.Errorf("after the re-run KR0018's status is %q in the corpus, want active", got)
	}
}

// crawlWith crawls like crawl, with the configuration changed by edit.
func crawlWith(t *testing.T, srv *fixturesite.Server, out string, edit func(*scraper.Config)) scraper.Summary {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cfg := scraper.Config{
		Start: srv.StartURLs(), Out: out, Delay: 5 * time.Millisecond, Jitter: -1,
		Timeout: 5 * time.Second, Model: sitemodel.Default(),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	edit(&cfg)
	sum, err := scraper.Crawl(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

func readHistory(t *testing.T, dir string) []history.Change {
	t.Helper()
	changes, damaged, err := history.Read(dir, history.Filter{})
	if err != nil || damaged > 0 {
		t.Fatalf("history: %v, %d damaged lines", err, damaged)
	}
	return changes
}
