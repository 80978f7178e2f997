package search

import (
	"cmp"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/ogpsearch/ogpsearch/indexer"
	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// A page of results: the request bleve answers, the hits as the reader
// sees them, and the cursor to the next page.
//
// A cursor lets a reader walk through every result of a search, however
// many, at a constant cost per page: it holds the sort keys of the last
// hit given, and the next request asks bleve for the hits after it
// (SearchAfter) instead of skipping the ones before. Every sort order ends
// with the document ID, so no two hits share their keys and a walk returns
// each hit exactly once.
//
// Sorting by ID costs bleve a stored-field read per matching document,
// about a third of a query's time. So page 1 is first asked without it
// (quick): bleve then breaks ties in index order. Unless the last hit of
// the page ties with the next one, that page holds the same hits as the
// full order, which sortPage restores; otherwise it is asked again in full.

// pageRequest asks bleve for one page of hits, one more than the page
// holds (to know whether another follows and to see ties at the cut),
// with their stored pages; after the cursor when there is one, else from
// the page's offset.
func pageRequest(req ogp.SearchRequest, text query.Query, after cursor, quick bool) *bleve.SearchRequest {
	order := sortOrder(req.Sort)
	if quick {
		order = order[:len(order)-1]
	}
	r := bleve.NewSearchRequestOptions(withFilter(text, filterQuery(req, "")), req.Size+1, (req.Page-1)*req.Size, false)
	r.Fields = []string{indexer.FieldMeta, indexer.FieldHeads}
	r.SortByCustom(order)
	if after.Keys != nil {
		r.From = 0
		r.SetSearchAfter(after.Keys)
	}
	return r
}

// canQuick reports whether a page may be asked without the ID order: a
// first page, in an order that has more than the ID.
func canQuick(req ogp.SearchRequest, after cursor) bool {
	return after.Keys == nil && req.Page == 1 && req.Sort != SortID
}

// tiedAtCut reports whether the last hit of a quick page ties with the
// next one, so that the full order might put other hits on the page.
func tiedAtCut(res *bleve.SearchResult, req ogp.SearchRequest) bool {
	if len(res.Hits) <= req.Size {
		return false
	}
	a, b := res.Hits[req.Size-1], res.Hits[req.Size]
	return a.Score == b.Score && slices.Equal(a.Sort, b.Sort)
}

// sortPage puts the hits of a quick page in the full order.
func sortPage(hits []*bsearch.DocumentMatch, name string) {
	order := sortOrder(name)
	slices.SortStableFunc(hits, func(a, b *bsearch.DocumentMatch) int { return compareHits(order, a, b) })
}

func compareHits(order bsearch.SortOrder, a, b *bsearch.DocumentMatch) int {
	for i, s := range order {
		var c int
		switch s.(type) {
		case *bsearch.SortScore:
			c = cmp.Compare(a.Score, b.Score)
		case *bsearch.SortDocID:
			c = cmp.Compare(a.ID, b.ID)
		default:
			c = cmp.Compare(a.Sort[i], b.Sort[i])
		}
		if s.Descending() {
			c = -c
		}
		if c != 0 {
			return c
		}
	}
	return 0
}

// page runs the page request (see pageRequest), counting the facets the
// request does not filter on when it asks for facets.
func (v *version) page(ctx context.Context, req ogp.SearchRequest, text query.Query, after cursor) (*bleve.SearchResult, *facetCounter, error) {
	var counts *facetCounter
	counting := ctx
	if req.Facets {
		counts = v.facets.counter(unselected(req))
		counting = counts.attach(ctx)
	}
	quick := canQuick(req, after)
	r := pageRequest(req, text, after, quick)
	var res *bleve.SearchResult
	var err error
	if parts := splitParts(v.docs); quick && parts > 1 {
		res, err = v.splitPage(ctx, r, parts, counts)
	} else {
		res, err = v.idx.SearchInContext(counting, r)
	}
	if err != nil {
		return nil, nil, err
	}
	if quick && tiedAtCut(res, req) {
		res, err = v.idx.SearchInContext(ctx, pageRequest(req, text, after, false))
	} else if quick {
		sortPage(res.Hits[:min(len(res.Hits), req.Size)], req.Sort)
	}
	return res, counts, err
}

// hits turns a page of bleve hits into the answer's hits, and gives the
// cursor to the next page when one follows.
func (an *analyzers) hits(res *bleve.SearchResult, req ogp.SearchRequest, m *marks, relaxed bool) ([]ogp.Hit, string, error) {
	docs := res.Hits
	if len(docs) > req.Size {
		docs = docs[:req.Size]
	}
	out := make([]ogp.Hit, 0, len(docs))
	for _, d := range docs {
		h, err := an.hit(d, req, m)
		if err != nil {
			return nil, "", err
		}
		out = append(out, h)
	}
	if len(res.Hits) <= req.Size {
		return out, "", nil
	}
	order := sortOrder(req.Sort)
	next := cursor{Sort: req.Sort, Keys: sortKeys(order, docs[len(docs)-1]), Search: fingerprint(req), Relaxed: relaxed}
	return out, encodeCursor(next), nil
}

// cursor is where a walk stopped. It travels as opaque base64.
type cursor struct {
	Sort    string   `json:"s"`
	Keys    []string `json:"k"`
	Search  string   `json:"h"`           // fingerprint of the search it continues
	Relaxed bool     `json:"r,omitempty"` // the search was relaxed to any word
}

// sortOrder is bleve's order for a request's sort.
func sortOrder(name string) bsearch.SortOrder {
	score := &bsearch.SortScore{Desc: true}
	id := &bsearch.SortDocID{}
	year := func(desc bool) bsearch.SearchSort {
		return &bsearch.SortField{Field: indexer.FieldYearFacet, Type: bsearch.SortFieldAsString, Desc: desc, Missing: bsearch.SortFieldMissingLast}
	}
	switch name {
	case SortYear:
		return bsearch.SortOrder{year(false), score, id}
	case SortYearDesc:
		return bsearch.SortOrder{year(true), score, id}
	case SortID:
		return bsearch.SortOrder{id}
	}
	return bsearch.SortOrder{score, id}
}

// sortKeys are the values of hit for order, as SearchAfter wants them.
func sortKeys(order bsearch.SortOrder, hit *bsearch.DocumentMatch) []string {
	keys := make([]string, len(order))
	for i, s := range order {
		switch s.(type) {
		case *bsearch.SortScore:
			keys[i] = strconv.FormatFloat(hit.Score, 'g', -1, 64)
		case *bsearch.SortDocID:
			keys[i] = hit.ID
		default:
			if i < len(hit.Sort) {
				keys[i] = hit.Sort[i]
			}
		}
	}
	return keys
}

func encodeCursor(c cursor) string {
	data, _ := json.Marshal(c) // strings only: cannot fail
	return base64.RawURLEncoding.EncodeToString(data)
}

// decodeCursor reads the cursor of req and checks it continues this very
// search (same query, filters, language and sort).
func decodeCursor(req ogp.SearchRequest) (cursor, error) {
	bad := ogp.Errorf(ogp.EInvalid, "after is not a cursor this service gave")
	data, err := base64.RawURLEncoding.DecodeString(req.After)
	if err != nil {
		return cursor{}, bad
	}
	var c cursor
	if err := json.Unmarshal(data, &c); err != nil || len(c.Keys) != len(sortOrder(c.Sort)) {
		return cursor{}, bad
	}
	if c.Sort != req.Sort || c.Search != fingerprint(req) {
		return cursor{}, ogp.Errorf(ogp.EInvalid, "after belongs to another search: repeat the same query, filters, lang and sort")
	}
	if c.Sort == SortRelevance || c.Sort == SortYear || c.Sort == SortYearDesc {
		score := c.Keys[len(c.Keys)-2]
		if _, err := strconv.ParseFloat(score, 64); err != nil {
			return cursor{}, bad
		}
	}
	return c, nil
}

// fingerprint identifies what a search asks (not which page of it), so a
// cursor is refused on another search.
func fingerprint(req ogp.SearchRequest) string {
	h := fnv.New64a()
	write := func(parts ...string) {
		for _, p := range parts {
			h.Write([]byte(p))
			h.Write([]byte{0})
		}
	}
	write(req.Query, req.Lang, req.Sort, strconv.Itoa(req.Year), strconv.Itoa(req.YearFrom), strconv.Itoa(req.YearTo), req.Prefix)
	for _, name := range ogp.FilterNames() {
		keys := slices.Clone(req.Filters[name])
		slices.Sort(keys)
		write(name, strings.Join(keys, ","))
	}
	return strconv.FormatUint(h.Sum64(), 36)
}

// hit is one document as the reader sees it: the page in the reader's
// language when it exists, else the first language whose text matched,
// else English.
func (an *analyzers) hit(d *bsearch.DocumentMatch, req ogp.SearchRequest, m *marks) (ogp.Hit, error) {
	pages, err := storedPages(d.Fields, req.Snippets)
	if err == nil && !req.Snippets && needsTexts(pages, req.Lang) {
		pages, err = storedPages(d.Fields, true)
	}
	if err != nil || len(pages) == 0 {
		return ogp.Hit{}, fmt.Errorf("commitment %s: stored pages: %w", d.ID, err)
	}
	return an.hitOf(d, pages, req, m), nil
}

// hitOf is hit with the document's pages already decoded.
func (an *analyzers) hitOf(d *bsearch.DocumentMatch, pages []ogp.Commitment, req ogp.SearchRequest, m *marks) ogp.Hit {
	p := an.shownPage(pages, req.Lang, m)
	h := ogp.Hit{
		ID: d.ID, Lang: p.Lang, Title: p.Title, Member: p.Member, Year: p.Year, Status: p.Status,
		PolicyAreas: p.PolicyAreas, URL: p.URL, Score: d.Score,
	}
	for _, q := range pages {
		h.Languages = append(h.Languages, q.Lang)
		h.Member = cmp.Or(h.Member, q.Member)
		h.Year = cmp.Or(h.Year, q.Year)
	}
	if h.PolicyAreas == nil {
		h.PolicyAreas = []ogp.Term{}
	}
	if req.Snippets {
		h.Snippets = an.snippets(p, m)
	}
	return h
}

// shownPage picks the page a hit is shown in.
func (an *analyzers) shownPage(pages []ogp.Commitment, lang string, m *marks) ogp.Commitment {
	for _, p := range pages {
		if p.Lang == lang {
			return p
		}
	}
	if len(pages) > 1 {
		for _, p := range pages {
			if an.pageMatches(p, m) {
				return p
			}
		}
	}
	for _, p := range pages {
		if p.Lang == "en" {
			return p
		}
	}
	return pages[0]
}

// pageMatches reports whether the query's terms occur in the page's title
// or texts.
func (an *analyzers) pageMatches(p ogp.Commitment, m *marks) bool {
	found := false
	an.paragraphs(append([]string{p.Title}, pageTexts(p)...), func(para string) bool {
		found = len(an.matches(p.Lang, para, m)) > 0
		return !found
	})
	return found
}

// storedPages decodes the pages stored with a document, whole or (texts
// false) only what a hit shows without snippets.
func storedPages(fields map[string]any, texts bool) ([]ogp.Commitment, error) {
	if texts {
		return indexer.Pages(fields)
	}
	heads, err := indexer.Heads(fields)
	if err != nil {
		return nil, err
	}
	pages := make([]ogp.Commitment, len(heads))
	for i, h := range heads {
		pages[i] = ogp.Commitment{Lang: h.Lang, URL: h.URL, Title: h.Title, Member: h.Member, Year: h.Year, Status: h.Status, PolicyAreas: h.PolicyAreas}
	}
	return pages, nil
}

// needsTexts reports whether picking the page to show needs the texts:
// the reader's language is missing and there is a choice.
func needsTexts(pages []ogp.Commitment, lang string) bool {
	return len(pages) > 1 && !slices.ContainsFunc(pages, func(p ogp.Commitment) bool { return p.Lang == lang })
}
