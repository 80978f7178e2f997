package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// section is how one family of benchmarks is shown.
type section struct {
	key, title, note string
	engines          []string // ogpsearch first, then its baselines
	metrics          []string
	// byRow makes one table per metric with a row per benchmark; otherwise
	// the section has a single benchmark per engine and a row per metric.
	byRow bool
}

var sections = []section{
	{key: "Crawl", title: "Crawl",
		note:    "The whole fixture site (member lists, 191 commitment pages in four languages) crawled from its start page with the politeness delays off: robots.txt, discovery, one request in flight, decoding, extraction, the corpus written to disk. The floor fetches the same URLs in the same order on one connection and parses each body with goquery, nothing else.",
		engines: []string{Ours, Fetch}, metrics: []string{"pages/s", "req/s", "MB/s"}},
	{key: "Extract", title: "Extraction",
		note:    "Every page of the sample site, rendered as the fixture site serves it, extracted in memory; the floor is goquery parsing the same pages and doing nothing else.",
		engines: []string{Ours, Goquery}, metrics: []string{"pages/s", "MB/s", "allocs/op"}},
	{key: "Analyze", title: "Analysis", byRow: true,
		note:    "Each analyzer on a ~4 KB French and a ~4 KB Korean text, against bleve's stock `fr` and `cjk` analyzers on the same text.",
		engines: []string{Ours, Stock}, metrics: []string{"MB/s", "allocs/op"}},
	{key: "Build", title: "Index build",
		note: "The generated corpus indexed from scratch: ogpsearch's full pipeline; plain bleve with stock per-language analyzers and the 7 facet fields (package indexer/plainbleve); " +
			"SQLite FTS5 (modernc.org/sqlite, unicode61 with diacritics removed, facets in ordinary tables, `optimize` at the end). MB/s counts titles, descriptions, IRM summaries, institutions and action plans. " +
			"peak-rss-MB is the growth of the resident set above its size at the start of the build (it includes SQLite's own allocations, which the Go heap does not).",
		engines: []string{Ours, Plain, FTS5}, metrics: []string{"docs/s", "MB/s", "peak-heap-MB", "peak-rss-MB", "index-MB", "index/text"}},
	{key: "Search", title: "Search", byRow: true,
		note: "The same queries (`sample.BenchQueries`: one and several words in four languages, phrases) sent in turn from 1 client and from 8 concurrent ones. " +
			"keystroke: ogpsearch's query without facets or snippets plus its suggestions; plain bleve's AND match on every title and description field; FTS5's first 10 matches by bm25. " +
			"prefix-keystroke: the keystroke request while a word is being typed (`sample.TypedQueries`: the queries cut inside their last word, \"open d\", \"open da\", … \"budg\"), the last word a prefix; plain bleve answers the same with its prefix query on the last word. " +
			"full: the query with the 7 facets (policy area, year, status, member, language, starred, completion), highlighted snippets, page 1; FTS5 counts the facets with GROUP BY over the matches. " +
			"full+filter adds a policy area filter, with its disjunctive counts; the baselines have no such request. " +
			"With one client, ogpsearch searches a first page in as many parts of the index as there are idle cores, side by side (both cores here); the baselines search on one core. " +
			"The *-p50-ms tables split the median by shape of query: one word (term), several words, a quoted phrase, Korean; korean-p99-ms is the Korean queries' 99th percentile.",
		engines: []string{Ours, Plain, FTS5}, metrics: []string{"p50-ms", "p99-ms", "qps", "term-p50-ms", "words-p50-ms", "phrase-p50-ms", "korean-p50-ms", "korean-p99-ms"}},
	{key: "PrefixWays", title: "Finding the word being typed", byRow: true,
		note: "Two ways of finding the word being typed, on ogpsearch's index and the typed queries of prefix-keystroke, the words before it built alike; the bleve search alone, 1 client. " +
			"edge: what search as you type does: a prefix of up to three letters is one term of the field of word prefixes, a longer one is expanded to its 16 most frequent completions. expand-64: the prefix expanded at each keystroke to the 64 most frequent terms of the title, body and folded fields that start with it, as Meilisearch's prefix databases bound it. expand-all: to every such term, as bleve's prefix query does. " +
			"recall-% is the share of the edge way's matches the way finds (the expansions read stemmed terms, so a few differ).",
		engines: []string{Ours}, metrics: []string{"p50-ms", "p99-ms", "qps", "recall-%"}},
	{key: "ServeStorm", title: "Server under a storm of costly searches", byRow: true,
		note: "The real server on the search benchmarks' index, 48 connections sending costly searches back to back for 20 s (negations of six common words, five long misspelled words, as `stormQueries` in cmd/ogpsearch/storm_test.go), a refused client backing off 50 ms, while one more client types: a keystroke search (d, da, dat, data, the last word a prefix) and a suggestion every 100 ms. " +
			"plain-p95-ms and suggest-p95-ms are that client's; storm-p99-ms the storm's answered searches; refused-% and refused-p99-ms its searches refused with 503 and how fast; max-ms the slowest answer of all. The baseline is stock bleve behind a bare net/http handler, which refuses nothing (its typing client asks `data`).",
		engines: []string{Ours, Plain}, metrics: []string{"plain-p95-ms", "suggest-p95-ms", "storm-p99-ms", "refused-%", "refused-p99-ms", "max-ms", "errors"}},
	{key: "ServeKorean", title: "What Korean costs the server", byRow: true,
		note: "The real server on the embedded sample corpus without its pages that have Hangul (no-korean) and on the whole sample (korean), whose Korean text makes the server load the Korean dictionary (mecab-ko-dic, shrunk) as it opens the index, before it listens. " +
			"anon-rss-MB is the server's resident memory without the index files (heap and stacks) after a few searches; first-ms the first Korean search, sent as soon as the server listens; later-ms one sent after it.",
		engines: []string{Ours}, metrics: []string{"anon-rss-MB", "first-ms", "later-ms"}},
	{key: "ServeLoad", title: "Server under load", byRow: true,
		note: "The real server (`ogpsearch serve`, its own process) on the search benchmarks' index, 16 connections sending requests back to back for 60 s: three in four a keystroke (search without facets or snippets, then a suggestion), one a full search. " +
			"The baseline is stock bleve's index of the same records behind a bare net/http handler, also its own process, answering the same words (no suggestions). errors counts failed requests and any status but 200; peak-rss-MB is the server's peak resident memory, which counts the pages of the memory-mapped index files it has read; anon-rss-MB is its resident memory without them (heap and stacks) at the end of the load.",
		engines: []string{Ours, Plain}, metrics: []string{"req/s", "p50-ms", "p99-ms", "errors", "peak-rss-MB", "anon-rss-MB"}},
}

// Render writes the report.
func Render(w io.Writer, l *Log, m MachineInfo, docs int, now time.Time) {
	figs := map[string][]Figure{}
	for _, r := range l.Results {
		f := Classify(r)
		figs[f.Section] = append(figs[f.Section], f)
	}
	fmt.Fprintf(w, "# Benchmarks\n\nWritten by `make bench` on %s from one run, every baseline measured in the same run on the same data; "+
		"regenerate rather than edit.\n\n", now.Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(w, "- Machine: %s, %d cores, %.0f GB of memory; %s. Load average when this was written: %s.\n", m.CPU, m.Cores, m.MemoryGB, m.GoVersion, m.Load)
	if docs > 0 {
		fmt.Fprintf(w, "- Corpus of the build and search figures: %s commitments generated by `internal/sample` (seed 42): the sample site's languages, years, members and policy areas, Zipf-distributed words, about 5 KB of text per commitment.\n", thousands(docs))
	}
	fmt.Fprintf(w, "- Time of the benchmark packages: %s.\n", l.Elapsed.Round(time.Second))
	fmt.Fprintf(w, "- **×** is how many times better ogpsearch does than the baseline beside it (faster, more throughput, less memory or space): above 1 ahead, below 1 behind.\n\n")
	if len(l.Failed) > 0 {
		fmt.Fprintf(w, "**Failures in the run:**\n\n```\n%s\n```\n\n", strings.Join(l.Failed, "\n"))
	}
	summary(w, figs, docs)
	for _, s := range sections {
		if len(figs[s.key]) == 0 {
			continue
		}
		fmt.Fprintf(w, "## %s\n\n%s\n\n", s.title, s.note)
		if s.byRow {
			for _, metric := range s.metrics {
				if !anyHas(figs[s.key], metric) {
					continue
				}
				fmt.Fprintf(w, "**%s**\n\n", metric)
				rowTable(w, s, figs[s.key], metric)
			}
		} else {
			metricTable(w, s, figs[s.key])
		}
		delete(figs, s.key)
	}
	others(w, figs)
}

// summary states the latency targets and build comparisons against the
// figures.
func summary(w io.Writer, figs map[string][]Figure, docs int) {
	search := figs["Search"]
	if len(search) == 0 && len(figs["Build"]) == 0 {
		return
	}
	fmt.Fprintf(w, "## Summary\n\n")
	if v, ok := value(figs["Build"], "", Ours, "docs/s"); ok {
		for _, base := range []string{Plain, FTS5} {
			if b, ok := value(figs["Build"], "", base, "docs/s"); ok {
				fmt.Fprintf(w, "- Build: %s docs/s, %s than %s (%s docs/s).\n", num(v), times(v, b), base, num(b))
			}
		}
	}
	full := 50.0
	if docs > 20000 {
		full = 100
	}
	for _, t := range []struct {
		row   string
		limit float64
	}{{"keystroke/clients=1", 15}, {"prefix-keystroke/clients=1", 15}, {"full/clients=1", full}} {
		if v, ok := value(search, t.row, Ours, "p99-ms"); ok {
			verdict := "met"
			if v >= t.limit {
				verdict = "**missed**"
			}
			fmt.Fprintf(w, "- %s p99 %s ms, target under %g ms: %s.\n", t.row, num(v), t.limit, verdict)
		}
	}
	var behind []string
	for _, f := range search {
		if f.Engine != Ours {
			continue
		}
		for _, base := range []string{Plain, FTS5} {
			var lost []string
			for _, metric := range []string{"p50-ms", "p99-ms", "qps", "term-p50-ms", "words-p50-ms", "phrase-p50-ms", "korean-p50-ms", "korean-p99-ms"} {
				b, ok := value(search, f.Row, base, metric)
				if !ok {
					continue
				}
				if adv, ok := Advantage(metric, f.Metrics[metric], b); ok && adv < 1 {
					lost = append(lost, fmt.Sprintf("%s %.2f×", metric, adv))
				}
			}
			if len(lost) > 0 {
				behind = append(behind, fmt.Sprintf("  - %s vs %s: %s", f.Row, base, strings.Join(lost, ", ")))
			}
		}
	}
	switch {
	case len(search) == 0:
	case len(behind) == 0:
		fmt.Fprintf(w, "- Search: ahead of plain bleve and FTS5 on every request, client count and percentile.\n")
	default:
		fmt.Fprintf(w, "- Search: behind a baseline on\n%s\n", strings.Join(behind, "\n"))
	}
	fmt.Fprintln(w)
}

func times(ours, base float64) string {
	if ours >= base {
		return fmt.Sprintf("%.2f× faster", ours/base)
	}
	return fmt.Sprintf("%.2f× slower", base/ours)
}

// metricTable writes a table with a row per metric and a column per engine.
func metricTable(w io.Writer, s section, figs []Figure) {
	header(w, "", s.engines)
	for _, metric := range s.metrics {
		if !anyHas(figs, metric) {
			continue
		}
		cells(w, metric, figs, "", s.engines, metric)
	}
	fmt.Fprintln(w)
}

// rowTable writes one metric with a row per benchmark of ogpsearch.
func rowTable(w io.Writer, s section, figs []Figure, metric string) {
	header(w, "", s.engines)
	var rows []string
	for _, f := range figs {
		if f.Engine == Ours && !slices.Contains(rows, f.Row) {
			rows = append(rows, f.Row)
		}
	}
	for _, row := range rows {
		cells(w, row, figs, row, s.engines, metric)
	}
	fmt.Fprintln(w)
}

func header(w io.Writer, first string, engines []string) {
	fmt.Fprintf(w, "| %s | %s |", first, engines[0])
	line := "|---|---:|"
	for _, e := range engines[1:] {
		fmt.Fprintf(w, " %s | × |", e)
		line += "---:|---:|"
	}
	fmt.Fprintf(w, "\n%s\n", line)
}

func cells(w io.Writer, label string, figs []Figure, row string, engines []string, metric string) {
	ours, ok := value(figs, row, engines[0], metric)
	fmt.Fprintf(w, "| %s | %s |", label, orDash(ours, ok))
	for _, e := range engines[1:] {
		b, okb := value(figs, row, e, metric)
		adv, okr := Advantage(metric, ours, b)
		ratio := "—"
		if ok && okb && okr {
			ratio = fmt.Sprintf("%.2f×", adv)
		}
		fmt.Fprintf(w, " %s | %s |", orDash(b, okb), ratio)
	}
	fmt.Fprintln(w)
}

// value finds a metric of a row for an engine; a baseline that stands for
// a whole group of rows (the stock analyzer of a text) is named group/*.
func value(figs []Figure, row, engine, metric string) (float64, bool) {
	group, _, _ := strings.Cut(row, "/")
	var v float64
	found := false
	for _, f := range figs {
		if f.Engine == engine && (f.Row == row || f.Row == group+"/*") {
			if x, ok := f.Metrics[metric]; ok {
				v, found = x, true
			}
		}
	}
	return v, found
}

func anyHas(figs []Figure, metric string) bool {
	for _, f := range figs {
		if _, ok := f.Metrics[metric]; ok {
			return true
		}
	}
	return false
}

// others lists the benchmarks no section knows, with all their figures.
func others(w io.Writer, figs map[string][]Figure) {
	var keys []string
	for k := range figs {
		keys = append(keys, k)
	}
	if len(keys) == 0 {
		return
	}
	slices.Sort(keys)
	fmt.Fprintf(w, "## Other figures (no baseline)\n\n| benchmark | figures |\n|---|---|\n")
	for _, k := range keys {
		for _, f := range figs[k] {
			name := k
			if f.Row != "" {
				name += "/" + f.Row
			}
			var units []string
			for u := range f.Metrics {
				if !(u == "ns/op" && len(f.Metrics) > 1) {
					units = append(units, u)
				}
			}
			slices.Sort(units)
			var parts []string
			for _, u := range units {
				parts = append(parts, num(f.Metrics[u])+" "+u)
			}
			fmt.Fprintf(w, "| %s | %s |\n", name, strings.Join(parts, ", "))
		}
	}
	fmt.Fprintln(w)
}

func orDash(v float64, ok bool) string {
	if !ok {
		return "—"
	}
	return num(v)
}

// num formats a figure: whole above 100, else with one or two decimals,
// two significant digits below 0.1.
func num(v float64) string {
	switch {
	case v >= 1000:
		return thousands(int(v + 0.5))
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	case v >= 10:
		return fmt.Sprintf("%.1f", v)
	case v >= 0.1:
		return fmt.Sprintf("%.2f", v)
	default:
		return fmt.Sprintf("%.2g", v)
	}
}

func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
