package fts5bench

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ogpsearch/ogpsearch/internal"
	"github.com/ogpsearch/ogpsearch/internal/sample"
)

// benchDocs is the corpus size: OGPSEARCH_BENCH_DOCS commitments of the
// generated corpus, default 20,000, seed 42 as in ogpsearch's benchmarks.
func benchDocs() int {
	if n, err := strconv.Atoi(os.Getenv("OGPSEARCH_BENCH_DOCS")); err == nil && n > 0 {
		return n
	}
	return 20000
}

var benchRecords = sync.OnceValues(func() ([]internal.Commitment, error) {
	return sample.Scale(benchDocs(), 42)
})

func records(b *testing.B) []internal.Commitment {
	recs, err := benchRecords()
	if err != nil {
		b.Fatal(err)
	}
	return recs
}

// textBytes is the size of the text of the records, counted as
// ogpsearch's build benchmark counts it: titles, descriptions, IRM
// summaries, institutions and action plans.
func textBytes(recs []internal.Commitment) int64 {
	var n int64
	for _, r := range recs {
		n += int64(len(r.Title) + len(r.Description) + len(r.IRMSummary) + len(r.LeadInstitution) + len(r.SupportInstitutions) + len(r.ActionPlan))
	}
	return n
}

// BenchmarkBuildFTS5 builds the FTS5 baseline of the generated corpus from
// records in memory, as BenchmarkBuild and BenchmarkBuildPlainBleve in
// ogpsearch's indexer do. Run it with -benchtime 1x.
func BenchmarkBuildFTS5(b *testing.B) {
	recs := records(b)
	text := textBytes(recs)
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
		stopRSS := peakRSS()
		stopHeap := peakHeap()
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

// peakHeap samples the Go heap in use until stop is called and returns the
// highest value seen. SQLite's own allocations are outside it: see peakRSS.
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
// /proc/self/clear_refs) above the resident size at the start, in bytes.
// stop returns -1 where the kernel does not support it.
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
