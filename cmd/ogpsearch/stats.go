package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/ogpsearch/ogpsearch/indexer"
	"github.com/ogpsearch/ogpsearch/internal/history"
	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

func runStats(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "stats --index DIR [--corpus DIR] [--json]",
		"Tells what an index holds: commitments and pages, counts per facet, which commitments\n"+
			"lack which translation, and which fields came out empty in each language — the view\n"+
			"to check before trusting a corpus. With --corpus, also what the last crawl, import and\n"+
			"reindex of that corpus directory recorded in its history, by kind of change (--corpus\n"+
			"alone: only that).",
		"  ogpsearch stats --index data/index --corpus corpus/\n  ogpsearch stats --index data/index --json | jq '.empty_fields.fr'")
	dir := fs.String("index", "", "the index directory")
	corpus := fs.String("corpus", "", "a corpus directory: report the changes its last jobs recorded")
	asJSON := fs.Bool("json", false, "print the figures as JSON")
	if err := parseCommand(fs, args, nil, 0); err != nil {
		return err
	}
	if *dir == "" && *corpus == "" {
		return usageError{"--index is required"}
	}
	var out struct {
		*indexer.Stats
		LastJobs map[string]history.Job `json:"last_jobs,omitempty"`
	}
	if *corpus != "" {
		if err := checkCorpusDir(*corpus); err != nil {
			return err
		}
		jobs, err := history.Jobs(*corpus)
		if err != nil {
			return err
		}
		out.LastJobs = jobs
	}
	if *dir != "" {
		if err := checkIndexDir(*dir); err != nil {
			return err
		}
		idx, version, err := indexer.Open(*dir)
		if err != nil {
			return err
		}
		defer idx.Close()
		st, err := indexer.ComputeStats(ctx, idx, version)
		if err != nil {
			return err
		}
		out.Stats = &st
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	if out.Stats != nil {
		printStats(e.stdout, *out.Stats)
	}
	if *corpus != "" {
		if out.Stats != nil {
			fmt.Fprintln(e.stdout)
		}
		printLastJobs(e.stdout, *corpus, out.LastJobs)
	}
	return nil
}

// printLastJobs tells what the last crawl, import and reindex of a corpus
// directory recorded in its history.
func printLastJobs(w io.Writer, dir string, jobs map[string]history.Job) {
	fmt.Fprintf(w, "changes recorded in %s:\n", dir)
	for _, name := range []string{"crawl", "import", "reindex"} {
		j, ok := jobs[name]
		if !ok {
			fmt.Fprintf(w, "  last %-8s (none)\n", name)
			continue
		}
		note := ""
		if !j.Complete {
			note = " (cut short: no removal recorded)"
		}
		fmt.Fprintf(w, "  last %-8s %s: %d changes: %s%s\n", name, j.Seen, j.Total(), changeCounts(j.Counts), note)
	}
}

func printStats(w io.Writer, st indexer.Stats) {
	fmt.Fprintf(w, "index %s: %d commitments, %d pages (%s)\n", st.Version, st.Commitments, st.Pages, byLang(st.PagesByLang))
	fmt.Fprintln(w, "\ncommitments per facet value:")
	for _, f := range indexer.FacetFields() {
		fmt.Fprintf(w, "  %-12s %s\n", f, sortedCounts(st.Facets[f]))
	}
	fmt.Fprintln(w, "\nmissing translations:")
	for _, l := range ogp.Languages() {
		ids := st.Missing[l]
		shown := ids
		if len(shown) > 12 {
			shown = append(shown[:12:12], "…")
		}
		fmt.Fprintf(w, "  %s: %d commitments %s\n", l, len(ids), strings.Join(shown, " "))
	}
	fmt.Fprintln(w, "\npages with the field empty, per language:")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "  field\t")
	for _, l := range ogp.Languages() {
		fmt.Fprintf(tw, "%s\t", l)
	}
	fmt.Fprintln(tw)
	var fields []string
	for f := range st.Empty["en"] {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	for _, f := range fields {
		fmt.Fprintf(tw, "  %s\t", f)
		for _, l := range ogp.Languages() {
			fmt.Fprintf(tw, "%d/%d\t", st.Empty[l][f], st.PagesByLang[l])
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
}

func byLang(m map[string]int) string {
	var parts []string
	for _, l := range ogp.Languages() {
		parts = append(parts, fmt.Sprintf("%s %d", l, m[l]))
	}
	return strings.Join(parts, ", ")
}

// noValue names the commitments without a value for a facet, as the
// indexer names those without a policy area.
const noValue = "(none)"

// sortedCounts lists "key count", most frequent first; commitments
// without a value count under (none), whichever way the index names them.
func sortedCounts(counts map[string]int) string {
	m := make(map[string]int, len(counts))
	for k, n := range counts {
		if strings.TrimSpace(k) == "" {
			k = noValue
		}
		m[k] += n
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
	}
	return strings.Join(parts, ", ")
}
