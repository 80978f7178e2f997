package scraper

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/ogpsearch/ogpsearch/internal/atomicfile"
)

// RawMeta is the sidecar of a stored raw page: how it was fetched, so that
// a re-crawl can ask for it conditionally and a re-extraction needs no
// network.
type RawMeta struct {
	URL          string `json:"url"`       // URL requested (normalised)
	FinalURL     string `json:"final_url"` // after redirects
	Status       int    `json:"status"`
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
	ContentType  string `json:"content_type"`
	Charset      string `json:"charset"` // charset the page came in; the stored HTML is UTF-8
	FetchedAt    string `json:"fetched_at"`
	ID           string `json:"id"`   // from the URL, by the site model
	Lang         string `json:"lang"` // from the URL, by the site model
	File         string `json:"file"` // the gzip file, relative to raw/
}

// RawPages lists the pages stored in the raw/ directory of a corpus: the
// sidecars whose page file exists, in file name order. A broken sidecar is
// skipped (it only costs an unconditional fetch on the next crawl).
func RawPages(ctx context.Context, dir string) ([]RawMeta, error) {
	paths, err := filepath.Glob(filepath.Join(dir, RawDir, "*.json"))
	if err != nil {
		return nil, fmt.Errorf("list raw pages: %w", err)
	}
	var out []RawMeta
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("list raw pages: %w", err)
		}
		var m RawMeta
		b, err := os.ReadFile(p)
		if err != nil || json.Unmarshal(b, &m) != nil || m.File == "" || m.File != filepath.Base(m.File) {
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, RawDir, m.File)); err == nil {
			out = append(out, m)
		}
	}
	return out, nil
}

// loadRawIndex indexes the stored pages by URL and final URL.
func (c *corpus) loadRawIndex(ctx context.Context) error {
	pages, err := RawPages(ctx, c.dir)
	if err != nil {
		return fmt.Errorf("open corpus: %w", err)
	}
	for _, m := range pages {
		c.raw[m.URL], c.raw[m.FinalURL] = m, m
	}
	return nil
}

// stored returns the sidecar of the stored copy of a URL.
func (c *corpus) stored(u string) (RawMeta, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	m, ok := c.raw[u]
	return m, ok
}

// saveRaw stores a decoded page gzip-compressed and then its sidecar, each
// written atomically.
func (c *corpus) saveRaw(ctx context.Context, m RawMeta, page []byte) (RawMeta, error) {
	if err := ctx.Err(); err != nil {
		return m, err
	}
	stem := fileStem(m.ID) + "." + fileStem(m.Lang)
	m.File = stem + ".html.gz"
	dir := filepath.Join(c.dir, RawDir)
	err := atomicfile.Write(filepath.Join(dir, m.File), func(w io.Writer) error {
		zw := gzip.NewWriter(w)
		if _, err := zw.Write(page); err != nil {
			return err
		}
		return zw.Close()
	})
	if err == nil {
		err = atomicfile.Write(filepath.Join(dir, stem+".json"), func(w io.Writer) error {
			enc := json.NewEncoder(w)
			enc.SetIndent("", "  ")
			return enc.Encode(m)
		})
	}
	if err != nil {
		return m, fmt.Errorf("store raw page %s: %w", m.URL, err)
	}
	c.mu.Lock()
	c.raw[m.URL], c.raw[m.FinalURL] = m, m
	c.mu.Unlock()
	return m, nil
}

// readRaw returns the stored UTF-8 HTML of a page.
func (c *corpus) readRaw(ctx context.Context, m RawMeta) ([]byte, error) {
	return ReadRawPage(ctx, c.dir, m)
}

// ReadRawPage returns the stored page m of the corpus in dir: UTF-8 HTML,
// ready for extract.Extract with m.FinalURL.
func ReadRawPage(ctx context.Context, dir string, m RawMeta) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("read raw page %s: %w", m.URL, err)
	}
	f, err := os.Open(filepath.Join(dir, RawDir, filepath.Base(m.File)))
	if err != nil {
		return nil, fmt.Errorf("read raw page %s: %w", m.URL, err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("read raw page %s: %w", m.URL, err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("read raw page %s: %w", m.URL, err)
	}
	return b, nil
}

// fileStem keeps the characters of s that are safe in a file name.
func fileStem(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			return r
		}
		return -1
	}, s)
	if s == "" {
		return "_"
	}
	return s
}
