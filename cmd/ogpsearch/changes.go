package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/ogpsearch/ogpsearch/internal/history"
	"github.com/ogpsearch/ogpsearch/internal/ogp"
	"github.com/ogpsearch/ogpsearch/search/export"
)

func runChanges(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "changes --corpus DIR [--since DATE] [--id ID] [--member SLUG] [--field FIELD] [--kind KIND] [--source site|extractor|all] [--format csv|jsonl]",
		"Prints what changed, commitment by commitment, from the history that crawl and import\n"+
			"keep beside the corpus (DIR/history.jsonl; no index needed), oldest first. Terms are\n"+
			"canonical keys (status: active → inactive); description and irm_summary edits show a\n"+
			"digest and the length of each text. Only site changes by default: the revisions of a\n"+
			"new extractor (reindex) are --source extractor.\n"+
			"CSV: one row per changed field (seen,id,member,kind,source,field,lang,old,new,old_len,\n"+
			"new_len,added,removed,langs; lists joined with \";\"; a cell a spreadsheet would run as a\n"+
			"formula starts with '). JSONL: the history's own lines (see docs/corpus.md).",
		"  ogpsearch changes --corpus corpus/ --since 2026-01-01 --member south-korea --field status > status.csv\n"+
			"  ogpsearch changes --corpus corpus/ --id KR0018 --format jsonl\n"+
			"  ogpsearch changes --corpus corpus/ --source extractor --since 2026-03-01T00:00:00Z")
	dir := fs.String("corpus", "", "a corpus directory written by crawl or import")
	since := fs.String("since", "", "changes seen on or after this day (2026-01-01, UTC) or time (RFC 3339)")
	id := fs.String("id", "", "one commitment's changes (KR0018)")
	member := fs.String("member", "", "one member's changes (its slug: south-korea)")
	field := fs.String("field", "", "changes of one field: "+strings.Join(history.FieldNames(), ", "))
	kind := fs.String("kind", "", "one kind of change: "+strings.Join(kindNames(), ", "))
	source := fs.String("source", string(history.SourceSite), "site, extractor (the revisions of reindex) or all")
	format := fs.String("format", "csv", "csv or jsonl")
	if err := parseCommand(fs, args, []string{"corpus"}, 0); err != nil {
		return err
	}
	f, err := changesFilter(*since, *id, *member, *field, *kind, *source)
	if err != nil {
		return err
	}
	if *format != "csv" && *format != "jsonl" {
		return usageError{fmt.Sprintf("--format must be csv or jsonl, not %q", *format)}
	}
	if err := checkCorpusDir(*dir); err != nil {
		return err
	}
	changes, damaged, err := history.Read(*dir, f)
	if err != nil {
		return err
	}
	if damaged > 0 {
		fmt.Fprintf(e.stderr, "changes: %d damaged history lines skipped (a job was cut short, or is writing)\n", damaged)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	w := bufio.NewWriter(e.stdout)
	if *format == "jsonl" {
		err = writeChangesJSONL(w, changes)
	} else {
		err = writeChangesCSV(w, changes)
	}
	if err != nil {
		return err
	}
	return w.Flush()
}

// changesFilter checks the filter flags of `changes`.
func changesFilter(since, id, member, field, kind, source string) (history.Filter, error) {
	f := history.Filter{Member: member, Kind: history.Kind(kind)}
	t, err := ogp.ParseSince(since)
	if err != nil {
		return f, usageError{fmt.Sprintf("--since %q is neither a day (2026-01-01) nor a time (2026-01-01T08:00:00Z)", since)}
	}
	f.Since = t
	if id != "" {
		canon, ok := ogp.ParseID(id)
		if !ok {
			return f, usageError{fmt.Sprintf("--id %q is not a commitment ID (two to four letters and four digits)", id)}
		}
		f.ID = canon
	}
	if field != "" && !slices.Contains(history.FieldNames(), field) {
		return f, usageError{fmt.Sprintf("--field %q: want one of %s", field, strings.Join(history.FieldNames(), ", "))}
	}
	f.Field = field
	if kind != "" && !slices.Contains(kindNames(), kind) {
		return f, usageError{fmt.Sprintf("--kind %q: want one of %s", kind, strings.Join(kindNames(), ", "))}
	}
	if source != "all" {
		s, err := history.ParseSource(source)
		if err != nil {
			return f, usageError{"--" + err.Error() + " (or all)"}
		}
		f.Source = s
	}
	return f, nil
}

func kindNames() []string {
	var names []string
	for _, k := range history.Kinds() {
		names = append(names, string(k))
	}
	return names
}

// checkCorpusDir fails when dir, the --corpus of a command that reads a
// corpus directory, is not one.
func checkCorpusDir(dir string) error {
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("corpus directory %s does not exist", dir)
	case err != nil:
		return err
	case !info.IsDir():
		return usageError{fmt.Sprintf("--corpus %s is a file: the history is kept in a corpus directory", dir)}
	}
	return nil
}

func writeChangesJSONL(w io.Writer, changes []history.Change) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, c := range changes {
		if err := enc.Encode(c); err != nil {
			return err
		}
	}
	return nil
}

// changesHeader are the columns of `changes --format csv`.
var changesHeader = []string{"seen", "id", "member", "kind", "source", "field", "lang", "old", "new", "old_len", "new_len", "added", "removed", "langs"}

// writeChangesCSV writes one row per changed field, or one row for a
// change without fields (new, removed, translation_added).
func writeChangesCSV(w io.Writer, changes []history.Change) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(changesHeader); err != nil {
		return err
	}
	for _, c := range changes {
		fields := c.Fields
		if len(fields) == 0 {
			fields = []history.FieldChange{{}}
		}
		for _, f := range fields {
			row := []string{c.Seen, c.ID, c.Member, string(c.Kind), string(c.Source), f.Field, f.Lang, f.Old, f.New,
				count(f.OldLen), count(f.NewLen), strings.Join(f.Added, ";"), strings.Join(f.Removed, ";"), strings.Join(c.Langs, ";")}
			for i := range row {
				row[i] = export.TextCell(row[i])
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// count is a length for a CSV cell: empty when there is none.
func count(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// changeCounts says how many changes of each kind were recorded: "2 new,
// 1 changed", or "none".
func changeCounts(counts map[history.Kind]int) string {
	var parts []string
	for _, k := range history.Kinds() {
		if n := counts[k]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, strings.ReplaceAll(string(k), "_", " ")))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}
