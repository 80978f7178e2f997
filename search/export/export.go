// Package export writes commitments a search found as a researcher takes
// them away: CSV for a spreadsheet (one row per commitment in the language
// it is shown in, terms as canonical keys, cells that a spreadsheet would
// run as formulas made text), or JSON Lines of every language's full record
// in the corpus format.
package export

import (
	"cmp"
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
	"strings"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// Writer writes one exported commitment at a time.
type Writer interface {
	// Write writes the commitment of hit h, whose pages (one per language)
	// are given.
	Write(h ogp.Hit, pages []ogp.Commitment) error
	// Flush ends the export; a CSV export writes its header even when
	// nothing was written.
	Flush() error
}

// JSONLRecord is one line of a JSONL export: a commitment with the full
// record of each of its pages, in the corpus format, so that
// `jq -c '.pages[]'` gives back a corpus `ogpsearch index` reads.
type JSONLRecord struct {
	ID        string           `json:"id"`
	Languages []string         `json:"languages"`
	Pages     []ogp.Commitment `json:"pages"`
}

type jsonlWriter struct{ enc *json.Encoder }

// NewJSONL writes JSON Lines of JSONLRecord to w.
func NewJSONL(w io.Writer) Writer {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return &jsonlWriter{enc}
}

func (j *jsonlWriter) Write(h ogp.Hit, pages []ogp.Commitment) error {
	langs := make([]string, len(pages))
	for i, p := range pages {
		langs[i] = p.Lang
	}
	return j.enc.Encode(JSONLRecord{ID: h.ID, Languages: langs, Pages: pages})
}

func (j *jsonlWriter) Flush() error { return nil }

// csvColumn is one column of the CSV export: its header and its value for
// the page shown (h is the hit, for what is merged across pages).
type csvColumn struct {
	header string
	value  func(h ogp.Hit, p ogp.Commitment) string
}

// csvColumns are the columns of the CSV export, in order. Terms give their
// canonical keys, the same in every language; lists are joined with ";".
var csvColumns = []csvColumn{
	{"id", func(h ogp.Hit, _ ogp.Commitment) string { return h.ID }},
	{"lang", func(_ ogp.Hit, p ogp.Commitment) string { return p.Lang }},
	{"languages", func(h ogp.Hit, _ ogp.Commitment) string { return strings.Join(h.Languages, ";") }},
	{"title", func(_ ogp.Hit, p ogp.Commitment) string { return p.Title }},
	{"member", func(h ogp.Hit, p ogp.Commitment) string { return cmp.Or(p.Member, h.Member) }},
	{"action_plan", func(_ ogp.Hit, p ogp.Commitment) string { return p.ActionPlan }},
	{"year", func(h ogp.Hit, p ogp.Commitment) string { return yearText(cmp.Or(p.Year, h.Year)) }},
	{"status", term(func(p ogp.Commitment) ogp.Term { return p.Status })},
	{"policy_areas", terms(func(p ogp.Commitment) []ogp.Term { return p.PolicyAreas })},
	{"relevant_values", terms(func(p ogp.Commitment) []ogp.Term { return p.RelevantValues })},
	{"lead_institution", func(_ ogp.Hit, p ogp.Commitment) string { return p.LeadInstitution }},
	{"support_institutions", func(_ ogp.Hit, p ogp.Commitment) string { return p.SupportInstitutions }},
	{"starred", term(func(p ogp.Commitment) ogp.Term { return p.Starred })},
	{"verifiable", term(func(p ogp.Commitment) ogp.Term { return p.Verifiable })},
	{"early_results", term(func(p ogp.Commitment) ogp.Term { return p.EarlyResults })},
	{"potential_impact", term(func(p ogp.Commitment) ogp.Term { return p.PotentialImpact })},
	{"completion", term(func(p ogp.Commitment) ogp.Term { return p.Completion })},
	{"completion_mid_term", term(func(p ogp.Commitment) ogp.Term { return p.CompletionMidTerm })},
	{"completion_end_of_term", term(func(p ogp.Commitment) ogp.Term { return p.CompletionEndOfTerm })},
	{"related", func(_ ogp.Hit, p ogp.Commitment) string { return relatedIDs(p.Related) }},
	{"irm_report", func(_ ogp.Hit, p ogp.Commitment) string { return p.IRMReport }},
	{"url", func(_ ogp.Hit, p ogp.Commitment) string { return p.URL }},
	{"description", func(_ ogp.Hit, p ogp.Commitment) string { return p.Description }},
	{"irm_summary", func(_ ogp.Hit, p ogp.Commitment) string { return p.IRMSummary }},
	{"fetched_at", func(_ ogp.Hit, p ogp.Commitment) string { return p.FetchedAt }},
}

func term(get func(ogp.Commitment) ogp.Term) func(ogp.Hit, ogp.Commitment) string {
	return func(_ ogp.Hit, p ogp.Commitment) string { return get(p).Key }
}

func terms(get func(ogp.Commitment) []ogp.Term) func(ogp.Hit, ogp.Commitment) string {
	return func(_ ogp.Hit, p ogp.Commitment) string {
		keys := make([]string, 0, len(get(p)))
		for _, t := range get(p) {
			if t.Key != "" {
				keys = append(keys, t.Key)
			}
		}
		return strings.Join(keys, ";")
	}
}

func relatedIDs(rel []ogp.Related) string {
	ids := make([]string, len(rel))
	for i, r := range rel {
		ids[i] = r.ID
	}
	return strings.Join(ids, ";")
}

func yearText(y int) string {
	if y == 0 {
		return ""
	}
	return strconv.Itoa(y)
}

// CSVOptions are the choices of the CSV export.
type CSVOptions struct {
	BOM bool // start with a byte order mark
	Raw bool // leave cells that look like formulas as they are
}

type csvWriter struct {
	w       *csv.Writer
	out     io.Writer
	opts    CSVOptions
	started bool
}

// NewCSV writes a CSV export to w: a header row, then one row per
// commitment.
func NewCSV(w io.Writer, opts CSVOptions) Writer {
	return &csvWriter{w: csv.NewWriter(w), out: w, opts: opts}
}

// TextCell keeps a spreadsheet from running a cell as a formula: the
// texts come from web pages, and a value starting with =, +, -, @, a tab or
// a carriage return could be one (=HYPERLINK(…)). Such a value gets a
// leading apostrophe, which spreadsheets read as "this is text".
func TextCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// start writes the byte order mark, when asked, and the header row.
func (c *csvWriter) start() error {
	c.started = true
	if c.opts.BOM {
		if _, err := io.WriteString(c.out, "\uFEFF"); err != nil {
			return err
		}
	}
	row := make([]string, len(csvColumns))
	for i, col := range csvColumns {
		row[i] = col.header
	}
	return c.w.Write(row)
}

func (c *csvWriter) Write(h ogp.Hit, pages []ogp.Commitment) error {
	if !c.started {
		if err := c.start(); err != nil {
			return err
		}
	}
	p := shownPage(h, pages)
	row := make([]string, len(csvColumns))
	for i, col := range csvColumns {
		row[i] = col.value(h, p)
		if !c.opts.Raw {
			row[i] = TextCell(row[i])
		}
	}
	return c.w.Write(row)
}

// flush writes the header even when nothing matched, so the file always
// says what its columns are.
func (c *csvWriter) Flush() error {
	if !c.started {
		if err := c.start(); err != nil {
			return err
		}
	}
	c.w.Flush()
	return c.w.Error()
}

// shownPage is the page a hit is shown in (the search picked its
// language), else the first.
func shownPage(h ogp.Hit, pages []ogp.Commitment) ogp.Commitment {
	for _, p := range pages {
		if p.Lang == h.Lang {
			return p
		}
	}
	if len(pages) == 0 {
		return ogp.Commitment{ID: h.ID, Lang: h.Lang, Title: h.Title, Member: h.Member, Year: h.Year, URL: h.URL}
	}
	return pages[0]
}
