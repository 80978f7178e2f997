package indexer

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/ogpsearch/ogpsearch/indexer/plainbleve"
	"github.com/ogpsearch/ogpsearch/internal/benchstat"
	"github.com/ogpsearch/ogpsearch/internal/ogp"
	"github.com/ogpsearch/ogpsearch/internal/sample"
)

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
	if err := sample.WriteScaled(f, benchstat.Docs(), benchstat.Seed); err != nil {
		f.Close()
		return "", err
	}
	return path, f.Close()
})

func loadBenchRecords(b *testing.B) (string, []ogp.Commitment) {
	path, err := benchCorpus()
	if err != nil {
		b.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	recs, _, err := ogp.ReadCorpus(f)
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
	text := benchstat.TextBytes(recs)
	for i := 0; i < b.N; i++ {
		dir := benchOut(b, "index")
		runtime.GC()
		stopRSS := benchstat.PeakRSS()
		stop := benchstat.PeakHeap()
		start := time.Now()
		sum, err := Build(context.Background(), path, dir, Options{Full: true, BatchSize: benchBatch(), Workers: benchWorkers()})
		elapsed := time.Since(start)
		peak := stop()
		rss := stopRSS()
		if err != nil {
			b.Fatal(err)
		}
		cur, _, _ := Current(dir)
		report(b, sum.Commitments, text, elapsed, peak, rss, benchstat.DirSize(cur))
	}
}

// BenchmarkBuildPlainBleve is the baseline (package plainbleve): stock
// bleve on the same records, one document per commitment, the stock
// en/fr/es/cjk analyzers on title and description, keyword facet fields,
// one goroutine sending batches of 1,000.
func BenchmarkBuildPlainBleve(b *testing.B) {
	_, recs := loadBenchRecords(b)
	text := benchstat.TextBytes(recs)
	docs := plainbleve.Documents(recs)
	for i := 0; i < b.N; i++ {
		dir := benchOut(b, "plain")
		runtime.GC()
		stopRSS := benchstat.PeakRSS()
		stop := benchstat.PeakHeap()
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
		report(b, len(docs), text, elapsed, peak, stopRSS(), benchstat.DirSize(dir))
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
