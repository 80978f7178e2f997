package indexer

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/ogpsearch/ogpsearch/internal/dirlock"
	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// DefaultBatchSize is how many documents a build sends to bleve at once.
const DefaultBatchSize = 500

// Options tune a build. Zero fields take defaults.
type Options struct {
	Full      bool      // rebuild everything even when an index exists
	BatchSize int       // documents per bleve batch (default DefaultBatchSize)
	Workers   int       // goroutines sending batches (default: one per core, at least 2)
	Progress  io.Writer // periodic progress lines (nil = none)
	Log       *slog.Logger
	// ProgressEvery is the period of progress lines (default 2s).
	ProgressEvery time.Duration

	// AllowRemovals lets a build switch in a version that has no
	// commitments, or that removes more than a tenth of the current
	// version's: without it such a build fails with an *ogp.ShrinkError and the
	// current version stays.
	AllowRemovals bool
	// MaxRejected is how many corpus lines may be rejected (invalid JSON,
	// an invalid ID, year or URL, a line too long…) before the build fails
	// instead of switching; negative: any number. Zero, the default, fails
	// on the first.
	MaxRejected int
	// Wait makes a build wait for the lock of the index directory that
	// another process holds, instead of failing at once.
	Wait bool
	// Lock, when the caller already holds the index directory's lock
	// (dirlock.Acquire), stops Build from taking it again.
	Lock *dirlock.Lock
}

// Summary tells what a build did.
type Summary struct {
	Records     int             // corpus lines read as records
	Commitments int             // commitments in the new index
	Indexed     int             // documents (re)indexed
	Unchanged   int             // documents kept as they were (incremental)
	Removed     int             // documents of commitments gone from the corpus
	Kept        int             // commitments kept as they were because lines of theirs were rejected
	Rejected    []ogp.LineError // lines skipped, with why
	Version     string          // the version now current
	TextBytes   int64           // size of the corpus file
	Elapsed     time.Duration
}

// Build indexes the corpus at corpusPath (a directory or a .jsonl file)
// into a new version of the index in dir and makes it current. When dir
// already has an index and opts.Full is false, the new version starts as a
// copy of the current one and only changed commitments are re-indexed.
//
// A build holds the directory's lock from start to end, so two builds never
// write one directory. It refuses to switch in a version when corpus lines
// were rejected (beyond opts.MaxRejected) or when the version would be
// empty or remove more than a tenth of the current one's commitments
// (unless opts.AllowRemovals). A commitment with a rejected line is never
// taken as removed: it keeps its current document. On any error the
// current version stays as it was.
func Build(ctx context.Context, corpusPath, dir string, opts Options) (sum Summary, err error) {
	start := time.Now()
	opts = opts.withDefaults()
	defer func() {
		sort.SliceStable(sum.Rejected, func(i, j int) bool { return sum.Rejected[i].Line < sum.Rejected[j].Line })
	}()
	src, err := openSource(ctx, corpusPath)
	if err != nil {
		return sum, err
	}
	defer src.Close()
	hist, err := readHistories(corpusPath)
	if err != nil {
		return sum, fmt.Errorf("index: %w", err)
	}
	sum.Records, sum.Rejected, sum.TextBytes = src.records, src.rejected, src.bytes
	if err := checkRejected(sum.Rejected, opts.MaxRejected); err != nil {
		// Fail before the work, but report every bad line at once.
		sum.Rejected = append(sum.Rejected, src.recordErrors(ctx)...)
		return sum, checkRejected(sum.Rejected, opts.MaxRejected)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return sum, fmt.Errorf("index: %w", err)
	}
	if opts.Lock == nil {
		lock, err := dirlock.Acquire(ctx, dir, opts.Wait)
		if err != nil {
			return sum, fmt.Errorf("index: %w", err)
		}
		defer lock.Release()
	}
	version := newVersionName()
	tmp := filepath.Join(dir, version+".tmp")
	defer func() {
		if err = writeFailure(tmp, err); err != nil {
			_ = os.RemoveAll(tmp)
		}
	}()
	idx, cur, err := startVersion(dir, tmp, opts.Full, src)
	if err != nil {
		return sum, err
	}
	defer cur.close()
	b := &builder{dir: dir, idx: idx, src: src, hist: hist, cur: cur, opts: opts, sum: &sum, start: start}
	// What the first pass already shows: fail before the work.
	if err = b.checkShrink(b.removalsBefore()); err == nil {
		err = b.run(ctx)
	}
	if err == nil {
		err = checkRejected(sum.Rejected, opts.MaxRejected)
	}
	if err == nil {
		err = b.checkShrink(b.docs, sum.Removed)
	}
	if err == nil {
		err = markFormat(idx)
	}
	if err != nil {
		idx.Close()
		return sum, err
	}
	if err = idx.Close(); err != nil {
		return sum, fmt.Errorf("index: close new version: %w", err)
	}
	if sum.Indexed*10 >= b.docs {
		// A small update leaves a few small segments beside the big one:
		// merging would rewrite the whole index for little gain.
		if opts.Progress != nil {
			fmt.Fprintln(opts.Progress, "index: merging segments into one")
		}
		if err = mergeSegments(ctx, tmp); err != nil {
			return sum, err
		}
	}
	if err = verify(tmp, b.docs); err != nil {
		return sum, err
	}
	if err = commit(dir, tmp, version); err != nil {
		return sum, err
	}
	sum.Commitments, sum.Version, sum.Elapsed = b.docs, version, time.Since(start)
	return sum, nil
}

// RejectedError is a build that stopped because corpus lines were rejected.
type RejectedError struct {
	Rejected, Allowed int
}

func (e *RejectedError) Error() string {
	return fmt.Sprintf("index: %d corpus lines rejected, %d allowed: nothing switched, the current version is unchanged (fix the lines, or allow them with --max-rejected %d)",
		e.Rejected, e.Allowed, e.Rejected)
}

func checkRejected(rejected []ogp.LineError, allowed int) error {
	if allowed >= 0 && len(rejected) > allowed {
		return &RejectedError{Rejected: len(rejected), Allowed: allowed}
	}
	return nil
}

// checkShrink refuses a version of docs commitments that removes removed
// of the current version's (ogp.CheckShrink).
func (b *builder) checkShrink(docs, removed int) error {
	return ogp.CheckShrink("index "+b.dir, len(b.cur.hashes), docs, removed, b.opts.AllowRemovals)
}

func (o Options) withDefaults() Options {
	if o.BatchSize <= 0 {
		o.BatchSize = DefaultBatchSize
	}
	if o.Workers <= 0 {
		o.Workers = max(2, runtime.GOMAXPROCS(0))
	}
	if o.Log == nil {
		o.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if o.ProgressEvery <= 0 {
		o.ProgressEvery = 2 * time.Second
	}
	return o
}

// builder sends the corpus to the index: one goroutine reads and builds
// documents, opts.Workers goroutines send batches, so analysis and segment
// building use every core.
type builder struct {
	dir   string
	idx   bleve.Index
	src   *source
	hist  histories // the site changes of the corpus's history
	cur   *current
	opts  Options
	sum   *Summary
	start time.Time
	docs  int // commitments in the new version

	// Commitments whose lines were rejected keep their current document;
	// a rejected line whose id could not be read keeps every commitment
	// the corpus lacks.
	rejectedIDs     map[string]bool
	rejectedUnknown bool
}

// noteRejected records whose lines were rejected.
func (b *builder) noteRejected(bad []ogp.LineError) {
	if b.rejectedIDs == nil {
		b.rejectedIDs = map[string]bool{}
	}
	for _, r := range bad {
		if r.ID == "" {
			b.rejectedUnknown = true
		} else {
			b.rejectedIDs[r.ID] = true
		}
	}
}

// keeps reports whether a commitment of the current version that the
// corpus lacks keeps its document because lines of the corpus were
// rejected.
func (b *builder) keeps(id string) bool {
	return b.cur.has(id) && (b.rejectedIDs[id] || b.rejectedUnknown)
}

// removalsBefore tells, from the corpus' first pass, how many commitments
// the new version will hold and how many of the current version's it will
// remove.
func (b *builder) removalsBefore() (docs, removed int) {
	b.noteRejected(b.sum.Rejected)
	inCorpus := make(map[string]bool, len(b.src.groups))
	for _, g := range b.src.groups {
		inCorpus[g.id] = true
	}
	docs = len(b.src.groups)
	for id := range b.cur.hashes {
		switch {
		case inCorpus[id]:
		case b.keeps(id):
			docs++
		default:
			removed++
		}
	}
	return docs, removed
}

// keep puts a commitment's current document in the new version: nothing to
// do when the new version is a copy, a re-index of its stored pages
// otherwise.
func (b *builder) keep(id string, batch *bleve.Batch) error {
	b.docs++
	b.sum.Kept++
	if b.cur.copied {
		return nil
	}
	req := bleve.NewSearchRequestOptions(bleve.NewDocIDQuery([]string{id}), 1, 0, false)
	req.Fields = []string{FieldMeta}
	res, err := b.cur.idx.Search(req)
	if err != nil {
		return fmt.Errorf("index: keep %s from the current version: %w", id, err)
	}
	if len(res.Hits) == 0 {
		return fmt.Errorf("index: keep %s from the current version: it has no such document", id)
	}
	pages, err := Pages(res.Hits[0].Fields)
	if err != nil {
		return fmt.Errorf("index: keep %s from the current version: %w", id, err)
	}
	_, doc, err := Document(pages)
	if err != nil {
		return err
	}
	if err := addHistory(doc, b.hist[id]); err != nil {
		return err
	}
	return batch.Index(id, doc)
}

func (b *builder) run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan *bleve.Batch, b.opts.Workers)
	errs := make(chan error, b.opts.Workers+1)
	var wg sync.WaitGroup
	for range b.opts.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for batch := range batches {
				if err := writeBatch(b.idx, batch); err != nil {
					errs <- fmt.Errorf("index: write batch: %w", err)
					cancel()
					return
				}
			}
		}()
	}
	err := b.produce(ctx, batches)
	close(batches)
	wg.Wait()
	close(errs)
	if e, ok := <-errs; ok {
		return e
	}
	return err
}

// produce builds documents and batches; it also deletes the documents of
// commitments the corpus no longer has.
func (b *builder) produce(ctx context.Context, out chan<- *bleve.Batch) error {
	batch := b.idx.NewBatch()
	send := func() error {
		if batch.Size() == 0 {
			return nil
		}
		select {
		case out <- batch:
		case <-ctx.Done():
			return ctx.Err()
		}
		batch = b.idx.NewBatch()
		return nil
	}
	seen := make(map[string]bool, len(b.src.groups))
	lastReport := time.Now()
	for i, g := range b.src.groups {
		if err := ctx.Err(); err != nil {
			return err
		}
		pages, bad := b.src.pages(g)
		// Lines that looked like records but do not decode are rejected
		// here, no longer counted as records.
		b.sum.Records -= len(bad)
		b.sum.Rejected = append(b.sum.Rejected, bad...)
		b.noteRejected(bad)
		if b.cur.has(g.id) && b.rejectedIDs[g.id] {
			seen[g.id] = true
			if err := b.keep(g.id, batch); err != nil {
				return err
			}
			continue
		}
		if len(pages) == 0 {
			continue
		}
		id, doc, err := Document(pages)
		if err != nil {
			return err
		}
		if err := addHistory(doc, b.hist[id]); err != nil {
			return err
		}
		seen[id] = true
		b.docs++
		if b.cur.copied && b.cur.hashes[id] != "" && b.cur.hashes[id] == doc[FieldContentHash] {
			b.sum.Unchanged++
			continue
		}
		if err := batch.Index(id, doc); err != nil {
			return fmt.Errorf("index %s: %w", id, err)
		}
		b.sum.Indexed++
		if batch.Size() >= b.opts.BatchSize {
			if err := send(); err != nil {
				return err
			}
		}
		if b.opts.Progress != nil && time.Since(lastReport) >= b.opts.ProgressEvery {
			lastReport = time.Now()
			b.progress(i+1, len(b.src.groups))
		}
	}
	for id := range b.cur.hashes {
		switch {
		case seen[id]:
		case b.keeps(id):
			if err := b.keep(id, batch); err != nil {
				return err
			}
		default:
			if b.cur.copied {
				batch.Delete(id)
			}
			b.sum.Removed++
		}
	}
	return send()
}

func (b *builder) progress(done, total int) {
	el := time.Since(b.start).Seconds()
	fmt.Fprintf(b.opts.Progress, "index: %d/%d commitments (%.0f%%), %.0f docs/s\n", done, total, 100*float64(done)/float64(max(total, 1)), float64(done)/max(el, 0.001))
}
