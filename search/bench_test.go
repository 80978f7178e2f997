package search

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/ogpsearch/ogpsearch/indexer/plainbleve"
	"github.com/ogpsearch/ogpsearch/internal/benchstat"
	"github.com/ogpsearch/ogpsearch/internal/ogp"
	"github.com/ogpsearch/ogpsearch/internal/sample"
)

// BenchmarkSearch measures the two requests the search page sends, at
// OGPSEARCH_BENCH_DOCS commitments (default 20,000) of the scaled sample:
//   - keystroke: the query without facets or snippets, plus Suggest;
//   - full: the query with the 7 facets, snippets, page 1;
//   - full+filter: the same with a policy area selected (one more
//     request for its disjunctive counts);
//   - prefix-keystroke: the keystroke request while a word is being typed
//     (sample.TypedQueries: "open d", "open da", … "budg"), its last word
//     a prefix (prefix=last);
//
// each from 1 client and from 8 concurrent ones, reporting p50 and p99
// latency. plain-* run the same words with stock bleve (default analyzers
// per language, an AND match on every title and description field; the same 7 facets and html
// highlighting for full) on an index of the same records, as the baseline;
// plain-prefix-keystroke asks it the typed queries with bleve's prefix
// query on their last word (plainbleve.PrefixRequest).
// Run with -benchtime 200x or so; the indexes are built once.
func BenchmarkSearch(b *testing.B) {
	fx := benchFixture(b)
	lookups := map[string]func(ctx context.Context, i int) error{
		"keystroke": func(ctx context.Context, i int) error {
			q := benchQueries[i%len(benchQueries)]
			if _, err := fx.engine.Search(ctx, ogp.SearchRequest{Query: q, Lang: "en"}); err != nil {
				return err
			}
			_, err := fx.engine.Suggest(ctx, q, "en", 10)
			return err
		},
		"full": func(ctx context.Context, i int) error {
			req := ogp.SearchRequest{Query: benchQueries[i%len(benchQueries)], Lang: "fr", Facets: true, Snippets: true}
			_, err := fx.engine.Search(ctx, req)
			return err
		},
		"full+filter": func(ctx context.Context, i int) error {
			req := ogp.SearchRequest{Query: benchQueries[i%len(benchQueries)], Lang: "fr", Facets: true, Snippets: true,
				Filters: map[string][]string{"policy_area": {"open-data"}}}
			_, err := fx.engine.Search(ctx, req)
			return err
		},
		"prefix-keystroke": func(ctx context.Context, i int) error {
			q := typedQueries[i%len(typedQueries)]
			if _, err := fx.engine.Search(ctx, ogp.SearchRequest{Query: q, Lang: "en", Prefix: ogp.PrefixLast}); err != nil {
				return err
			}
			_, err := fx.engine.Suggest(ctx, q, "en", 10)
			return err
		},
		"plain-keystroke": func(ctx context.Context, i int) error { return fx.plainSearch(ctx, i, false) },
		"plain-full":      func(ctx context.Context, i int) error { return fx.plainSearch(ctx, i, true) },
		"plain-prefix-keystroke": func(ctx context.Context, i int) error {
			_, err := fx.plain.SearchInContext(ctx, plainbleve.PrefixRequest(typedQueries[i%len(typedQueries)]))
			return err
		},
	}
	for _, name := range []string{"keystroke", "plain-keystroke", "prefix-keystroke", "plain-prefix-keystroke", "full", "full+filter", "plain-full"} {
		queries := benchQueries
		if strings.Contains(name, "prefix") {
			queries = typedQueries
		}
		for _, clients := range []int{1, 8} {
			b.Run(name+"/clients="+strconv.Itoa(clients), func(b *testing.B) {
				measure(b, clients, queries, lookups[name])
			})
		}
	}
}

// typedQueries are the keystrokes of the benchmark queries being typed.
var typedQueries = sample.TypedQueries()

// benchQueries mix languages, one and several words, common and rare, and
// phrases; the FTS5 baseline (indexer/fts5bench) sends the same.
var benchQueries = sample.BenchQueries

// measure runs fn b.N times from clients goroutines and reports the
// latency percentiles, the throughput and the median latency of each
// shape of query (sample.QueryShape); fn(i) asks queries[i%len(queries)].
func measure(b *testing.B, clients int, queries []string, fn func(ctx context.Context, i int) error) {
	var mu sync.Mutex
	var all []time.Duration
	var next int
	// A deadline far beyond the engine's own (2 s), which protects the
	// service: a benchmark measures slow answers rather than fail them.
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	defer cancel()
	// Every query once before the clock starts, so the figures are those
	// of a running service, not of the first reads of a freshly opened
	// index; the baselines get the same.
	for i := range queries {
		if err := fn(ctx, i); err != nil {
			b.Fatal(err)
		}
	}
	runtime.GC()
	b.SetParallelism(max(1, clients/max(1, runtimeProcs())))
	if clients == 1 {
		b.SetParallelism(1)
	}
	b.ResetTimer()
	start := time.Now()
	shapes := map[string][]time.Duration{}
	run := func(pb func() bool) {
		var mine []time.Duration
		byShape := map[string][]time.Duration{}
		for pb() {
			mu.Lock()
			i := next
			next++
			mu.Unlock()
			start := time.Now()
			if err := fn(ctx, i); err != nil {
				b.Error(err)
				return
			}
			d := time.Since(start)
			mine = append(mine, d)
			shape := sample.QueryShape(queries[i%len(queries)])
			byShape[shape] = append(byShape[shape], d)
		}
		mu.Lock()
		all = append(all, mine...)
		for shape, d := range byShape {
			shapes[shape] = append(shapes[shape], d...)
		}
		mu.Unlock()
	}
	if clients == 1 {
		n := 0
		run(func() bool { n++; return n <= b.N })
	} else {
		b.RunParallel(func(pb *testing.PB) { run(pb.Next) })
	}
	b.StopTimer()
	benchstat.ReportLatency(b, all)
	b.ReportMetric(float64(len(all))/time.Since(start).Seconds(), "qps")
	for shape, d := range shapes {
		slices.Sort(d)
		b.ReportMetric(float64(d[len(d)/2].Microseconds())/1000, shape+"-p50-ms")
		if shape == "korean" {
			b.ReportMetric(benchstat.Percentile(d, 0.99), shape+"-p99-ms")
		}
	}
}

// benchIndexes are the two indexes of the scaled corpus, built once per
// test binary: ours and the stock-bleve baseline.
type benchIndexes struct {
	engine *Engine
	plain  bleve.Index
}

// OGPSEARCH_BENCH_DIR, when set, keeps both indexes in that directory
// between runs (for profiling sessions); it must be cleared by hand.
var benchOnce = sync.OnceValues(func() (*benchIndexes, error) {
	if keep := os.Getenv("OGPSEARCH_BENCH_DIR"); keep != "" {
		if fx, err := openBenchIndexes(keep); err == nil {
			return fx, nil
		}
	}
	recs, err := sample.Scale(benchstat.Docs(), benchstat.Seed)
	if err != nil {
		return nil, err
	}
	dir, err := buildIndex("bench-"+strconv.Itoa(benchstat.Docs()), recs)
	if err != nil {
		return nil, err
	}
	plain, err := plainbleve.Build(filepath.Join(filepath.Dir(dir), "plain"), plainbleve.Documents(recs))
	if err != nil {
		return nil, err
	}
	if keep := os.Getenv("OGPSEARCH_BENCH_DIR"); keep != "" {
		plain.Close()
		os.RemoveAll(keep)
		if err := os.Rename(filepath.Dir(dir), keep); err != nil {
			return nil, err
		}
		return openBenchIndexes(keep)
	}
	e, err := OpenEngine(dir, nil)
	if err != nil {
		return nil, err
	}
	return &benchIndexes{engine: e, plain: plain}, nil
})

func openBenchIndexes(dir string) (*benchIndexes, error) {
	e, err := OpenEngine(filepath.Join(dir, "index"), nil)
	if err != nil {
		return nil, err
	}
	plain, err := bleve.Open(filepath.Join(dir, "plain"))
	if err != nil {
		e.Close()
		return nil, err
	}
	return &benchIndexes{engine: e, plain: plain}, nil
}

func benchFixture(b *testing.B) *benchIndexes {
	b.Helper()
	fx, err := benchOnce()
	if err != nil {
		b.Fatal(err)
	}
	return fx
}

// plainSearch runs query i on the stock index, as plainbleve.Request
// words it.
func (fx *benchIndexes) plainSearch(ctx context.Context, i int, full bool) error {
	_, err := fx.plain.SearchInContext(ctx, plainbleve.Request(benchQueries[i%len(benchQueries)], full))
	return err
}

func runtimeProcs() int { return runtime.GOMAXPROCS(0) }

// BenchmarkSuggest answers keystrokes from suggestion data of 100,000
// titles (words of the sample's titles recombined, in en/fr/es/ko) and as
// many IDs: the cost of one keystroke, p99 over the query set. data
// reports the memory the suggestion data keeps (heap-MB).
func BenchmarkSuggest(b *testing.B) {
	var s *suggester
	var heapMB float64
	b.Run("data", func(b *testing.B) {
		// Built once; every run reports the figure.
		if s == nil {
			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			s = syntheticSuggester(b, 100000)
			runtime.GC()
			runtime.ReadMemStats(&after)
			heapMB = float64(after.HeapAlloc-before.HeapAlloc) / (1 << 20)
		}
		b.ReportMetric(heapMB, "heap-MB")
	})
	queries := []string{"o", "open d", "trans", "particip", "공고", "섭", "ㄱㄱ", "ㄱㄱㄷ", "KR00", "kr 01", "zzz", "données ouv"}
	for _, q := range queries {
		b.Run(q, func(b *testing.B) {
			var d []time.Duration
			for i := 0; i < b.N; i++ {
				start := time.Now()
				s.suggest(q, "fr", 10)
				d = append(d, time.Since(start))
			}
			benchstat.ReportLatency(b, d)
		})
	}
}

// syntheticSuggester recombines the words of the sample's titles into n
// titles per reading of the words (deterministic).
func syntheticSuggester(b *testing.B, n int) *suggester {
	recs, err := sample.Scale(76, 1)
	if err != nil {
		b.Fatal(err)
	}
	words := map[string][]string{}
	for _, r := range recs {
		words[r.Lang] = append(words[r.Lang], strings.Fields(r.Title)...)
	}
	var entries []suggestEntry
	seed := uint64(42)
	next := func(k int) int { seed = seed*6364136223846793005 + 1442695040888963407; return int(seed>>33) % k }
	for i := 0; i < n; i++ {
		lang := ogp.Languages()[i%len(ogp.Languages())]
		ws := words[lang]
		title := make([]string, 3+next(6))
		for j := range title {
			title[j] = ws[next(len(ws))]
		}
		id := fmt.Sprintf("%c%c%04d", 'A'+i/260000%26, 'A'+i/10000%26, i%10000)
		entries = append(entries, suggestEntry{text: strings.Join(title, " "), kind: kindTitle, id: id, lang: lang},
			suggestEntry{text: id, kind: kindID, id: id})
	}
	start := time.Now()
	s := newSuggester(entries)
	b.Logf("%d entries indexed in %v", len(entries), time.Since(start))
	return s
}
