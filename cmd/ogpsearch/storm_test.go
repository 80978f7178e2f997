package main

import (
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ogpsearch/ogpsearch/internal/benchstat"
)

// stormQueries are hostile searches: negations of common words, and long
// misspelled words, which typo tolerance expands into many terms.
var stormQueries = []string{
	"-data -open -public -information -government -transparency",
	"-access -services -participation -citizens -budget -plan",
	"transparancyy governmnet accountabilty participaton informaton",
	"anticorruptoin benificial ownrship procurment contractting",
	"-publique -données -citoyens -gouvernement -transparence -accès",
	"parliamentarry enviromental sustainabillity infrastucture",
}

// BenchmarkServeStorm sends the real server a storm of hostile searches
// from stormClients connections for OGPSEARCH_LOAD_SECONDS (default 20),
// over an index of OGPSEARCH_BENCH_DOCS commitments, while one plain
// client types: a keystroke search and a suggestion every 100 ms. It
// reports the plain client's p95 (search and suggestion), the storm's p99,
// how many storm searches were refused (503 or 429) and how fast
// (refused-p99-ms), and the slowest answer of all. The baseline is stock
// bleve behind a bare net/http handler, which refuses nothing.
func BenchmarkServeStorm(b *testing.B) {
	dir := loadIndexes(b)
	seconds := 20
	if n, err := strconv.Atoi(os.Getenv("OGPSEARCH_LOAD_SECONDS")); err == nil && n > 0 {
		seconds = min(n, 20)
	}
	targets := serveTargets(dir)
	for _, t := range targets {
		b.Run(t.name+"/storm="+strconv.Itoa(stormClients), func(b *testing.B) {
			base := startServer(b, t.cmd())
			st := runStorm(base, t.name == "plain", time.Duration(seconds)*time.Second)
			b.ReportMetric(benchstat.Percentile(st.plain, 0.95), "plain-p95-ms")
			if t.name != "plain" {
				b.ReportMetric(benchstat.Percentile(st.suggest, 0.95), "suggest-p95-ms")
			}
			b.ReportMetric(benchstat.Percentile(st.answered, 0.99), "storm-p99-ms")
			b.ReportMetric(benchstat.Percentile(st.refused, 0.99), "refused-p99-ms")
			total := len(st.answered) + len(st.refused)
			b.ReportMetric(100*float64(len(st.refused))/float64(max(total, 1)), "refused-%")
			b.ReportMetric(float64(slices.Max(append(append(append([]time.Duration{0}, st.answered...), st.refused...), st.plain...)).Microseconds())/1000, "max-ms")
			b.ReportMetric(float64(st.errors), "errors")
			b.ReportMetric(0, "ns/op")
		})
	}
}

// stormClients is the number of connections sending hostile searches.
const stormClients = 48

type stormStats struct {
	plain, suggest, answered, refused []time.Duration
	errors                            int
}

func runStorm(base string, plain bool, d time.Duration) stormStats {
	var mu sync.Mutex
	var st stormStats
	deadline := time.Now().Add(d)
	get := func(client *http.Client, u string) (int, time.Duration) {
		t0 := time.Now()
		resp, err := client.Get(u)
		if err != nil {
			return 0, time.Since(t0)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode, time.Since(t0)
	}
	var wg sync.WaitGroup
	for c := range stormClients {
		wg.Go(func() {
			client := &http.Client{Timeout: time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: 1}}
			for i := c; time.Now().Before(deadline); i += stormClients {
				v := url.Values{"q": {stormQueries[i%len(stormQueries)]}, "lang": {"en"}}
				code, took := get(client, base+"/api/v1/search?"+v.Encode())
				mu.Lock()
				switch code {
				case http.StatusOK:
					st.answered = append(st.answered, took)
				case http.StatusServiceUnavailable, http.StatusTooManyRequests:
					st.refused = append(st.refused, took)
					time.Sleep(50 * time.Millisecond) // a client that backs off a little
				default:
					st.errors++
				}
				mu.Unlock()
			}
		})
	}
	wg.Go(func() {
		client := &http.Client{Timeout: time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: 1}}
		words := []string{"d", "da", "dat", "data"}
		for i := 0; time.Now().Before(deadline); i++ {
			q := words[i%len(words)]
			v := url.Values{"q": {q}, "lang": {"en"}, "facets": {"false"}, "snippets": {"false"}, "prefix": {"last"}}
			if plain {
				v.Set("q", "data")
			}
			code, took := get(client, base+"/api/v1/search?"+v.Encode())
			mu.Lock()
			if code == http.StatusOK {
				st.plain = append(st.plain, took)
			} else {
				st.errors++
			}
			mu.Unlock()
			if !plain {
				code, took = get(client, base+"/api/v1/suggest?"+url.Values{"q": {q}, "lang": {"en"}}.Encode())
				mu.Lock()
				if code == http.StatusOK {
					st.suggest = append(st.suggest, took)
				} else {
					st.errors++
				}
				mu.Unlock()
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	wg.Wait()
	return st
}

// TestCostlyQueryRefused: a query that asks too much at once (many long
// misspelled words, each expanded by typo tolerance) gets a clear 400
// before it runs; the storm's queries, as costly as a person types, run.
func TestCostlyQueryRefused(t *testing.T) {
	base := startServe(t)
	costly := strings.Repeat("transparancyy governmnet accountabilty participaton informaton ", 3)
	code, body := get(t, base+"/api/v1/search?"+url.Values{"q": {costly}}.Encode())
	if code != 400 || !strings.Contains(body, `"code":"invalid_argument"`) || !strings.Contains(body, "asks too much at once") {
		t.Errorf("15 misspelled long words: %d %.300s", code, body)
	}
	for _, q := range stormQueries {
		if code, body := get(t, base+"/api/v1/search?"+url.Values{"q": {q}}.Encode()); code != 200 {
			t.Errorf("%q: %d %.300s", q, code, body)
		}
	}
}
