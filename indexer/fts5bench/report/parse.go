package main

import (
	"bufio"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Result is one benchmark line of `go test -bench` output.
type Result struct {
	Pkg, Name string // Name without "Benchmark" and the GOMAXPROCS suffix
	Metrics   map[string]float64
}

// Log is what a `make bench` log holds.
type Log struct {
	Results []Result
	CPU     string
	Elapsed time.Duration // the sum of the packages' "ok" times
	Failed  []string      // failed benchmarks and packages, with their messages
}

var (
	benchLine = regexp.MustCompile(`^Benchmark(\S+?)(?:-\d+)?\s+(\d+)\s+(.*)$`)
	okLine    = regexp.MustCompile(`^ok\s+\S+\s+([0-9.]+)s`)
)

// Parse reads `go test -bench` output: benchmark lines (name, iterations,
// then value–unit pairs), the pkg: and cpu: headers and the packages' ok
// and FAIL lines. Anything else is ignored.
func Parse(r io.Reader) (*Log, error) {
	l := &Log{}
	pkg := ""
	inFailure := false // the indented lines after a --- FAIL say why
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), " \r")
		if inFailure && strings.HasPrefix(line, "    ") {
			if msg := strings.TrimSpace(line); !slices.Contains(l.Failed, "    "+msg) {
				l.Failed = append(l.Failed, "    "+msg)
			}
			continue
		}
		inFailure = false
		switch {
		case strings.HasPrefix(line, "pkg: "):
			pkg = strings.TrimPrefix(line, "pkg: ")
		case strings.HasPrefix(line, "cpu: "):
			l.CPU = strings.TrimPrefix(line, "cpu: ")
		case strings.Contains(line, "--- FAIL: "):
			l.Failed = append(l.Failed, line[strings.Index(line, "--- FAIL: "):])
			inFailure = true
			continue
		case strings.HasPrefix(line, "FAIL\t"):
			l.Failed = append(l.Failed, line)
		}
		if m := okLine.FindStringSubmatch(line); m != nil {
			s, _ := strconv.ParseFloat(m[1], 64)
			l.Elapsed += time.Duration(s * float64(time.Second))
			continue
		}
		m := benchLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		res := Result{Pkg: pkg, Name: m[1], Metrics: map[string]float64{}}
		f := strings.Fields(m[3])
		for i := 0; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				break
			}
			res.Metrics[f[i+1]] = v
		}
		if len(res.Metrics) > 0 {
			l.Results = append(l.Results, res)
		}
	}
	return l, sc.Err()
}

// Engines of the figures: ogpsearch and its baselines.
const (
	Ours    = "ogpsearch"
	Plain   = "plain bleve"
	FTS5    = "SQLite FTS5"
	Goquery = "goquery parse alone"
	Stock   = "stock bleve analyzer"
	Fetch   = "fetch and parse alone"
)

// Figure is a result placed in the report: the section it belongs to, its
// row, and the engine that produced it.
type Figure struct {
	Section, Row, Engine string
	Metrics              map[string]float64
}

// stockAnalyzer is the stock bleve analyzer each analysis text is compared
// with.
var stockAnalyzer = map[string]string{"fr_text": "fr", "ko_text": "cjk"}

// stockAnalyzers are bleve's analyzers among the analysis benchmarks.
var stockAnalyzers = map[string]bool{"fr": true, "cjk": true, "en": true, "es": true, "standard": true}

// Classify places a result by the naming conventions of the benchmarks:
// baselines are named by a suffix of the function (BuildPlainBleve,
// BuildFTS5), a prefix of the sub-benchmark (plain-full, fts5-keystroke),
// a sub-benchmark of their own (ServeLoad/plain beside ServeLoad/ogpsearch),
// or are the floor of a measurement (ParseOnly for Extract, CrawlFetchOnly
// for Crawl, the stock analyzers for Analyze).
func Classify(r Result) Figure {
	parts := strings.Split(r.Name, "/")
	top := parts[0]
	f := Figure{Section: top, Row: strings.Join(parts[1:], "/"), Engine: Ours, Metrics: r.Metrics}
	switch {
	case top == "ParseOnly":
		f.Section, f.Engine = "Extract", Goquery
	case top == "CrawlFetchOnly":
		f.Section, f.Engine = "Crawl", Fetch
	case top == "Analyze" && len(parts) == 3:
		if stockAnalyzers[parts[2]] {
			f.Engine = Stock
			if stockAnalyzer[parts[1]] == parts[2] {
				f.Row = parts[1] + "/*"
			}
		}
	case strings.HasSuffix(top, "PlainBleve"):
		f.Section, f.Engine = strings.TrimSuffix(top, "PlainBleve"), Plain
	case strings.HasSuffix(top, "FTS5"):
		f.Section, f.Engine = strings.TrimSuffix(top, "FTS5"), FTS5
	}
	if len(parts) > 2 {
		// ServeLoad/ogpsearch/conns=16 beside ServeLoad/plain/conns=16.
		for name, engine := range map[string]string{"ogpsearch": Ours, "plain": Plain} {
			if parts[1] == name {
				f.Engine, f.Row = engine, strings.Join(parts[2:], "/")
			}
		}
	}
	if len(parts) > 1 {
		for prefix, engine := range map[string]string{"plain-": Plain, "fts5-": FTS5} {
			if rest, ok := strings.CutPrefix(parts[1], prefix); ok {
				f.Engine = engine
				f.Row = strings.Join(append([]string{rest}, parts[2:]...), "/")
			}
		}
	}
	return f
}

// higherIsBetter tells the direction of a metric; the others (latency,
// memory, size, allocations) are better lower.
func higherIsBetter(unit string) bool {
	return strings.HasSuffix(unit, "/s") || unit == "qps"
}

// Advantage is how many times better ours is than the baseline on a
// metric: above 1 ogpsearch is ahead, below 1 behind.
func Advantage(unit string, ours, base float64) (float64, bool) {
	if ours <= 0 || base <= 0 {
		return 0, false
	}
	if higherIsBetter(unit) {
		return ours / base, true
	}
	return base / ours, true
}
