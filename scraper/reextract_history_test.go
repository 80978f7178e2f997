package scraper

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/ogpsearch/ogpsearch/internal/history"
	"github.com/ogpsearch/ogpsearch/internal/ogp"
	"github.com/ogpsearch/ogpsearch/internal/sample"
	"github.com/ogpsearch/ogpsearch/scraper/extract"
	"github.com/ogpsearch/ogpsearch/scraper/fixturesite"
	"github.com/ogpsearch/ogpsearch/scraper/sitemodel"
)

// TestReextractRecordsRevisions: what a changed extractor changes is
// recorded as extractor revisions, apart from the site's changes, and
// once; the same extractor again records nothing.
func TestReextractRecordsRevisions(t *testing.T) {
	if testing.Short() {
		t.Skip("crawls the fixture site")
	}
	site, err := sample.Load()
	if err != nil {
		t.Fatal(err)
	}
	srv := fixturesite.New(site, fixturesite.Options{})
	dir := t.TempDir()
	m := sitemodel.Default()
	cfg := Config{Start: srv.StartURLs(), Out: dir, Delay: 2 * time.Millisecond, Jitter: -1, Model: m,
		Logger: slog.New(slog.DiscardHandler)}
	if _, err := Crawl(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	srv.Close() // from here on, no network
	siteChanges, _, _ := history.Read(dir, history.Filter{Source: history.SourceSite})

	// The new extractor reads KR0018's English title otherwise and more of
	// the Korean IRM summary of KR0011.
	better := func(r io.Reader, u string) (ogp.Commitment, error) {
		rec, err := extract.Extract(r, u, m)
		switch {
		case rec.ID == "KR0018" && rec.Lang == "en":
			rec.Title = "services, revised"
		case rec.ID == "KR0011" && rec.Lang == "ko":
			rec.IRMSummary += " (revised)"
		}
		return rec, err
	}
	sum, err := reextract(context.Background(), dir, m, better)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Revisions != 2 {
		t.Errorf("%d revisions recorded, want 2", sum.Revisions)
	}
	revs, _, _ := history.Read(dir, history.Filter{Source: history.SourceExtractor})
	if len(revs) != 2 || revs[0].ID != "KR0011" || revs[1].ID != "KR0018" {
		t.Fatalf("revisions %+v", revs)
	}
	if f := revs[1].Fields; len(f) != 1 || f[0].Field != "title" || f[0].Lang != "en" || f[0].New != "services, revised" || revs[1].Kind != history.KindChanged {
		t.Errorf("KR0018's revision: %+v", revs[1])
	}
	if f := revs[0].Fields; len(f) != 1 || f[0].Field != "irm_summary" || f[0].Lang != "ko" || f[0].NewLen != f[0].OldLen+len(" (revised)") {
		t.Errorf("KR0011's revision: %+v", revs[0])
	}
	if now, _, _ := history.Read(dir, history.Filter{Source: history.SourceSite}); len(now) != len(siteChanges) {
		t.Errorf("the re-extraction recorded %d site changes", len(now)-len(siteChanges))
	}
	if sum, err := reextract(context.Background(), dir, m, better); err != nil || sum.Revisions != 0 {
		t.Errorf("the same extractor again: %d revisions, %v", sum.Revisions, err)
	}
	if jobs, _ := history.Jobs(dir); jobs["reindex"].Total() != 0 || jobs["crawl"].Total() != len(siteChanges) {
		t.Errorf("jobs %+v", jobs)
	}
}
