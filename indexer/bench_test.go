package indexer

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
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
	recs, err := sample.Scale(benchDocs(), 42)
	if err != nil {
		return "", err
	}
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
	defer f.Close()
	return path, internal.WriteCorpus(f, recs)
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

func report(b *testing.B, docs int, text int64, elapsed time.Duration, peak uint64, size int64) {
	s := elapsed.Seconds()
	b.ReportMetric(float64(docs)/s, "docs/s")
	b.ReportMetric(float64(text)/s/1e6, "MB/s")
	b.ReportMetric(float64(peak)/1e6, "peak-heap-MB")
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
		dir := b.TempDir()
		runtime.GC()
		stop := peakHeap()
		start := time.Now()
		sum, err := Build(context.Background(), path, dir, Options{Full: true, BatchSize: benchBatch(), Workers: benchWorkers()})
		elapsed := time.Since(start)
		peak := stop()
		if err != nil {
			b.Fatal(err)
		}
		cur, _, _ := Current(dir)
		report(b, sum.Commitments, text, elapsed, peak, dirSize(cur))
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
		dir := filepath.Join(b.TempDir(), "plain")
		runtime.GC()
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
		report(b, len(docs), text, elapsed, stop(), dirSize(dir))
	}
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
