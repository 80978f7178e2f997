package fts5bench

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// Searcher answers the two requests of the search page from a database
// Build wrote, through a pool of read-only connections.
type Searcher struct {
	db                    *sql.DB
	keystroke, top, facet *sql.Stmt
}

// Hit is one result of a request: a commitment and, for the full request,
// its highlighted snippet.
type Hit struct {
	ID, Snippet string
}

// Result is the answer to a full request.
type Result struct {
	Total  int
	Hits   []Hit
	Facets map[string]map[string]int
}

// topQuery is the first page by bm25 (the table's rank), with a snippet of
// the column that matched best; FTS5 sorts by rank itself, so snippets are
// made for the 10 rows returned only.
const topQuery = `SELECT c.id, h.snip FROM (
	SELECT rowid, snippet(fts, -1, '<mark>', '</mark>', '…', 24) AS snip
	FROM fts WHERE fts MATCH ?1 ORDER BY rank LIMIT 10
) AS h JOIN commitment AS c ON c.rowid = h.rowid`

// facetQuery counts the matches and their values of the 7 facets in one
// statement, the matches computed once.
var facetQuery = func() string {
	var b strings.Builder
	b.WriteString(`WITH m(doc) AS MATERIALIZED (SELECT rowid FROM fts WHERE fts MATCH ?1)
SELECT 'total', '', count(*) FROM m`)
	for _, f := range []string{"year", "status", "member", "starred", "completion"} {
		fmt.Fprintf(&b, "\nUNION ALL SELECT '%s', CAST(%s AS TEXT), count(*) FROM commitment WHERE rowid IN m GROUP BY %s", f, f, f)
	}
	b.WriteString("\nUNION ALL SELECT 'policy_area', area, count(*) FROM policy_area WHERE doc IN m GROUP BY area")
	b.WriteString("\nUNION ALL SELECT 'language', lang, count(*) FROM language WHERE doc IN m GROUP BY lang")
	return b.String()
}()

// Open opens the database at path for up to conns concurrent readers.
func Open(path string, conns int) (*Searcher, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=query_only(1)&_pragma=cache_size(-65536)&_pragma=mmap_size(1073741824)")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	s := &Searcher{db: db}
	for _, p := range []struct {
		stmt **sql.Stmt
		q    string
	}{
		{&s.keystroke, `SELECT c.id FROM (SELECT rowid FROM fts WHERE fts MATCH ?1 ORDER BY rank LIMIT 10) AS h JOIN commitment AS c ON c.rowid = h.rowid`},
		{&s.top, topQuery},
		{&s.facet, facetQuery},
	} {
		if *p.stmt, err = db.Prepare(p.q); err != nil {
			db.Close()
			return nil, fmt.Errorf("fts5bench: prepare: %w", err)
		}
	}
	return s, nil
}

// Close closes the statements and the connections.
func (s *Searcher) Close() error {
	s.keystroke.Close()
	s.top.Close()
	s.facet.Close()
	return s.db.Close()
}

// Keystroke answers the request sent while typing: the IDs of the first
// 10 matches by bm25, no facets, no snippets.
func (s *Searcher) Keystroke(ctx context.Context, q string) ([]string, error) {
	rows, err := s.keystroke.QueryContext(ctx, MatchExpr(q))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// Full answers the full request: the first page of 10 with snippets, the
// number of matches and the counts of the 7 facets.
func (s *Searcher) Full(ctx context.Context, q string) (*Result, error) {
	expr := MatchExpr(q)
	res := &Result{Facets: map[string]map[string]int{}}
	rows, err := s.top.QueryContext(ctx, expr)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var h Hit
		if err := rows.Scan(&h.ID, &h.Snippet); err != nil {
			rows.Close()
			return nil, err
		}
		res.Hits = append(res.Hits, h)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = s.facet.QueryContext(ctx, expr)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var facet string
		var value sql.NullString
		var n int
		if err := rows.Scan(&facet, &value, &n); err != nil {
			return nil, err
		}
		if facet == "total" {
			res.Total = n
			continue
		}
		if res.Facets[facet] == nil {
			res.Facets[facet] = map[string]int{}
		}
		res.Facets[facet][value.String] = n
	}
	return res, rows.Err()
}
