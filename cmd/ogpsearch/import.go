package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ogpsearch/ogpsearch/internal/atomicfile"
	"github.com/ogpsearch/ogpsearch/internal/history"
	"github.com/ogpsearch/ogpsearch/internal/ogp"
	"github.com/ogpsearch/ogpsearch/scraper"
	"github.com/ogpsearch/ogpsearch/scraper/csvimport"
)

func runImport(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "import --format ogp-csv FILE --out DIR",
		"Turns a spreadsheet export of OGP commitment data (CSV with a header row, UTF-8 unless\n"+
			"--encoding says otherwise) into a corpus directory that `ogpsearch index` reads. Columns\n"+
			"are found by their header; --map FIELD=HEADER overrides one (fields: "+strings.Join(fieldNames(), ", ")+").\n"+
			"Bad rows are reported with their row number; any bad row fails the import (exit 1,\n"+
			"nothing written) unless --max-rejected allows it. The corpus file is replaced in one\n"+
			"step, and never by an import that would remove more than a tenth of its commitments\n"+
			"(--allow-removals overrides). What the import changes in the corpus is recorded in\n"+
			"DIR/history.jsonl as site changes (see `ogpsearch changes`).",
		"  ogpsearch import --format ogp-csv commitments.csv --out corpus/\n"+
			"  ogpsearch import --format ogp-csv data.csv --out corpus/ --map title=\"Commitment Name\" --lang fr\n"+
			"  ogpsearch import --format ogp-csv export-latin1.csv --encoding latin1 --out corpus/")
	format := fs.String("format", "", "the input format; only ogp-csv for now")
	out := fs.String("out", "", "the corpus directory to write (created if missing; its "+scraper.CorpusFile+" is replaced)")
	lang := fs.String("lang", defaultImportLang, "the language of the spreadsheet's text")
	encoding := fs.String("encoding", "utf-8", "the file's character encoding: utf-8, latin1, windows-1252, utf-16le, euc-kr…")
	maxRejected := fs.Int("max-rejected", 0, "how many bad rows may be skipped before the import fails (-1: any)")
	allowRemovals := fs.Bool("allow-removals", false, "replace the corpus even when that removes more than a tenth of its commitments")
	wait := fs.Bool("wait", false, "wait for another job writing DIR instead of failing at once")
	var maps stringList
	fs.Var(&maps, "map", "FIELD=HEADER: read FIELD from the column HEADER (repeatable)")
	if err := parseCommand(fs, args, []string{"out"}, 1); err != nil {
		return err
	}
	if *format != "ogp-csv" {
		return usageError{fmt.Sprintf("--format must be ogp-csv, not %q", *format)}
	}
	opts := csvimport.Options{Lang: *lang, Encoding: *encoding, Columns: map[string]string{}}
	for _, m := range maps {
		field, header, ok := strings.Cut(m, "=")
		if _, known := csvimport.DefaultColumns()[field]; !ok || !known {
			return usageError{fmt.Sprintf("--map %q: want FIELD=HEADER with FIELD one of %s", m, strings.Join(fieldNames(), ", "))}
		}
		opts.Columns[field] = header
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()
	recs, bad, err := csvimport.Read(f, opts)
	for _, b := range bad {
		fmt.Fprintf(e.stderr, "rejected: %s\n", b)
	}
	if err != nil {
		return err
	}
	if *maxRejected >= 0 && len(bad) > *maxRejected {
		return fmt.Errorf("%d rows rejected, %d allowed: nothing written, %s is unchanged (fix the rows, or allow them with --max-rejected %d)", len(bad), *maxRejected, *out, len(bad))
	}
	lock, err := lockDir(ctx, *out, *wait)
	if err != nil {
		return err
	}
	defer lock.Release()
	path := filepath.Join(*out, scraper.CorpusFile)
	old, err := readCorpusFile(path)
	if err != nil {
		return err
	}
	current, next := commitmentIDs(old), commitmentIDs(recs)
	gone := missingFrom(current, next)
	if err := ogp.CheckShrink("corpus "+path, len(current), len(next), len(gone), *allowRemovals); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	// The history first, then the corpus: a re-run after a crash between
	// the two records nothing twice.
	hist, err := history.Open(*out, history.SourceSite, time.Now())
	if err != nil {
		return err
	}
	if _, err := hist.Record(history.Observation{Before: old, After: recs, Present: next, Gone: gone}); err != nil {
		return err
	}
	if err := atomicfile.Write(path, func(w io.Writer) error { return ogp.WriteCorpus(w, recs) }); err != nil {
		return err
	}
	if err := hist.Finish("import", true); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "import: %d commitments written to %s, %d rows rejected\n", len(recs), *out, len(bad))
	fmt.Fprintf(e.stdout, "changes: %s\n", changeCounts(hist.Counts()))
	return nil
}

// readCorpusFile reads the corpus file at path; a missing file is an
// empty corpus.
func readCorpusFile(path string) ([]ogp.Commitment, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	defer f.Close()
	recs, _, err := ogp.ReadCorpus(f)
	if err != nil {
		return nil, fmt.Errorf("read the current corpus: %w", err)
	}
	return recs, nil
}

// commitmentIDs is the set of the (upper-case) IDs of records.
func commitmentIDs(recs []ogp.Commitment) map[string]bool {
	ids := make(map[string]bool, len(recs))
	for _, r := range recs {
		ids[strings.ToUpper(r.ID)] = true
	}
	return ids
}

// missingFrom lists the IDs of current that next lacks.
func missingFrom(current, next map[string]bool) []string {
	var out []string
	for id := range current {
		if !next[id] {
			out = append(out, id)
		}
	}
	return out
}

func fieldNames() []string {
	var names []string
	for _, f := range []string{"id", "member", "policy_areas", "year", "title", "description", "lead_institution", "support_institutions", "url", "potential_impact", "completion"} {
		if _, ok := csvimport.DefaultColumns()[f]; ok {
			names = append(names, f)
		}
	}
	return names
}
