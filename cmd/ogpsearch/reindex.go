package main

import (
	"context"
	"fmt"
	"strconv"

	"github.com/ogpsearch/ogpsearch/scraper"
	"github.com/ogpsearch/ogpsearch/scraper/sitemodel"
)

func runReindex(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "reindex --corpus DIR --index DIR [--full]",
		"Re-extracts every raw page stored in the corpus directory with the current extractor\n"+
			"(no network), rewrites DIR/commitments.jsonl, then updates the index: only changed\n"+
			"commitments unless --full. A server reading the index directory switches to the new\n"+
			"version when the job finishes.",
		"  ogpsearch reindex --corpus corpus/ --index data/index\n"+
			"  ogpsearch reindex --corpus corpus/ --index data/index --full   # every commitment again")
	corpus := fs.String("corpus", "", "a corpus directory written by crawl (with raw/)")
	dir := fs.String("index", "", "the index directory")
	full := fs.Bool("full", false, "rebuild every document instead of only the changed ones")
	modelPath := fs.String("site-model", "", "a site model JSON file replacing the built-in one")
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
	model, err := sitemodel.Load(*modelPath)
	if err != nil {
		return err
	}
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
	fmt.Fprintf(e.stdout, "reextract: %d raw pages, %d records (%d changed), %d not extracted\n", sum.Pages, sum.Records, sum.Changed, len(sum.Failures))
	indexArgs := []string{"--corpus", *corpus, "--index", *dir, "--batch", strconv.Itoa(*batch)}
	if *full {
		indexArgs = append(indexArgs, "--full")
	}
	if *quiet {
		indexArgs = append(indexArgs, "--quiet")
	}
	return runIndex(ctx, e, indexArgs)
}
