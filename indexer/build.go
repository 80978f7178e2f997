package indexer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"

	"github.com/ogpsearch/ogpsearch/internal"
)

// Options tune a build. Zero fields take defaults.
type Options struct {
	Full      bool      // rebuild everything even when an index exists
	BatchSize int       // documents per bleve batch (default 500)
	Workers   int       // goroutines sending batches (default: one per core, at least 2)
	Progress  io.Writer // periodic progress lines (nil = none)
	Log       *slog.Logger
	// ProgressEvery is the period of progress lines (default 2s).
	ProgressEvery time.Duration
	// GCPercent is the garbage collector's target during the build
	// (default 300; see runtime/debug.SetGCPercent).
	GCPercent int
}

// Summary tells what a build did.
type Summary struct {
	Records     int                  // corpus lines read as records
	Commitments int                  // commitments in the new index
	Indexed     int                  // documents (re)indexed
	Unchanged   int                  // documents kept as they were (incremental)
	Removed     int                  // documents of commitments gone from the corpus
	Rejected    []internal.LineError // lines skipped, with why
	Version     string               // the version now current
	TextBytes   int64                // size of the corpus file
	Elapsed     time.Duration
}

// Build indexes the corpus at corpusPath (a directory or a .jsonl file)
// into a new version of the index in dir and makes it current. When dir
// already has an index and opts.Full is false, the new version starts as a
// copy of the current one and only changed commitments are re-indexed. On
// any error the current version stays as it was.
func Build(ctx context.Context, corpusPath, dir string, opts Options) (sum Summary, err error) {
	start := time.Now()
	opts = opts.withDefaults()
	// A build allocates heavily and briefly; collecting less often costs
	// some memory and saves a tenth of the CPU.
	defer debug.SetGCPercent(debug.SetGCPercent(opts.GCPercent))
	src, err := openSource(ctx, corpusPath)
	if err != nil {
		return sum, err
	}
	defer src.Close()
	sum.Records, sum.Rejected, sum.TextBytes = src.records, src.rejected, src.bytes
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return sum, fmt.Errorf("index: %w", err)
	}
	version := newVersionName()
	tmp := filepath.Join(dir, version+".tmp")
	defer func() {
		if err = writeFailure(tmp, err); err != nil {
			_ = os.RemoveAll(tmp)
		}
	}()
	idx, hashes, err := startVersion(dir, tmp, opts.Full)
	if err != nil {
		return sum, err
	}
	b := &builder{idx: idx, src: src, hashes: hashes, opts: opts, sum: &sum, start: start}
	if err = b.run(ctx); err == nil {
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

func (o Options) withDefaults() Options {
	if o.BatchSize <= 0 {
		o.BatchSize = 500
	}
	if o.Workers <= 0 {
		o.Workers = max(2, runtime.GOMAXPROCS(0))
	}
	if o.Log == nil {
		o.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if o.GCPercent <= 0 {
		o.GCPercent = 300
	}
	if o.ProgressEvery <= 0 {
		o.ProgressEvery = 2 * time.Second
	}
	return o
}

// startVersion creates the new version's index: a copy of the current one
// (incremental) or an empty index (full build, or no index yet). It returns
// the content hashes of the documents already there.
func startVersion(dir, tmp string, full bool) (bleve.Index, map[string]string, error) {
	cur, _, err := Current(dir)
	if err != nil && !full && !errors.Is(err, ErrNoIndex) {
		return nil, nil, err
	}
	var old bleve.Index
	if err == nil && !full {
		// A version that does not open, or of another format, cannot be
		// updated in place: it is rebuilt in full.
		if o, err := bleve.OpenUsing(cur, map[string]any{"read_only": true}); err == nil {
			if Format(o) == FormatVersion {
				old = o
			} else {
				o.Close()
			}
		}
	}
	if old == nil {
		idx, err := newVersion(tmp)
		if err != nil {
			return nil, nil, fmt.Errorf("index: create: %w", err)
		}
		return idx, map[string]string{}, nil
	}
	defer old.Close()
	copyable, ok := old.(bleve.IndexCopyable)
	if !ok {
		return nil, nil, errors.New("index: the current version cannot be copied")
	}
	if err := copyable.CopyTo(bleve.FileSystemDirectory(tmp)); err != nil {
		return nil, nil, fmt.Errorf("index: copy current version: %w", err)
	}
	idx, err := openVersion(tmp)
	if err != nil {
		return nil, nil, fmt.Errorf("index: open copy: %w", err)
	}
	hashes, err := storedHashes(idx)
	if err != nil {
		idx.Close()
		return nil, nil, err
	}
	return idx, hashes, nil
}

// markFormat records the format version in the index.
func markFormat(idx bleve.Index) error {
	if err := idx.SetInternal(formatKey, []byte(strconv.Itoa(FormatVersion))); err != nil {
		return fmt.Errorf("index: %w", err)
	}
	return nil
}

// mergeSegments merges the segments of the closed index at path into one:
// a search walks each segment's postings separately, so one segment
// answers fastest. Scorch merges only segments on disk, hence the reopen;
// it deletes the merged-away files later, in the background, so the
// merged index is copied into path/merged, whose files then replace
// path's. All of it stays inside path, a .tmp build until committed.
func mergeSegments(ctx context.Context, path string) error {
	idx, err := openVersion(path)
	if err != nil {
		return fmt.Errorf("index: merge segments: %w", err)
	}
	merged := filepath.Join(path, "merged")
	err = forceMerge(ctx, idx, merged)
	if cerr := idx.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = ctx.Err()
	}
	if err == nil {
		err = replaceFiles(path, merged)
	}
	if err != nil {
		_ = os.RemoveAll(merged)
		return fmt.Errorf("index: merge segments: %w", err)
	}
	return nil
}

// replaceFiles moves the entries of from into dir, replacing dir's own,
// and removes from.
func replaceFiles(dir, from string) error {
	entries, err := os.ReadDir(from)
	if err != nil {
		return err
	}
	for _, e := range entries {
		target := filepath.Join(dir, e.Name())
		if err := os.RemoveAll(target); err != nil {
			return err
		}
		if err := os.Rename(filepath.Join(from, e.Name()), target); err != nil {
			return err
		}
	}
	return os.Remove(from)
}

func forceMerge(ctx context.Context, idx bleve.Index, copyTo string) error {
	adv, err := idx.Advanced()
	if err != nil {
		return err
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return fmt.Errorf("not a scorch index")
	}
	if err := s.ForceMerge(ctx, &mergeplan.SingleSegmentMergePlanOptions); err != nil {
		return err
	}
	copyable, ok := idx.(bleve.IndexCopyable)
	if !ok {
		return fmt.Errorf("the index cannot be copied")
	}
	return copyable.CopyTo(bleve.FileSystemDirectory(copyTo))
}

// formatKey holds the format version among the index's internal values.
var formatKey = []byte("ogpsearch_format")

// Format returns the format version an open index was built with (0 for
// an index from before formats were recorded).
func Format(idx bleve.Index) int {
	v, err := idx.GetInternal(formatKey)
	if err != nil {
		return 0
	}
	n, _ := strconv.Atoi(string(v))
	return n
}

// CheckFormat reports an index this program cannot search as it is.
func CheckFormat(idx bleve.Index) error {
	if f := Format(idx); f != FormatVersion {
		return fmt.Errorf("the index has format %d, this program reads format %d: rebuild it with `ogpsearch index --full`", f, FormatVersion)
	}
	return nil
}

// storedHashes reads the content hash of every document.
func storedHashes(idx bleve.Index) (map[string]string, error) {
	n, err := idx.DocCount()
	if err != nil {
		return nil, err
	}
	req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), int(n), 0, false)
	req.Fields = []string{FieldContentHash}
	res, err := idx.Search(req)
	if err != nil {
		return nil, fmt.Errorf("index: read stored hashes: %w", err)
	}
	out := make(map[string]string, len(res.Hits))
	for _, h := range res.Hits {
		out[h.ID], _ = h.Fields[FieldContentHash].(string)
	}
	return out, nil
}

// verify opens a built version and checks it holds the expected number of
// documents and answers a query.
func verify(path string, want int) error {
	idx, err := bleve.OpenUsing(path, map[string]any{"read_only": true})
	if err != nil {
		return fmt.Errorf("index: check new version: %w", err)
	}
	defer idx.Close()
	n, err := idx.DocCount()
	if err != nil {
		return fmt.Errorf("index: check new version: %w", err)
	}
	if int(n) != want {
		return fmt.Errorf("index: check new version: %d documents, want %d", n, want)
	}
	res, err := idx.Search(bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 1, 0, false))
	if err != nil {
		return fmt.Errorf("index: check new version: %w", err)
	}
	if int(res.Total) != want {
		return fmt.Errorf("index: check new version: a query finds %d documents, want %d", res.Total, want)
	}
	return nil
}

// builder sends the corpus to the index: one goroutine reads and builds
// documents, opts.Workers goroutines send batches, so analysis and segment
// building use every core.
type builder struct {
	idx    bleve.Index
	src    *source
	hashes map[string]string
	opts   Options
	sum    *Summary
	start  time.Time
	docs   int // commitments in the new version
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
		if len(pages) == 0 {
			continue
		}
		id, doc, err := Document(pages)
		if err != nil {
			return err
		}
		seen[id] = true
		b.docs++
		if b.hashes[id] != "" && b.hashes[id] == doc[FieldContentHash] {
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
	for id := range b.hashes {
		if !seen[id] {
			batch.Delete(id)
			b.sum.Removed++
		}
	}
	return send()
}

func (b *builder) progress(done, total int) {
	el := time.Since(b.start).Seconds()
	fmt.Fprintf(b.opts.Progress, "index: %d/%d commitments (%.0f%%), %.0f docs/s\n", done, total, 100*float64(done)/float64(max(total, 1)), float64(done)/max(el, 0.001))
}
