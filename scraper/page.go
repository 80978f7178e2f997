package scraper

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/ogpsearch/ogpsearch/internal/ogp"
	"github.com/ogpsearch/ogpsearch/scraper/sitemodel"
)

// visitPage fetches one page (conditionally when a copy is stored),
// follows its links and, for a commitment page, stores it and its record.
func (c *crawler) visitPage(ctx context.Context, h *host, it item) {
	if !h.robots.allowed(it.u) {
		c.countRobots()
		c.log.Info("robots.txt disallows", "url", it.u.String())
		return
	}
	if !c.takePage() {
		return
	}
	fr := fetchReq{url: it.u, kind: kindPage, start: it.start, maxBytes: c.cfg.MaxBodyBytes}
	if m, ok := c.corpus.stored(it.u.String()); ok {
		fr.cond = &m
	}
	f, err := c.fetch(ctx, h, fr)
	if err != nil {
		c.markGonePage(it.u, err)
		c.fail(ctx, h, it.u.String(), err)
		return
	}
	c.markSeen(f.finalURL)
	if f.notModified {
		c.unchanged(ctx, h, *fr.cond)
		return
	}
	c.add(func(s *Summary) { s.Fetched++ })
	ct := f.header.Get("Content-Type")
	if !isHTML(ct, f.body) {
		c.fail(ctx, h, it.u.String(), fmt.Errorf("fetch %s: %w: %q", it.u, errNotHTML, ct))
		return
	}
	page, cs, err := decodeHTML(f.body, ct)
	if err != nil {
		c.fail(ctx, h, it.u.String(), fmt.Errorf("fetch %s: %w", it.u, err))
		return
	}
	c.follow(page, f.finalURL, it.depth+1) // relative links resolve against the address served
	final := SiteCanonical(f.finalURL, c.model)
	if c.model.Classify(final).Kind == sitemodel.CommitmentPage {
		c.store(ctx, h, it.u, final, f, page, cs)
	}
}

// follow admits the followable links of a decoded page, which are depth
// links away from a start URL; past maxLinksPerPage they are dropped.
func (c *crawler) follow(page []byte, pageURL *url.URL, depth int) {
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(page))
	if err != nil {
		c.log.Warn("unparsable page", "url", pageURL.String(), "err", err)
		return
	}
	links, capped := pageLinks(doc, pageURL, maxLinksPerPage)
	if capped {
		c.add(func(s *Summary) { s.LinksCapped++ })
		c.log.Warn("page has too many links; the rest are ignored", "url", pageURL.String(), "kept", maxLinksPerPage)
	}
	for _, u := range links {
		c.admit(u, depth)
	}
}

// store keeps a fetched commitment page in raw/ and its record.
func (c *crawler) store(ctx context.Context, h *host, reqURL, final *url.URL, f *fetched, page []byte, charset string) {
	p := c.model.Classify(final)
	c.corpus.markReached(p.ID, p.Lang)
	m := RawMeta{
		URL: reqURL.String(), FinalURL: final.String(), Status: f.status,
		ETag: f.header.Get("ETag"), LastModified: f.header.Get("Last-Modified"),
		ContentType: f.header.Get("Content-Type"), Charset: charset,
		FetchedAt: time.Now().UTC().Format(time.RFC3339), ID: p.ID, Lang: p.Lang,
	}
	m, err := c.corpus.saveRaw(ctx, m, page)
	if err != nil {
		c.fail(ctx, h, reqURL.String(), err)
		return
	}
	c.extractAndPut(ctx, h, m, page)
}

// unchanged handles a 304: the stored record stays; the stored page is
// read again for its links, and extracted if it has no record yet, or an
// older one (a crash came between storing the page and writing the corpus).
func (c *crawler) unchanged(ctx context.Context, h *host, m RawMeta) {
	c.add(func(s *Summary) { s.Unchanged++ })
	c.corpus.markReached(m.ID, m.Lang)
	page, err := c.corpus.readRaw(ctx, m)
	if err != nil {
		c.fail(ctx, h, m.URL, err)
		return
	}
	if u, err := url.Parse(m.FinalURL); err == nil {
		c.follow(page, u, 1) // how deep it was found is not stored
	}
	rec, ok := c.corpus.recordFor(m.URL, m.FinalURL)
	if !ok {
		rec, ok = c.corpus.record(m.ID, m.Lang)
	}
	if ok && rec.FetchedAt == m.FetchedAt {
		return
	}
	c.extractAndPut(ctx, h, m, page)
}

// extractAndPut turns a stored page into its record. An extraction failure
// (or panic) is recorded and nothing is stored.
func (c *crawler) extractAndPut(ctx context.Context, h *host, m RawMeta, page []byte) {
	rec, err := safeExtract(c.cfg.Extract, page, m.FinalURL)
	if err != nil {
		c.fail(ctx, h, m.FinalURL, fmt.Errorf("extract %s: %w", m.FinalURL, err))
		return
	}
	rec.ID = cmp.Or(rec.ID, m.ID)
	rec.Lang = cmp.Or(rec.Lang, m.Lang)
	rec.URL = cmp.Or(rec.URL, m.FinalURL)
	rec.FetchedAt = m.FetchedAt
	c.corpus.put(rec)
	c.add(func(s *Summary) { s.Stored++ })
	if err := c.corpus.maybeFlush(ctx, c.cfg.SaveEvery); err != nil {
		c.log.Error("corpus not written", "err", err)
	}
}

// safeExtract runs an extractor on one page, turning a panic into an
// error, so that one page the extractor cannot handle fails alone (in a
// crawl and in a re-extraction).
func safeExtract(extract ExtractFunc, page []byte, pageURL string) (rec ogp.Commitment, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("extractor panicked: %v", p)
		}
	}()
	return extract(bytes.NewReader(page), pageURL)
}

// fail records a failed URL; a stopError also stops its host. Failures
// caused by the crawl being cancelled are not recorded.
func (c *crawler) fail(ctx context.Context, h *host, u string, err error) {
	if ctx.Err() != nil {
		return
	}
	var stop *stopError
	if errors.As(err, &stop) {
		c.stopHost(h, stop.reason)
	}
	c.add(func(s *Summary) { s.Failures = append(s.Failures, Failure{URL: u, Reason: err.Error()}) })
	c.log.Warn("page failed", "url", u, "err", err)
}
