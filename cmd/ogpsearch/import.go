package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/ogpsearch/ogpsearch/internal"
	"github.com/ogpsearch/ogpsearch/scraper/csvimport"
)

func runImport(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "import --format ogp-csv FILE --out DIR",
		"Turns a spreadsheet export of OGP commitment data (CSV, UTF-8, a header row) into a\n"+
			"corpus directory that `ogpsearch index` reads. Columns are found by their header;\n"+
			"--map FIELD=HEADER overrides one (fields: "+strings.Join(fieldNames(), ", ")+").\n"+
			"Bad rows are reported with their row number and skipped.",
		"  ogpsearch import --format ogp-csv commitments.csv --out corpus/\n"+
			"  ogpsearch import --format ogp-csv data.csv --out corpus/ --map title=\"Commitment Name\" --lang fr")
	format := fs.String("format", "", "the input format; only ogp-csv for now")
	out := fs.String("out", "", "the corpus directory to write (created if missing; its commitments.jsonl is replaced)")
	lang := fs.String("lang", defaultImportLang, "the language of the spreadsheet's text")
	var maps stringList
	fs.Var(&maps, "map", "FIELD=HEADER: read FIELD from the column HEADER (repeatable)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *format != "ogp-csv" {
		return usageError{fmt.Sprintf("--format must be ogp-csv, not %q", *format)}
	}
	if *out == "" || fs.NArg() != 1 {
		return usageError{"one FILE and --out are required"}
	}
	opts := csvimport.Options{Lang: *lang, Columns: map[string]string{}}
	for _, m := range maps {
		field, header, ok := strings.Cut(m, "=")
		if _, known := csvimport.DefaultColumns[field]; !ok || !known {
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
		fmt.Fprintf(e.stderr, "skipped: %s\n", b)
	}
	if err != nil {
		return err
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	if err := writeFileAtomic(filepath.Join(*out, "commitments.jsonl"), recs); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "import: %d commitments written to %s, %d rows skipped\n", len(recs), *out, len(bad))
	return ctx.Err()
}

func fieldNames() []string {
	var names []string
	for _, f := range []string{"id", "member", "policy_areas", "year", "title", "description", "lead_institution", "support_institutions", "url", "potential_impact", "completion"} {
		if _, ok := csvimport.DefaultColumns[f]; ok {
			names = append(names, f)
		}
	}
	return names
}

// writeFileAtomic writes records as a corpus file through a temporary
// file and a rename.
func writeFileAtomic(path string, recs []internal.Commitment) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".import-*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := internal.WriteCorpus(tmp, recs); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
