package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"time"

	"github.com/ogpsearch/ogpsearch/internal/atomicfile"
	"github.com/ogpsearch/ogpsearch/internal/ogp"
	"github.com/ogpsearch/ogpsearch/search"
	"github.com/ogpsearch/ogpsearch/search/export"
)

func runExport(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "export --index DIR --format csv|jsonl [filters] [QUERY] [--out FILE]",
		"Writes every commitment a search matches — not one page of them — walking the results\n"+
			"1,000 at a time on one index version, even if a new one is switched in meanwhile. Filters and\n"+
			"the query are those of `ogpsearch query` and the API; no query exports everything.\n"+
			"CSV: a header row, one row per commitment in the --lang translation (else English),\n"+
			"terms as canonical keys, list fields joined with \";\", UTF-8 (--bom for spreadsheet\n"+
			"programs); a cell that starts with = + - @, a tab or a carriage return gets a leading '\n"+
			"so that a spreadsheet does not run it as a formula (--raw: as it is).\n"+
			"JSONL: one line per commitment with every language's full record:\n"+
			"{\"id\",\"languages\",\"pages\":[…]}. --out is replaced only when the export succeeds.",
		"  ogpsearch export --index data/index --format csv --out commitments.csv\n"+
			"  ogpsearch export --index data/index --format csv --bom --lang fr --member france --out france.csv\n"+
			"  ogpsearch export --index data/index --format jsonl --policy-area fiscal-openness budget > budget.jsonl\n"+
			"  ogpsearch export --index data/index --format csv --member south-korea --changed-since 2026-01-01 --changed-field status")
	dir := fs.String("index", "", "the index directory")
	format := fs.String("format", "", "csv or jsonl")
	out := fs.String("out", "", "the file to write; none: stdout")
	bom := fs.Bool("bom", false, "start the CSV with a UTF-8 byte order mark (for spreadsheet programs)")
	raw := fs.Bool("raw", false, "write CSV cells as they are, even those a spreadsheet would run as formulas")
	quiet := fs.Bool("quiet", false, "no progress lines, only the summary")
	sf := addSearchFlags(fs, false)
	if err := parseCommand(fs, args, []string{"index"}, anyArgs); err != nil {
		return err
	}
	if *format != "csv" && *format != "jsonl" {
		return usageError{fmt.Sprintf("--format must be csv or jsonl, not %q", *format)}
	}
	for flag, set := range map[string]bool{"--bom": *bom, "--raw": *raw} {
		if set && *format != "csv" {
			return usageError{flag + " applies to CSV only"}
		}
	}
	_, req, err := sf.request(fs.Args())
	if err != nil {
		return err
	}
	if err := checkIndexDir(*dir); err != nil {
		return err
	}
	engine, err := search.OpenEngine(*dir, nil)
	if err != nil {
		return err
	}
	defer engine.Close()
	dest, err := openOutput(*out, e.stdout)
	if err != nil {
		return err
	}
	defer dest.discard()
	began := time.Now()
	n, err := exportAll(ctx, engine, req, dest, *format, export.CSVOptions{BOM: *bom, Raw: *raw}, newProgress(e.stderr, *quiet))
	if ctx.Err() != nil && *out != "" {
		return fmt.Errorf("interrupted after %d commitments; %s left as it was", n, *out)
	} else if ctx.Err() != nil {
		return fmt.Errorf("interrupted after %d commitments", n)
	}
	if err != nil {
		return err
	}
	if err := dest.commit(); err != nil {
		return err
	}
	// With the rows on stdout, the summary goes to stderr.
	summary, name := e.stdout, *out
	if *out == "" {
		summary, name = e.stderr, "stdout"
	}
	fmt.Fprintf(summary, "exported %d commitments to %s in %.1fs\n", n, name, time.Since(began).Seconds())
	return nil
}

// exportAll writes every commitment req matches to w and returns how many.
func exportAll(ctx context.Context, engine *search.Engine, req ogp.SearchRequest, w io.Writer, format string, co export.CSVOptions, p *progress) (int, error) {
	buf := bufio.NewWriterSize(w, 64<<10)
	rw := export.NewJSONL(buf)
	if format == "csv" {
		rw = export.NewCSV(buf, co)
	}
	began, n := time.Now(), 0
	err := engine.Walk(ctx, req, func(h ogp.Hit, pages []ogp.Commitment, total int) error {
		if err := rw.Write(h, pages); err != nil {
			return err
		}
		n++
		p.count("export", "commitments", n, total, began)
		return nil
	})
	p.done()
	if err == nil {
		err = rw.Flush()
	}
	if err == nil {
		err = buf.Flush()
	}
	return n, err
}

// output is where an export goes: stdout, or a file written beside its
// final name and renamed into place once complete (atomicfile), so a
// failed or interrupted export leaves any previous file as it was.
type output struct {
	io.Writer
	file *atomicfile.File // nil for stdout
}

func openOutput(path string, stdout io.Writer) (*output, error) {
	if path == "" {
		return &output{Writer: stdout}, nil
	}
	f, err := atomicfile.Create(path)
	if err != nil {
		return nil, err
	}
	return &output{Writer: f, file: f}, nil
}

// commit puts the file in place.
func (o *output) commit() error {
	if o.file == nil {
		return nil
	}
	return o.file.Commit()
}

// discard removes an uncommitted file.
func (o *output) discard() {
	if o.file != nil {
		o.file.Abort()
	}
}
