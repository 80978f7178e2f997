package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/ogpsearch/ogpsearch/indexer/plainbleve"
	"github.com/ogpsearch/ogpsearch/internal/benchstat"
	"github.com/ogpsearch/ogpsearch/internal/sample"
)

// BenchmarkServeLoad puts the real server under load: loadConns
// connections send requests back to back for OGPSEARCH_LOAD_SECONDS
// (default 60), over an index of OGPSEARCH_BENCH_DOCS scaled commitments
// (default 20,000). Three requests in four are a keystroke (search without
// facets or snippets, then a suggestion), one is a full search, as a
// search box sends them. It reports requests/s, p50 and p99 latency,
// failed requests (any error or status other than 200) and the server's
// peak resident memory, which counts the pages of the memory-mapped index
// files read, and its anonymous resident memory at the end (its heap and
// stacks, without the files). plain is the baseline: stock bleve's index of the
// same records behind a bare net/http handler, in its own process too,
// answering the same words (suggestions excepted: stock bleve has none).
//
// OGPSEARCH_BENCH_DIR, when it holds the search benchmarks' indexes
// (index/ and plain/), is reused; otherwise both are built first.
func BenchmarkServeLoad(b *testing.B) {
	dir := loadIndexes(b)
	seconds := 60
	if n, err := strconv.Atoi(os.Getenv("OGPSEARCH_LOAD_SECONDS")); err == nil && n > 0 {
		seconds = n
	}
	targets := serveTargets(dir)
	// Run with -benchtime 1x: one iteration is the whole timed load.
	for _, t := range targets {
		b.Run(t.name+"/conns="+strconv.Itoa(loadConns), func(b *testing.B) {
			cmd := t.cmd()
			base := startServer(b, cmd)
			st := runLoad(base, t.name == "plain", time.Duration(seconds)*time.Second)
			pid := strconv.Itoa(cmd.Process.Pid)
			rss := float64(benchstat.StatusBytes(pid, "VmHWM")) / (1 << 20)
			anon := float64(benchstat.StatusBytes(pid, "RssAnon")) / (1 << 20)
			if st.failed > 0 {
				b.Errorf("%d of %d requests failed; first: %s", st.failed, st.failed+len(st.took), st.firstErr)
			}
			b.ReportMetric(float64(len(st.took))/st.elapsed.Seconds(), "req/s")
			benchstat.ReportLatency(b, st.took)
			b.ReportMetric(float64(st.failed), "errors")
			b.ReportMetric(rss, "peak-rss-MB")
			b.ReportMetric(anon, "anon-rss-MB")
		})
	}
}

// serveTarget is a server a load benchmark runs: ogpsearch's, or the
// baseline's.
type serveTarget struct {
	name string
	cmd  func() *exec.Cmd
}

// serveTargets are the real server on dir/index and the baseline, stock
// bleve behind a bare net/http handler (servePlain) on dir/plain, each in
// its own process.
func serveTargets(dir string) []serveTarget {
	return []serveTarget{
		{"ogpsearch", func() *exec.Cmd {
			return exec.Command(binary, "serve", "--addr", "127.0.0.1:0", "--index", filepath.Join(dir, "index"))
		}},
		{"plain", func() *exec.Cmd {
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), plainServeEnv+"="+filepath.Join(dir, "plain"))
			return cmd
		}},
	}
}

// loadConns is the number of concurrent connections of the load.
const loadConns = 16

type loadStats struct {
	took     []time.Duration
	failed   int
	firstErr string
	elapsed  time.Duration
}

// runLoad sends requests from loadConns clients, each on its own
// keep-alive connection, for d.
func runLoad(base string, plain bool, d time.Duration) loadStats {
	var mu sync.Mutex
	var st loadStats
	deadline := time.Now().Add(d)
	start := time.Now()
	var wg sync.WaitGroup
	for c := range loadConns {
		wg.Go(func() {
			client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 1}}
			var took []time.Duration
			failed, firstErr := 0, ""
			for i := c; time.Now().Before(deadline); i += loadConns {
				q := sample.BenchQueries[i%len(sample.BenchQueries)]
				full := i%4 == 3
				t0 := time.Now()
				err := loadRequest(client, base, q, full, plain)
				if err != nil {
					failed++
					if firstErr == "" {
						firstErr = err.Error()
					}
					continue
				}
				took = append(took, time.Since(t0))
			}
			mu.Lock()
			st.took = append(st.took, took...)
			st.failed += failed
			if st.firstErr == "" {
				st.firstErr = firstErr
			}
			mu.Unlock()
		})
	}
	wg.Wait()
	st.elapsed = time.Since(start)
	return st
}

// loadRequest sends one keystroke (search and suggestion) or full request.
func loadRequest(client *http.Client, base, q string, full, plain bool) error {
	v := url.Values{"q": {q}, "lang": {"fr"}}
	if !full {
		v.Set("facets", "false")
		v.Set("snippets", "false")
	}
	urls := []string{base + "/api/v1/search?" + v.Encode()}
	if !full && !plain {
		urls = append(urls, base+"/api/v1/suggest?"+url.Values{"q": {q}, "lang": {"fr"}}.Encode())
	}
	for _, u := range urls {
		resp, err := client.Get(u)
		if err != nil {
			return err
		}
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err != nil {
			return err
		}
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("%s: status %d", u, resp.StatusCode)
		}
	}
	return nil
}

// loadIndexes returns a directory with index/ (ogpsearch's, built by the
// binary) and plain/ (stock bleve's) of the scaled corpus.
func loadIndexes(b *testing.B) string {
	b.Helper()
	dir := os.Getenv("OGPSEARCH_BENCH_DIR")
	if dir != "" {
		if _, err := os.Stat(filepath.Join(dir, "index", "CURRENT")); err == nil {
			if _, err := os.Stat(filepath.Join(dir, "plain")); err == nil {
				return dir
			}
		}
	} else {
		dir = b.TempDir()
	}
	n := benchstat.Docs()
	corpus := filepath.Join(dir, "corpus.jsonl")
	f, err := os.Create(corpus)
	if err != nil {
		b.Fatal(err)
	}
	if err := sample.WriteScaled(f, n, benchstat.Seed); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	if out, err := exec.Command(binary, "index", "--corpus", corpus, "--index", filepath.Join(dir, "index")).CombinedOutput(); err != nil {
		b.Fatalf("index: %v\n%s", err, out)
	}
	recs, err := sample.Scale(n, benchstat.Seed)
	if err != nil {
		b.Fatal(err)
	}
	plain, err := plainbleve.Build(filepath.Join(dir, "plain"), plainbleve.Documents(recs))
	if err != nil {
		b.Fatal(err)
	}
	if err := plain.Close(); err != nil {
		b.Fatal(err)
	}
	return dir
}

// plainServeEnv makes the test binary serve a stock bleve index instead of
// running tests: the baseline server of BenchmarkServeLoad.
const plainServeEnv = "OGPSEARCH_PLAIN_SERVE"

func init() {
	if dir := os.Getenv(plainServeEnv); dir != "" {
		if err := servePlain(dir); err != nil {
			fmt.Fprintln(os.Stderr, "plain server:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
}

// servePlain answers /api/v1/search with stock bleve until interrupted.
func servePlain(dir string) error {
	idx, err := bleve.Open(dir)
	if err != nil {
		return err
	}
	defer idx.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/api/v1/search", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		res, err := idx.SearchInContext(r.Context(), plainbleve.Request(q.Get("q"), q.Get("facets") != "false"))
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(res)
	})
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(os.Stderr, "url=http://%s\n", ln.Addr())
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt)
	go func() {
		<-stop
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	}()
	if err := srv.Serve(ln); err != http.ErrServerClosed {
		return err
	}
	return nil
}
