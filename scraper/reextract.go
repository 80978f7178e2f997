package scraper

import (
	"context"
	"io"
	"time"

	"github.com/ogpsearch/ogpsearch/internal/history"
	"github.com/ogpsearch/ogpsearch/internal/ogp"
	"github.com/ogpsearch/ogpsearch/scraper/extract"
	"github.com/ogpsearch/ogpsearch/scraper/sitemodel"
)

// ReextractSummary counts what a re-extraction did.
type ReextractSummary struct {
	Pages    int       // raw pages read
	Records  int       // records written
	Changed  int       // records whose content differs from the corpus before
	Failures []Failure // pages the extractor refused, with why
	// Revisions counts the extractor revisions recorded in the history:
	// commitments whose compared fields the new extraction changed.
	Revisions int
}

// Reextract runs the current extractor over every raw page stored in the
// corpus directory dir (no network) and rewrites commitments.jsonl
// atomically, so that an extractor fix reaches the whole corpus. A page
// the extractor now refuses keeps its previous record, if it had one, and
// is reported; so is a page the extractor panics on. What the new
// extraction changes is recorded in the history as extractor revisions,
// never as changes on the site.
func Reextract(ctx context.Context, dir string, m *sitemodel.Model) (ReextractSummary, error) {
	if m == nil {
		m = sitemodel.Default()
	}
	return reextract(ctx, dir, m, func(r io.Reader, u string) (ogp.Commitment, error) {
		return extract.Extract(r, u, m)
	})
}

// reextract is Reextract with the extractor given.
func reextract(ctx context.Context, dir string, m *sitemodel.Model, extractPage ExtractFunc) (ReextractSummary, error) {
	var sum ReextractSummary
	c, err := openCorpus(ctx, dir, m.DefaultLanguage)
	if err != nil {
		return sum, err
	}
	if err := c.keepHistory(history.SourceExtractor, time.Now()); err != nil {
		return sum, err
	}
	pages, err := RawPages(ctx, dir)
	if err != nil {
		return sum, err
	}
	var fresh []ogp.Commitment
	for _, meta := range pages {
		body, err := ReadRawPage(ctx, dir, meta)
		if err != nil {
			return sum, err
		}
		sum.Pages++
		page := meta.FinalURL
		if page == "" {
			page = meta.URL
		}
		rec, err := safeExtract(extractPage, body, page)
		if err != nil {
			sum.Failures = append(sum.Failures, Failure{URL: meta.URL, Reason: err.Error()})
			continue
		}
		rec.FetchedAt = meta.FetchedAt
		fresh = append(fresh, rec)
	}
	// Compare as the corpus stores them: with the English page's keys.
	for _, rec := range AdoptCanonicalKeys(fresh, m.DefaultLanguage) {
		if old, ok := c.record(rec.ID, rec.Lang); !ok || extract.ContentHash(old) != extract.ContentHash(rec) {
			sum.Changed++
		}
		c.put(rec)
	}
	if err := c.flush(ctx); err != nil {
		return sum, err
	}
	for _, n := range c.hist.Counts() {
		sum.Revisions += n
	}
	if err := c.hist.Finish("reindex", true); err != nil {
		return sum, err
	}
	c.mu.Lock()
	sum.Records = len(c.records)
	c.mu.Unlock()
	return sum, nil
}
