package fts5bench

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver, "sqlite"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// Facets are the 7 facets the full request counts, as in ogpsearch.
var Facets = []string{"policy_area", "year", "status", "member", "language", "starred", "completion"}

// textColumns are the FTS5 columns: title and description per language.
var textColumns = func() []string {
	var cols []string
	for _, lang := range ogp.Languages() {
		cols = append(cols, "title_"+lang, "description_"+lang)
	}
	return cols
}()

// schema is one row per commitment: its text in an FTS5 table with the
// unicode61 tokenizer folding diacritics, its single-valued facets in an
// ordinary table under the same rowid, and the multi-valued ones (policy
// areas, languages) in side tables.
var schema = []string{
	`CREATE TABLE commitment(id TEXT NOT NULL, year INTEGER, status TEXT, member TEXT, starred TEXT, completion TEXT)`,
	`CREATE TABLE policy_area(doc INTEGER NOT NULL, area TEXT NOT NULL)`,
	`CREATE TABLE language(doc INTEGER NOT NULL, lang TEXT NOT NULL)`,
	`CREATE VIRTUAL TABLE fts USING fts5(` + strings.Join(textColumns, ", ") + `, tokenize = 'unicode61 remove_diacritics 2')`,
	// Titles weigh twice their descriptions in the ranking.
	`INSERT INTO fts(fts, rank) VALUES('rank', 'bm25(` + strings.TrimSuffix(strings.Repeat("2.0, 1.0, ", len(ogp.Languages())), ", ") + `)')`,
}

// afterLoad indexes the side tables for lookups by document and merges the
// full-text index into one b-tree.
var afterLoad = []string{
	`CREATE INDEX policy_area_doc ON policy_area(doc, area)`,
	`CREATE INDEX language_doc ON language(doc, lang)`,
	`INSERT INTO fts(fts) VALUES('optimize')`,
}

// Doc is one commitment with the text of each of its pages.
type Doc struct {
	ID, Status, Member, Starred, Completion string
	Year                                    int
	PolicyAreas, Languages                  []string
	Title, Description                      map[string]string
}

// Docs merges pages by ID into one document per commitment, in the order of
// first appearance.
func Docs(recs []ogp.Commitment) []*Doc {
	byID := map[string]*Doc{}
	var out []*Doc
	for _, r := range recs {
		d, ok := byID[r.ID]
		if !ok {
			d = &Doc{ID: r.ID, Status: r.Status.Key, Member: r.Member, Starred: r.Starred.Key,
				Completion: r.Completion.Key, Year: r.Year, Title: map[string]string{}, Description: map[string]string{}}
			for _, a := range r.PolicyAreas {
				d.PolicyAreas = append(d.PolicyAreas, a.Key)
			}
			byID[r.ID] = d
			out = append(out, d)
		}
		d.Languages = append(d.Languages, r.Lang)
		d.Title[r.Lang] = r.Title
		d.Description[r.Lang] = r.Description
	}
	return out
}

// BatchSize is the number of commitments written per transaction.
const BatchSize = 1000

// Build writes docs into a new SQLite database at path from one goroutine,
// in transactions of BatchSize, without a journal (a bulk load that is
// redone from scratch if it fails).
func Build(ctx context.Context, path string, docs []*Doc) error {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(OFF)&_pragma=synchronous(OFF)")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	for _, s := range schema {
		if _, err := db.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("fts5bench: %s: %w", s, err)
		}
	}
	for first := 0; first < len(docs); first += BatchSize {
		if err := insert(ctx, db, first, docs[first:min(len(docs), first+BatchSize)]); err != nil {
			return err
		}
	}
	for _, s := range afterLoad {
		if _, err := db.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("fts5bench: %s: %w", s, err)
		}
	}
	return db.Close()
}

func insert(ctx context.Context, db *sql.DB, first int, docs []*Doc) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	stmts := map[string]*sql.Stmt{}
	for name, q := range map[string]string{
		"commitment":  `INSERT INTO commitment(rowid, id, year, status, member, starred, completion) VALUES(?, ?, ?, ?, ?, ?, ?)`,
		"policy_area": `INSERT INTO policy_area(doc, area) VALUES(?, ?)`,
		"language":    `INSERT INTO language(doc, lang) VALUES(?, ?)`,
		"fts":         `INSERT INTO fts(rowid, ` + strings.Join(textColumns, ", ") + `) VALUES(?` + strings.Repeat(", ?", len(textColumns)) + `)`,
	} {
		if stmts[name], err = tx.PrepareContext(ctx, q); err != nil {
			return err
		}
		defer stmts[name].Close()
	}
	text := make([]any, 1+len(textColumns))
	for i, d := range docs {
		rowid := int64(first + i + 1)
		if _, err := stmts["commitment"].ExecContext(ctx, rowid, d.ID, d.Year, d.Status, d.Member, d.Starred, d.Completion); err != nil {
			return err
		}
		for _, a := range d.PolicyAreas {
			if _, err := stmts["policy_area"].ExecContext(ctx, rowid, a); err != nil {
				return err
			}
		}
		for _, l := range d.Languages {
			if _, err := stmts["language"].ExecContext(ctx, rowid, l); err != nil {
				return err
			}
		}
		text[0] = rowid
		for j, lang := range ogp.Languages() {
			text[1+2*j], text[2+2*j] = nullable(d.Title[lang]), nullable(d.Description[lang])
		}
		if _, err := stmts["fts"].ExecContext(ctx, text...); err != nil {
			return err
		}
	}
	return tx.Commit()
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// MatchExpr turns a search box query into an FTS5 query: every word must
// match (each quoted, so FTS5 operators and punctuation are taken as text),
// and a "quoted phrase" matches as a phrase.
func MatchExpr(q string) string {
	var parts []string
	for i, chunk := range strings.Split(q, `"`) {
		if i%2 == 1 {
			if strings.TrimSpace(chunk) != "" {
				parts = append(parts, `"`+chunk+`"`)
			}
			continue
		}
		for _, w := range strings.Fields(chunk) {
			parts = append(parts, `"`+w+`"`)
		}
	}
	return strings.Join(parts, " ")
}
