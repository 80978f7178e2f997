package main

import (
	"context"
	"fmt"
	"os"

	"github.com/ogpsearch/ogpsearch/scraper"
	"github.com/ogpsearch/ogpsearch/scraper/sitemodel"
)

func runReindex(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "reindex --corpus DIR --index DIR [--full]",
		"Re-extracts every raw page stored in the corpus directory with the current extractor\n"+
			"(no network), rewrites DIR/commitments.jsonl, then updates the index: only changed\n"+
			"commitments unless --full. A server reading the index directory switches to the new\n"+
			"version when the job finishes. A page the extractor fails on keeps its record and is\n"+
			"reported. What the new extraction changes is recorded in the corpus history as extractor\n"+
			"revisions, apart from the site's changes (`ogpsearch changes --source extractor`).\n"+
			"The index's guards are those of `ogpsearch index` (see its --help).",
		"  ogpsearch reindex --corpus corpus/ --index data/index\n"+
			"  ogpsearch reindex --corpus corpus/ --index data/index --full   # every commitment again")
	corpus := fs.String("corpus", "", "a corpus directory written by crawl (with raw/)")
	dir := fs.String("index", "", "the index directory")
	full := fs.Bool("full", false, "rebuild every document instead of only the changed ones")
	modelPath := fs.String("site-model", "", "a site model JSON file replacing the built-in one")
	batch := fs.Int("batch", defaultBatch, "documents per batch")
	quiet := fs.Bool("quiet", false, "no progress lines, only the summary")
	var guard guardFlags
	guard.register(fs, "version")
	if err := parseCommand(fs, args, []string{"corpus", "index"}, 0); err != nil {
		return err
	}
	if st, err := os.Stat(*corpus); err == nil && !st.IsDir() {
		return usageError{fmt.Sprintf("--corpus %s is a file: reindex reads a corpus directory written by crawl (with raw/); `ogpsearch index` reads files", *corpus)}
	}
	model, err := sitemodel.Load(*modelPath)
	if err != nil {
		return err
	}
	// The index first, then the corpus: the order every job takes them in.
	indexLock, err := lockDir(ctx, *dir, guard.wait)
	if err != nil {
		return err
	}
	defer indexLock.Release()
	corpusLock, err := lockDir(ctx, *corpus, guard.wait)
	if err != nil {
		return err
	}
	defer corpusLock.Release()
	p := newProgress(e.stderr, *quiet)
	p.show("reextract: re-extracting the raw pages of " + *corpus)
	sum, err := scraper.Reextract(ctx, *corpus, model)
	p.done()
	for _, f := range sum.Failures {
		fmt.Fprintf(e.stderr, "not extracted: %s: %s\n", f.URL, oneLine(f.Reason))
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "reextract: %d raw pages, %d records (%d changed), %d not extracted, %d extractor revisions recorded\n",
		sum.Pages, sum.Records, sum.Changed, len(sum.Failures), sum.Revisions)
	return indexJob{corpus: *corpus, dir: *dir, full: *full, batch: *batch, quiet: *quiet, guard: guard, lock: indexLock}.run(ctx, e)
}
