package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/ogpsearch/ogpsearch/indexer"
)

func runIndex(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "index --corpus PATH --index DIR [--full]",
		"Builds the search index from a corpus directory or a .jsonl file. The new index is\n"+
			"built beside the current one in DIR, checked, then switched in one step, so a server\n"+
			"reading DIR never sees a half-built index; the previous version is kept for rollback.\n"+
			"By default only commitments whose content changed are re-indexed. A bad line is\n"+
			"reported with its number and skipped.",
		"  ogpsearch index --corpus corpus/ --index data/index\n"+
			"  ogpsearch index --corpus my-records.jsonl --index data/index --full")
	corpus := fs.String("corpus", "", "a corpus directory (with commitments.jsonl) or a .jsonl file")
	dir := fs.String("index", "", "the index directory (created if missing)")
	full := fs.Bool("full", false, "rebuild every document instead of only the changed ones")
	batch := fs.Int("batch", defaultBatch, "documents per batch")
	quiet := fs.Bool("quiet", false, "no progress lines, only the summary")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *corpus == "" || *dir == "" {
		return usageError{"--corpus and --index are required"}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	p := newProgress(e.stderr, *quiet)
	opts := indexer.Options{
		Full: *full, BatchSize: *batch, Log: slog.New(slog.NewTextHandler(p.text(), nil)),
		Progress: p.status(), ProgressEvery: p.period(),
	}
	sum, err := indexer.Build(ctx, *corpus, *dir, opts)
	p.done()
	for _, r := range sum.Rejected {
		fmt.Fprintf(e.stderr, "rejected: line %d: %s\n", r.Line, r.Reason)
	}
	if err != nil {
		return err
	}
	secs := max(sum.Elapsed.Seconds(), 0.001)
	fmt.Fprintf(e.stdout, "index: %d records read, %d commitments (%d indexed, %d unchanged, %d removed), %d lines rejected, %.0f docs/s, %.1f MB/s, version %s in %s\n",
		sum.Records, sum.Commitments, sum.Indexed, sum.Unchanged, sum.Removed, len(sum.Rejected),
		float64(sum.Indexed)/secs, float64(sum.TextBytes)/secs/1e6, sum.Version, sum.Elapsed.Round(time.Millisecond))
	return nil
}
