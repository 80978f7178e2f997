package indexer

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ogpsearch/ogpsearch/indexer/plainbleve"
	"github.com/ogpsearch/ogpsearch/internal"
	"github.com/ogpsearch/ogpsearch/internal/sample"
)

// benchDocs is the corpus size of the build benchmarks: 20,000 commitments
// unless OGPSEARCH_BENCH_DOCS says otherwise.
func benchDocs() int {
	if n, err := strconv.Atoi(os.Getenv("OGPSEARCH_BENCH_DOCS")); err == nil && n > 0 {
		return n
	}
	return 20000
}

// benchCorpusDir is where benchCorpus wrote, removed by TestMain.
var benchCorpusDir string

func TestMain(m *testing.M) {
	code := m.Run()
	if benchCorpusDir != "" {
		os.RemoveAll(benchCorpusDir)
	}
	os.Exit(code)
}

// benchCorpus writes a scaled corpus once per process.
var benchCorpus = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "ogpsearch-bench")
	if err != nil {
		return "", err
	}
	benchCorpusDir = dir
	path := filepath.Join(dir, "commitments.jsonl")
	f, err := os.Create(path)
	if err != nil {
		return "", err
	}
	if err := sample.WriteScaled(f, benchDocs(), 42); err != nil {
		f.Close()
		return "", err
	}
	return path, f.Close()
})

// textBytes is the size of the text the index searches: titles,
// descriptions, IRM summaries, institutions and action plans.
func textBytes(recs []internal.Commitment) int64 {
	var n int64
	for _, r := range recs {
		n += int64(len(r.Title) + len(r.Description) + len(r.IRMSummary) + len(r.LeadInstitution) + len(r.SupportInstitutions) + len(r.ActionPlan))
	}
	return n
}

// peakHeap samples the heap in use until stop is called and returns the
// highest value seen.
func peakHeap() (stop func() uint64) {
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	})
	return func() uint64 { close(done); wg.Wait(); return peak.Load() }
}

// peakRSS measures the growth of the process's resident memory until stop
// is called: the peak (Linux VmHWM, reset at the start through
// /proc/self/clear_refs) above the resident size at the start, in bytes. It
// counts what the Go heap does not: memory mapped segments, C-style
// allocators. stop returns -1 where the kernel does not support it.
func peakRSS() (stop func() int64) {
	debug.FreeOSMemory()
	base := procStatusBytes("VmRSS")
	if base < 0 || os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) != nil {
		return func() int64 { return -1 }
	}
	return func() int64 { return procStatusBytes("VmHWM") - base }
}

// procStatusBytes reads a "kB" line of /proc/self/status, -1 if absent.
func procStatusBytes(key string) int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for line := range strings.Lines(string(data)) {
		if rest, ok := strings.CutPrefix(line, key+":"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err != nil {
				return -1
			}
			return kb << 10
		}
	}
	return -1
}

func dirSize(dir string) int64 {
	var n int64
	_ = filepath.Walk(dir, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			n += info.Size()
		}
		return nil
	})
	return n
}

func loadBenchRecords(b *testing.B) (string, []internal.Commitment) {
	path, err := benchCorpus()
	if err != nil {
		b.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	recs, _, err := internal.ReadCorpus(f)
	if err != nil {
		b.Fatal(err)
	}
	return path, recs
}

func report(b *testing.B, docs int, text int64, elapsed time.Duration, peak uint64, rss int64, size int64) {
	s := elapsed.Seconds()
	b.ReportMetric(float64(docs)/s, "docs/s")
	b.ReportMetric(float64(text)/s/1e6, "MB/s")
	b.ReportMetric(float64(peak)/1e6, "peak-heap-MB")
	if rss >= 0 {
		b.ReportMetric(float64(rss)/1e6, "peak-rss-MB")
	}
	b.ReportMetric(float64(size)/1e6, "index-MB")
	b.ReportMetric(float64(size)/float64(text), "index/text")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkBuild builds the index of the scaled sample with the full
// pipeline (normalisation, per-language analysis, facets, atomic switch).
// Run it with -benchtime 1x; compare BenchmarkBuildPlainBleve.
func BenchmarkBuild(b *testing.B) {
	path, recs := loadBenchRecords(b)
	text := textBytes(recs)
	for i := 0; i < b.N; i++ {
		dir := benchOut(b, "index")
		runtime.GC()
		stopRSS := peakRSS()
		stop := peakHeap()
		start := time.Now()
		sum, err := Build(context.Background(), path, dir, Options{Full: true, BatchSize: benchBatch(), Workers: benchWorkers()})
		elapsed := time.Since(start)
		peak := stop()
		rss := stopRSS()
		if err != nil {
			b.Fatal(err)
		}
		cur, _, _ := Current(dir)
		report(b, sum.Commitments, text, elapsed, peak, rss, dirSize(cur))
	}
}

// BenchmarkBuildPlainBleve is the baseline (package plainbleve): stock
// bleve on the same records, one document per commitment, the stock
// en/fr/es/cjk analyzers on title and description, keyword facet fields,
// one goroutine sending batches of 1,000.
func BenchmarkBuildPlainBleve(b *testing.B) {
	_, recs := loadBenchRecords(b)
	text := textBytes(recs)
	docs := plainbleve.Documents(recs)
	for i := 0; i < b.N; i++ {
		dir := benchOut(b, "plain")
		runtime.GC()
		stopRSS := peakRSS()
		stop := peakHeap()
		start := time.Now()
		idx, err := plainbleve.Build(dir, docs)
		if err != nil {
			b.Fatal(err)
		}
		if err := idx.Close(); err != nil {
			b.Fatal(err)
		}
		elapsed := time.Since(start)
		peak := stop()
		report(b, len(docs), text, elapsed, peak, stopRSS(), dirSize(dir))
	}
}

// benchOut is where a build benchmark writes its index (name: index or
// plain, not yet existing). When OGPSEARCH_BENCH_DIR is set the indexes
// stay there after the run, in the layout the search benchmarks open
// instead of building their own (`make bench` does this); else they go to
// a temporary directory.
func benchOut(b *testing.B, name string) string {
	dir := filepath.Join(b.TempDir(), name)
	if keep := os.Getenv("OGPSEARCH_BENCH_DIR"); keep != "" {
		dir = filepath.Join(keep, name)
		if err := os.RemoveAll(dir); err != nil {
			b.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		b.Fatal(err)
	}
	return dir
}

// benchBatch and benchWorkers override the build's defaults for tuning
// runs (OGPSEARCH_BENCH_BATCH, OGPSEARCH_BENCH_WORKERS); 0 keeps them.
func benchBatch() int {
	n, _ := strconv.Atoi(os.Getenv("OGPSEARCH_BENCH_BATCH"))
	return n
}

func benchWorkers() int {
	n, _ := strconv.Atoi(os.Getenv("OGPSEARCH_BENCH_WORKERS"))
	return n
}
