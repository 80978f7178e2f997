package scraper

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/xml"
	"fmt"
	"strings"

	"golang.org/x/net/html/charset"
)

const (
	// sitemapMaxBytes is the sitemap protocol's own limit (50 MB
	// uncompressed), applied after decompression.
	sitemapMaxBytes = 50 << 20
	// maxSitemapsPerHost bounds nested sitemap indexes.
	maxSitemapsPerHost = 100
)

// sitemapDoc is a <urlset> or a <sitemapindex>, whatever its namespace.
type sitemapDoc struct {
	URLs     []sitemapLoc `xml:"url"`
	Sitemaps []sitemapLoc `xml:"sitemap"`
}

type sitemapLoc struct {
	Loc string `xml:"loc"`
}

// parseSitemap reads a sitemap or a sitemap index, gzip-compressed or not,
// and returns the <loc> of its pages and of its child sitemaps.
func parseSitemap(body []byte) (pages, children []string, err error) {
	if bytes.HasPrefix(body, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return nil, nil, fmt.Errorf("parse sitemap: %w", err)
		}
		body, err = readCapped(zr, sitemapMaxBytes, false)
		if err != nil {
			return nil, nil, fmt.Errorf("parse sitemap: %w", err)
		}
	}
	var doc sitemapDoc
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.CharsetReader = charset.NewReaderLabel
	if err := dec.Decode(&doc); err != nil {
		return nil, nil, fmt.Errorf("parse sitemap: %w", err)
	}
	for _, u := range doc.URLs {
		if loc := strings.TrimSpace(u.Loc); loc != "" {
			pages = append(pages, loc)
		}
	}
	for _, s := range doc.Sitemaps {
		if loc := strings.TrimSpace(s.Loc); loc != "" {
			children = append(children, loc)
		}
	}
	return pages, children, nil
}

// visitSitemap fetches one sitemap and admits its pages and child sitemaps.
func (c *crawler) visitSitemap(ctx context.Context, h *host, it item) {
	if !h.robots.allowed(it.u) {
		c.countRobots()
		return
	}
	f, err := c.fetch(ctx, h, fetchReq{url: it.u, kind: kindSitemap, maxBytes: sitemapMaxBytes})
	if err != nil {
		c.fail(ctx, h, it.u.String(), err)
		return
	}
	pages, children, err := parseSitemap(f.body)
	if err != nil {
		c.fail(ctx, h, it.u.String(), err)
		return
	}
	for _, loc := range children {
		c.admitSitemap(loc, it.u)
	}
	for _, loc := range pages {
		if u, err := Normalize(loc, it.u); err == nil {
			c.admit(u, 1)
		}
	}
	c.log.Debug("sitemap read", "url", it.u.String(), "pages", len(pages), "sitemaps", len(children))
}
