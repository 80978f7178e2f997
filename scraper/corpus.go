package scraper

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/ogpsearch/ogpsearch/internal/atomicfile"
	"github.com/ogpsearch/ogpsearch/internal/history"
	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// Names inside a corpus directory.
const (
	CorpusFile = "commitments.jsonl" // one record per line, sorted by id then lang
	RawDir     = "raw"               // ID.lang.html.gz (UTF-8 HTML) and ID.lang.json (RawMeta)
)

// recKey is the identity of a record: one commitment in one language.
type recKey struct{ id, lang string }

// corpus is a corpus directory being written.
type corpus struct {
	dir       string
	canonLang string // language whose keys translations adopt

	mu      sync.Mutex
	records map[recKey]ogp.Commitment
	byURL   map[string]recKey  // record of a page URL
	raw     map[string]RawMeta // by URL and by final URL
	// lastFlush is when commitments.jsonl was last written.
	lastFlush time.Time
	flushMu   sync.Mutex // one flush at a time

	// The history (see history.go); nil when the corpus keeps none.
	hist    *history.Log
	dirty   map[recKey]*ogp.Commitment // records changed since the last flush, as they were then
	reached map[recKey]bool            // pages served in this crawl, by upper-case ID and language
	gone    []string                   // IDs the crawl found no longer on the site
}

// openCorpus opens (creating it if needed) a corpus directory and loads
// what an earlier crawl stored there.
func openCorpus(ctx context.Context, dir, canonLang string) (*corpus, error) {
	if err := os.MkdirAll(filepath.Join(dir, RawDir), 0o755); err != nil {
		return nil, fmt.Errorf("open corpus: %w", err)
	}
	c := &corpus{dir: dir, canonLang: canonLang, lastFlush: time.Now(), records: map[recKey]ogp.Commitment{},
		byURL: map[string]recKey{}, raw: map[string]RawMeta{}, dirty: map[recKey]*ogp.Commitment{}, reached: map[recKey]bool{}}
	if err := c.loadRecords(ctx); err != nil {
		return nil, err
	}
	if err := c.loadRawIndex(ctx); err != nil {
		return nil, err
	}
	return c, nil
}

// loadRecords reads commitments.jsonl, if present.
func (c *corpus) loadRecords(ctx context.Context) error {
	f, err := os.Open(filepath.Join(c.dir, CorpusFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	} else if err != nil {
		return fmt.Errorf("open corpus: %w", err)
	}
	defer f.Close()
	recs, bad, err := ogp.ReadCorpus(f)
	if err != nil {
		return fmt.Errorf("open corpus: %w", err)
	}
	if len(bad) > 0 {
		return fmt.Errorf("open corpus: %s %s", CorpusFile, bad[0])
	}
	for _, rec := range recs {
		c.putLocked(rec)
	}
	return ctx.Err()
}

// recordFor returns the record stored for a page URL.
func (c *corpus) recordFor(urls ...string) (ogp.Commitment, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, u := range urls {
		if k, ok := c.byURL[u]; ok {
			return c.records[k], true
		}
	}
	return ogp.Commitment{}, false
}

// record returns the record of (id, lang).
func (c *corpus) record(id, lang string) (ogp.Commitment, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.records[recKey{id, lang}]
	return r, ok
}

// put adds or replaces the record of (id, lang).
func (c *corpus) put(rec ogp.Commitment) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.noteOldLocked(recKey{rec.ID, rec.Lang})
	c.putLocked(rec)
}

func (c *corpus) putLocked(rec ogp.Commitment) {
	k := recKey{rec.ID, rec.Lang}
	if old, ok := c.records[k]; ok && c.byURL[old.URL] == k {
		delete(c.byURL, old.URL)
	}
	c.records[k] = rec
	c.byURL[rec.URL] = k
}

// maybeFlush flushes when the last flush is older than every.
func (c *corpus) maybeFlush(ctx context.Context, every time.Duration) error {
	c.mu.Lock()
	due := time.Since(c.lastFlush) >= every
	if due {
		c.lastFlush = time.Now()
	}
	c.mu.Unlock()
	if !due {
		return nil
	}
	return c.save(ctx, false)
}

// flush saves the corpus at the end of a job (see save).
func (c *corpus) flush(ctx context.Context) error { return c.save(ctx, true) }

// save records the changes since the last save in the history, if the
// corpus keeps one, then writes commitments.jsonl atomically: records
// sorted by id then lang, translations given the canonical keys of their
// English page. The history comes first so that a crash between the two
// loses no change (a re-run sees it again and does not record it twice).
// A save during a crawl (not final) may hold commitments back; see
// snapshotLocked.
func (c *corpus) save(ctx context.Context, final bool) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.flushMu.Lock()
	defer c.flushMu.Unlock()
	c.mu.Lock()
	recs, obs, taken := c.snapshotLocked(final)
	c.mu.Unlock()
	if c.hist != nil {
		if _, err := c.hist.Record(obs); err != nil {
			c.restoreDirty(taken)
			return fmt.Errorf("write history: %w", err)
		}
	}
	recs = AdoptCanonicalKeys(recs, c.canonLang)
	err := atomicfile.Write(filepath.Join(c.dir, CorpusFile), func(w io.Writer) error {
		return ogp.WriteCorpus(w, recs)
	})
	if err != nil {
		c.restoreDirty(taken)
		return fmt.Errorf("write corpus: %w", err)
	}
	return nil
}
