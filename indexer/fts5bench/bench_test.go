package fts5bench

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ogpsearch/ogpsearch/internal/benchstat"
	"github.com/ogpsearch/ogpsearch/internal/ogp"
	"github.com/ogpsearch/ogpsearch/internal/sample"
)

var benchRecords = sync.OnceValues(func() ([]ogp.Commitment, error) {
	return sample.Scale(benchstat.Docs(), benchstat.Seed)
})

func records(b *testing.B) []ogp.Commitment {
	recs, err := benchRecords()
	if err != nil {
		b.Fatal(err)
	}
	return recs
}

// BenchmarkBuildFTS5 builds the FTS5 baseline of the generated corpus from
// records in memory, as BenchmarkBuild and BenchmarkBuildPlainBleve in
// ogpsearch's indexer do. Run it with -benchtime 1x.
func BenchmarkBuildFTS5(b *testing.B) {
	recs := records(b)
	text := benchstat.TextBytes(recs)
	docs := Docs(recs)
	for i := 0; i < b.N; i++ {
		path := filepath.Join(b.TempDir(), "fts.db")
		if keep := os.Getenv("OGPSEARCH_BENCH_DIR"); keep != "" {
			path = keptDB(keep)
			if err := os.MkdirAll(keep, 0o755); err != nil {
				b.Fatal(err)
			}
			if err := os.Remove(path); err != nil && !os.IsNotExist(err) {
				b.Fatal(err)
			}
		}
		runtime.GC()
		stopRSS := benchstat.PeakRSS()
		stopHeap := benchstat.PeakHeap()
		start := time.Now()
		if err := Build(context.Background(), path, docs); err != nil {
			b.Fatal(err)
		}
		elapsed := time.Since(start).Seconds()
		heap, rss := stopHeap(), stopRSS()
		info, err := os.Stat(path)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(docs))/elapsed, "docs/s")
		b.ReportMetric(float64(text)/elapsed/1e6, "MB/s")
		b.ReportMetric(float64(heap)/1e6, "peak-heap-MB")
		if rss >= 0 {
			b.ReportMetric(float64(rss)/1e6, "peak-rss-MB")
		}
		b.ReportMetric(float64(info.Size())/1e6, "index-MB")
		b.ReportMetric(float64(info.Size())/float64(text), "index/text")
		b.ReportMetric(0, "ns/op")
	}
}

// benchDir holds the database BenchmarkSearch queries, removed by TestMain.
var benchDir string

func TestMain(m *testing.M) {
	code := m.Run()
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

// keptDB is the database BenchmarkBuildFTS5 leaves in OGPSEARCH_BENCH_DIR
// for BenchmarkSearch, as ogpsearch's build benchmarks leave their indexes
// for its search benchmarks.
func keptDB(dir string) string { return filepath.Join(dir, "fts5.db") }

var benchSearcher = sync.OnceValues(func() (*Searcher, error) {
	if keep := os.Getenv("OGPSEARCH_BENCH_DIR"); keep != "" {
		if _, err := os.Stat(keptDB(keep)); err == nil {
			return Open(keptDB(keep), 8)
		}
	}
	recs, err := benchRecords()
	if err != nil {
		return nil, err
	}
	if benchDir, err = os.MkdirTemp("", "ogpsearch-fts5"); err != nil {
		return nil, err
	}
	path := filepath.Join(benchDir, "fts.db")
	if err := Build(context.Background(), path, Docs(recs)); err != nil {
		return nil, err
	}
	return Open(path, 8)
})

// BenchmarkSearch sends sample.BenchQueries, as ogpsearch's BenchmarkSearch
// does, to the FTS5 baseline:
//   - fts5-keystroke: the first 10 matches by bm25;
//   - fts5-full: the same with snippets, the number of matches and the
//     counts of the 7 facets;
//
// each from 1 client and from 8 concurrent ones, reporting p50 and p99
// latency and throughput. Run with -benchtime 200x or so.
func BenchmarkSearch(b *testing.B) {
	s, err := benchSearcher()
	if err != nil {
		b.Fatal(err)
	}
	queries := sample.BenchQueries
	lookups := map[string]func(ctx context.Context, i int) error{
		"fts5-keystroke": func(ctx context.Context, i int) error {
			_, err := s.Keystroke(ctx, queries[i%len(queries)])
			return err
		},
		"fts5-full": func(ctx context.Context, i int) error {
			_, err := s.Full(ctx, queries[i%len(queries)])
			return err
		},
	}
	for _, name := range []string{"fts5-keystroke", "fts5-full"} {
		for _, clients := range []int{1, 8} {
			b.Run(name+"/clients="+strconv.Itoa(clients), func(b *testing.B) {
				measure(b, clients, lookups[name])
			})
		}
	}
}

// measure runs fn b.N times in all, from clients goroutines taking the
// next query in turn, and reports latency percentiles, throughput and the
// median latency of each shape of query (sample.QueryShape), as
// ogpsearch's search benchmarks do. fn must send query i of
// sample.BenchQueries.
func measure(b *testing.B, clients int, fn func(ctx context.Context, i int) error) {
	var next atomic.Int64
	lat := make([][]time.Duration, clients)
	shapes := make([]map[string][]time.Duration, clients)
	ctx := context.Background()
	// Every query once before the clock starts, as ogpsearch's search
	// benchmarks do.
	for i := range sample.BenchQueries {
		if err := fn(ctx, i); err != nil {
			b.Fatal(err)
		}
	}
	runtime.GC()
	var failed atomic.Bool
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for c := range clients {
		shapes[c] = map[string][]time.Duration{}
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= b.N || failed.Load() {
					return
				}
				t := time.Now()
				if err := fn(ctx, i); err != nil {
					b.Error(err)
					failed.Store(true)
					return
				}
				d := time.Since(t)
				lat[c] = append(lat[c], d)
				shape := sample.QueryShape(sample.BenchQueries[i%len(sample.BenchQueries)])
				shapes[c][shape] = append(shapes[c][shape], d)
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	all := slices.Concat(lat...)
	if len(all) == 0 {
		return
	}
	slices.Sort(all)
	at := func(p float64) float64 {
		return float64(all[min(len(all)-1, int(p*float64(len(all))))].Microseconds()) / 1000
	}
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
	b.ReportMetric(float64(len(all))/elapsed.Seconds(), "qps")
	byShape := map[string][]time.Duration{}
	for _, m := range shapes {
		for shape, d := range m {
			byShape[shape] = append(byShape[shape], d...)
		}
	}
	for shape, d := range byShape {
		slices.Sort(d)
		b.ReportMetric(float64(d[len(d)/2].Microseconds())/1000, shape+"-p50-ms")
	}
}
