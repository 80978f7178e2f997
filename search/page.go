package search

import (
	"cmp"
	"context"
	"slices"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/ogpsearch/ogpsearch/indexer"
	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// A page of results: the request bleve answers, the hits as the reader
// sees them (hits.go), and the cursor to the next page (cursor.go).
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
	r.Fields = []string{indexer.FieldMeta, indexer.FieldHeads, indexer.FieldHistory}
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

// page runs the page request (see pageRequest) on v, counting the facets
// the request does not filter on when it asks for facets.
func (e *Engine) page(ctx context.Context, v *version, req ogp.SearchRequest, text query.Query, after cursor) (*bleve.SearchResult, *facetCounter, error) {
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
	if parts := e.splitParts(v.docs); quick && parts > 1 {
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
	case SortChanged:
		changed := &bsearch.SortField{Field: indexer.FieldLastChanged, Type: bsearch.SortFieldAsNumber, Desc: true, Missing: bsearch.SortFieldMissingLast}
		return bsearch.SortOrder{changed, score, id}
	}
	return bsearch.SortOrder{score, id}
}
