package search

import (
	"context"
	"math"
	"runtime"
	"slices"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// A split search uses the idle cores for one request: bleve walks the
// matches of a query on one core, so a first page asked while cores are
// idle is asked of parts of the index (ranges of document numbers) side by
// side, and the parts' pages are merged. Every part scores as the whole
// index does (the same document counts, the same weights), so the merged
// page is the one a single search gives. Each part counts the facets of
// its own matches; the counts are added up. Under load, searches run
// whole: the cores are busy anyway.

// defaultSplitMin is the size of index from which a first page is split
// (Engine.splitMin): on a small one, starting the parts would cost more
// than they save.
const defaultSplitMin = 4096

// splitParts is how many parts a search may be split into now: the
// cores left to each search running on the engine, 1 when there is none
// to spare.
func (e *Engine) splitParts(docs uint64) int {
	n := runtime.GOMAXPROCS(0) / max(1, int(e.running.Load()))
	if docs < e.splitMin || n < 2 {
		return 1
	}
	return n
}

// splitPage answers a quick first page (pageRequest with quick) by
// asking each of parts ranges of document numbers at once and merging
// their pages, and adds the facets of every match to counts (nil: none).
func (v *version) splitPage(ctx context.Context, req *bleve.SearchRequest, parts int, counts *facetCounter) (*bleve.SearchResult, error) {
	results := make([]*bleve.SearchResult, parts)
	errs := make([]error, parts)
	partCounts := make([]*facetCounter, parts)
	var wg sync.WaitGroup
	step := v.docs / uint64(parts)
	for p := range parts {
		lo, hi := uint64(p)*step, uint64(p+1)*step
		if p == parts-1 {
			hi = math.MaxUint64 // to the end, whatever the numbers of deleted documents
		}
		part := *req
		part.Query = query.NewConjunctionQuery([]query.Query{req.Query, docRange{lo, hi}})
		part.Sort = req.Sort.Copy() // a sort by field keeps the values of the document it reads

		partCtx := ctx
		if counts != nil {
			partCounts[p] = counts.fresh()
			partCtx = partCounts[p].attach(ctx)
		}
		wg.Go(func() { results[p], errs[p] = v.idx.SearchInContext(partCtx, &part) })
	}
	wg.Wait()
	if counts != nil {
		for _, c := range partCounts {
			counts.addCounts(c)
		}
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	out := results[0]
	order := req.Sort
	for _, r := range results[1:] {
		out.Total += r.Total
		out.MaxScore = max(out.MaxScore, r.MaxScore)
		// The parts come in document order, as bleve breaks ties.
		out.Hits = append(out.Hits, r.Hits...)
	}
	slices.SortStableFunc(out.Hits, func(a, b *bsearch.DocumentMatch) int { return compareHits(order, a, b) })
	if len(out.Hits) > req.Size {
		out.Hits = out.Hits[:req.Size]
	}
	return out, nil
}

// docRange matches the document numbers lo ≤ n < hi, with no score and
// no weight. In a conjunction it is only ever advanced to the other
// side's documents (its count sorts it last), which costs nothing.
type docRange struct{ lo, hi uint64 }

func (r docRange) Searcher(context.Context, index.IndexReader, mapping.IndexMapping, bsearch.SearcherOptions) (bsearch.Searcher, error) {
	return &rangeSearcher{r: r, next: r.lo}, nil
}

type rangeSearcher struct {
	r    docRange
	next uint64
}

func (s *rangeSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	return s.at(ctx, s.next)
}

func (s *rangeSearcher) Advance(ctx *bsearch.SearchContext, id index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	return s.at(ctx, max(id.Value(), s.next))
}

func (s *rangeSearcher) at(ctx *bsearch.SearchContext, n uint64) (*bsearch.DocumentMatch, error) {
	if n >= s.r.hi {
		s.next = s.r.hi
		return nil, nil
	}
	d := ctx.DocumentMatchPool.Get()
	d.IndexInternalID = index.NewIndexInternalID(d.IndexInternalID, n)
	d.Score = 0
	s.next = n + 1
	return d, nil
}

func (*rangeSearcher) Close() error               { return nil }
func (*rangeSearcher) Weight() float64            { return 0 }
func (*rangeSearcher) SetQueryNorm(float64)       {}
func (*rangeSearcher) Count() uint64              { return 1 << 40 }
func (*rangeSearcher) Min() int                   { return 0 }
func (*rangeSearcher) Size() int                  { return 64 }
func (*rangeSearcher) DocumentMatchPoolSize() int { return 1 }
