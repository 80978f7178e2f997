// Package csvimport turns a spreadsheet export of OGP commitment data into
// corpus records, so researchers can index data they already have.
package csvimport

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
	"github.com/ogpsearch/ogpsearch/scraper/extract"
)

// DefaultColumns maps record fields to the column headers of OGP's
// commitment data export (a new map at each call). Override entries with
// Options.Columns.
func DefaultColumns() map[string]string {
	return map[string]string{
		"id":                   "Commitment Unique Identifier",
		"member":               "Country/Locality",
		"policy_areas":         "Theme",
		"year":                 "Year Of Submission",
		"title":                "Commitment Title",
		"description":          "Full Text",
		"lead_institution":     "Lead Institution",
		"support_institutions": "Supporting Institution(s)",
		"url":                  "URL",
		"potential_impact":     "Potential Impact",
		"completion":           "Completion",
	}
}

// Options tune an import.
type Options struct {
	Lang    string            // language of the spreadsheet's text (default en)
	Columns map[string]string // field → column header, over DefaultColumns
	// Encoding is the file's character encoding, by any of its WHATWG
	// names (latin1, windows-1252, utf-16le, euc-kr…); empty: UTF-8.
	Encoding string
}

// RowError is a row that was skipped, and why.
type RowError struct {
	Row    int // 1-based, the header being row 1
	Reason string
}

func (e RowError) Error() string { return fmt.Sprintf("row %d: %s", e.Row, e.Reason) }

// Read parses the CSV and returns one record per good row; bad rows are
// reported and skipped. Only a missing required column (id, title) or an
// unreadable file is an error.
func Read(r io.Reader, opts Options) ([]ogp.Commitment, []RowError, error) {
	text, err := decode(r, opts.Encoding)
	if err != nil {
		return nil, nil, err
	}
	cols := columns(opts)
	cr := csv.NewReader(bytes.NewReader(text))
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	header, err := cr.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("read CSV header: %w", err)
	}
	index := map[string]int{}
	for i, h := range header {
		index[strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))] = i
	}
	pos := map[string]int{}
	for field, col := range cols {
		if i, ok := index[col]; ok {
			pos[field] = i
		}
	}
	for _, required := range []string{"id", "title"} {
		if _, ok := pos[required]; !ok {
			return nil, nil, fmt.Errorf("CSV has no %q column for %s (override with --map %s=COLUMN)", cols[required], required, required)
		}
	}
	lang := opts.Lang
	if lang == "" {
		lang = "en"
	}
	var recs []ogp.Commitment
	var bad []RowError
	for row := 2; ; row++ {
		fields, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				bad = append(bad, RowError{row, pe.Err.Error()})
				continue
			}
			return recs, bad, fmt.Errorf("read CSV row %d: %w", row, err)
		}
		rec, reason := record(fields, pos, lang)
		if reason != "" {
			bad = append(bad, RowError{row, reason})
			continue
		}
		recs = append(recs, rec)
	}
	return recs, bad, nil
}

func columns(opts Options) map[string]string {
	cols := map[string]string{}
	for f, c := range DefaultColumns() {
		cols[f] = c
	}
	for f, c := range opts.Columns {
		cols[f] = c
	}
	return cols
}

// record builds one record from a row, or says why it cannot.
func record(fields []string, pos map[string]int, lang string) (ogp.Commitment, string) {
	get := func(field string) string {
		if i, ok := pos[field]; ok && i < len(fields) {
			return ogp.NormalizeText(strings.TrimSpace(fields[i]))
		}
		return ""
	}
	id, ok := ogp.ParseID(get("id"))
	if !ok {
		return ogp.Commitment{}, fmt.Sprintf("%q is not a commitment ID", get("id"))
	}
	title := get("title")
	if title == "" {
		return ogp.Commitment{}, "no title"
	}
	year := 0
	if y := get("year"); y != "" {
		n, err := strconv.Atoi(strings.TrimSuffix(y, ".0"))
		if err != nil || !ogp.ValidYear(n) {
			return ogp.Commitment{}, fmt.Sprintf("year %q is not a year", y)
		}
		year = n
	}
	member := get("member")
	if key, ok := ogp.Vocab(ogp.VocabMember).Lookup(member); ok {
		member = key
	} else {
		member = ogp.Slug(member)
	}
	rec := ogp.Commitment{
		ID: id, Lang: lang, URL: get("url"), Title: title, Member: member, Year: year,
		LeadInstitution: get("lead_institution"), SupportInstitutions: get("support_institutions"),
		Description:     paragraphs(get("description")),
		PotentialImpact: ogp.Vocab(ogp.VocabPotentialImpact).Term(get("potential_impact")),
		Completion:      ogp.Vocab(ogp.VocabCompletion).Term(get("completion")),
		PolicyAreas:     []ogp.Term{},
		Translations:    map[string]string{},
		OtherFields:     map[string]string{},
	}
	for _, area := range strings.FieldsFunc(get("policy_areas"), func(r rune) bool { return r == ';' || r == ',' || r == '|' }) {
		if t := ogp.Vocab(ogp.VocabPolicyArea).Term(area); t.Label != "" {
			rec.PolicyAreas = append(rec.PolicyAreas, t)
		}
	}
	if rec.URL != "" {
		rec.Translations[lang] = rec.URL
	}
	if err := rec.Validate(); err != nil {
		return ogp.Commitment{}, err.Error()
	}
	rec.ContentHash = extract.ContentHash(rec)
	return rec, ""
}

// decode reads the whole file as UTF-8 text: as it is when encoding is
// empty or UTF-8 (a file that is not valid UTF-8 is refused with a message
// that says so), else converted from encoding.
func decode(r io.Reader, encoding string) ([]byte, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read CSV: %w", err)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errors.New("the CSV file is empty: no header row, no commitment")
	}
	if name := strings.ToLower(strings.ReplaceAll(encoding, "_", "-")); name != "" && name != "utf-8" && name != "utf8" {
		enc, err := htmlindex.Get(name)
		if err != nil {
			return nil, fmt.Errorf("unknown encoding %q (try latin1, windows-1252, utf-16le, utf-16be, euc-kr)", encoding)
		}
		out, _, err := transform.Bytes(unicode.BOMOverride(enc.NewDecoder()), data)
		if err != nil {
			return nil, fmt.Errorf("read CSV as %s: %w", encoding, err)
		}
		return out, nil
	}
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return nil, errors.New("the CSV file is UTF-16 text (little-endian), not UTF-8: pass --encoding utf-16le")
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return nil, errors.New("the CSV file is UTF-16 text (big-endian), not UTF-8: pass --encoding utf-16be")
	case !utf8.Valid(data):
		line := 1 + bytes.Count(data[:firstInvalid(data)], []byte("\n"))
		return nil, fmt.Errorf("the CSV file is not UTF-8 text (line %d is not): pass its encoding, e.g. --encoding latin1 for a spreadsheet saved in Western European encoding", line)
	}
	return bytes.TrimPrefix(data, []byte("\uFEFF")), nil
}

// firstInvalid is the offset of the first byte of b that is not valid UTF-8.
func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// paragraphs turns line breaks into the corpus' blank-line paragraphs.
func paragraphs(s string) string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "\n\n")
}
