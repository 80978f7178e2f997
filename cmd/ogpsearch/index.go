package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	"github.com/ogpsearch/ogpsearch/indexer"
	"github.com/ogpsearch/ogpsearch/internal/dirlock"
)

// guardFlags are the flags of the jobs that replace data (index, reindex):
// what they may remove or reject, and whether they wait for another job.
type guardFlags struct {
	allowRemovals bool
	maxRejected   int
	wait          bool
}

func (g *guardFlags) register(fs *flag.FlagSet, what string) {
	fs.BoolVar(&g.allowRemovals, "allow-removals", false, "switch in the new "+what+" even when it is empty or removes more than a tenth of the commitments")
	fs.IntVar(&g.maxRejected, "max-rejected", 0, "how many bad lines may be skipped before the job fails without switching (-1: any)")
	fs.BoolVar(&g.wait, "wait", false, "wait for another job writing the same directory instead of failing at once")
}

func runIndex(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "index --corpus PATH --index DIR [--full]",
		"Builds the search index from a corpus directory or a .jsonl file. The new index is\n"+
			"built beside the current one in DIR, checked, then switched in one step, so a server\n"+
			"reading DIR never sees a half-built index; the previous version is kept for rollback.\n"+
			"By default only commitments whose content changed are re-indexed.\n\n"+
			"Guards, for jobs that run unattended: a bad line (reported with its number) fails the\n"+
			"job without switching unless --max-rejected allows it, and a commitment whose line\n"+
			"was rejected keeps its current document; a version that would be empty or remove\n"+
			"more than a tenth of the commitments is refused unless --allow-removals; one job at a\n"+
			"time writes DIR (a second one fails at once, or waits with --wait).",
		"  ogpsearch index --corpus corpus/ --index data/index\n"+
			"  ogpsearch index --corpus my-records.jsonl --index data/index --full\n"+
			"  ogpsearch index --corpus smaller.jsonl --index data/index --allow-removals")
	corpus := fs.String("corpus", "", "a corpus directory (with commitments.jsonl) or a .jsonl file")
	dir := fs.String("index", "", "the index directory (created if missing)")
	full := fs.Bool("full", false, "rebuild every document instead of only the changed ones")
	batch := fs.Int("batch", defaultBatch, "documents per batch")
	quiet := fs.Bool("quiet", false, "no progress lines, only the summary")
	var guard guardFlags
	guard.register(fs, "version")
	if err := parseCommand(fs, args, []string{"corpus", "index"}, 0); err != nil {
		return err
	}
	return indexJob{corpus: *corpus, dir: *dir, full: *full, batch: *batch, quiet: *quiet, guard: guard}.run(ctx, e)
}

// indexJob is one build of an index, as index and reindex run it.
type indexJob struct {
	corpus, dir string
	full, quiet bool
	batch       int
	guard       guardFlags
	lock        *dirlock.Lock // the index directory's, when the caller holds it
}

func (j indexJob) run(ctx context.Context, e env) error {
	p := newProgress(e.stderr, j.quiet)
	opts := indexer.Options{
		Full: j.full, BatchSize: j.batch, Log: slog.New(slog.NewTextHandler(p.text(), nil)),
		Progress: p.status(), ProgressEvery: p.period(),
		AllowRemovals: j.guard.allowRemovals, MaxRejected: j.guard.maxRejected, Wait: j.guard.wait, Lock: j.lock,
	}
	// A build allocates heavily and briefly: collecting less often costs
	// some memory and saves a tenth of the CPU.
	defer debug.SetGCPercent(debug.SetGCPercent(buildGCPercent))
	sum, err := indexer.Build(ctx, j.corpus, j.dir, opts)
	p.done()
	for _, r := range sum.Rejected {
		fmt.Fprintf(e.stderr, "rejected: line %d: %s\n", r.Line, r.Reason)
	}
	if err != nil {
		return err
	}
	kept := ""
	if sum.Kept > 0 {
		kept = fmt.Sprintf(", %d kept as they were because lines of theirs were rejected", sum.Kept)
	}
	secs := max(sum.Elapsed.Seconds(), 0.001)
	fmt.Fprintf(e.stdout, "index: %d records read, %d commitments (%d indexed, %d unchanged, %d removed%s), %d lines rejected, %.0f docs/s, %.1f MB/s, version %s in %s\n",
		sum.Records, sum.Commitments, sum.Indexed, sum.Unchanged, sum.Removed, kept, len(sum.Rejected),
		float64(sum.Indexed)/secs, float64(sum.TextBytes)/secs/1e6, sum.Version, sum.Elapsed.Round(time.Millisecond))
	return nil
}
