package search

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"sync"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/collector"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/ogpsearch/ogpsearch/indexer"
	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// Facet counts come from a table built once per index version: for each
// facet, the values of every document by its internal number. A search
// counts them as bleve hands it the matching documents (a document match
// handler, bleve's hook for custom collection), which costs an array walk
// per document instead of bleve's doc-value lookups.

const facetYear = "year"

// maxFacetValues bounds the distinct values of one facet the table holds.
const maxFacetValues = 10000

// facetNames are the facets a full request counts, in display order: the
// filters, then the year (one entry per year).
func facetNames() []string { return append(slices.Clone(ogp.FilterNames()), facetYear) }

// facetField is the index field a facet counts.
func facetField(name string) string {
	if name == facetYear {
		return indexer.FieldYearFacet
	}
	return name
}

// vocabOf names the vocabulary that labels a facet's keys, if any.
func vocabOf(name string) string {
	switch name {
	case "policy_area":
		return ogp.VocabPolicyArea
	case "status":
		return ogp.VocabStatus
	case "member":
		return ogp.VocabMember
	case "starred":
		return ogp.VocabYesNo
	case "completion":
		return ogp.VocabCompletion
	case "change":
		return ogp.VocabChangeKind
	case "changed_field":
		return ogp.VocabChangedField
	}
	return ""
}

// languageName is a language's name in that language, the label of the
// language facet whatever the reader's language.
func languageName(code string) string {
	switch code {
	case "en":
		return "English"
	case "fr":
		return "Français"
	case "es":
		return "Español"
	case "ko":
		return "한국어"
	}
	return code
}

// facetLabel labels a facet key for a reader of lang.
func facetLabel(name, key, lang string) string {
	switch {
	case name == "language":
		return languageName(key)
	case vocabOf(name) != "":
		return ogp.Vocab(vocabOf(name)).Label(key, lang)
	}
	return key
}

// facetTable holds the facet values of every document of one open index
// version. Facets are in the order of facetNames; the values of document
// n for facet f are codes vals[f][offs[f][n]:offs[f][n+1]] into keys[f].
type facetTable struct {
	keys [][]string
	offs [][]uint32
	vals [][]uint16
}

// buildFacetTable reads the keys of each facet, then the documents of each
// key (one term search each), into a facetTable.
func buildFacetTable(ctx context.Context, idx bleve.Index) (*facetTable, error) {
	r := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 0, 0, false)
	for _, name := range facetNames() {
		r.AddFacet(name, bleve.NewFacetRequest(facetField(name), maxFacetValues))
	}
	res, err := idx.SearchInContext(ctx, r)
	if err != nil {
		return nil, fmt.Errorf("facets: %w", err)
	}
	all, err := matchingDocs(ctx, idx, bleve.NewMatchAllQuery())
	if err != nil {
		return nil, err
	}
	docs := uint64(0)
	for _, d := range all {
		docs = max(docs, d+1)
	}
	t := &facetTable{}
	for _, name := range facetNames() {
		if err := t.add(ctx, idx, name, res.Facets[name], docs); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// add reads one facet into the table.
func (t *facetTable) add(ctx context.Context, idx bleve.Index, name string, fr *bsearch.FacetResult, docs uint64) error {
	var keys []string
	if fr != nil && fr.Terms != nil {
		for _, tf := range fr.Terms.Terms() {
			if tf.Term != "" { // "" is indexed for documents without a value
				keys = append(keys, tf.Term)
			}
		}
	}
	slices.Sort(keys)
	perDoc := make([][]uint16, docs)
	for code, key := range keys {
		found, err := matchingDocs(ctx, idx, termQuery(facetField(name), key))
		if err != nil {
			return err
		}
		for _, d := range found {
			if d < docs {
				perDoc[d] = append(perDoc[d], uint16(code))
			}
		}
	}
	offs := make([]uint32, docs+1)
	var vals []uint16
	for d, codes := range perDoc {
		vals = append(vals, codes...)
		offs[d+1] = uint32(len(vals))
	}
	t.keys, t.offs, t.vals = append(t.keys, keys), append(t.offs, offs), append(t.vals, vals)
	return nil
}

// matchingDocs returns the internal numbers of the documents q matches.
func matchingDocs(ctx context.Context, idx bleve.Index, q query.Query) ([]uint64, error) {
	var out []uint64
	r := bleve.NewSearchRequestOptions(q, 0, 0, false)
	r.Score = "none"
	_, err := idx.SearchInContext(withHandler(ctx, func(d *bsearch.DocumentMatch) {
		out = append(out, d.IndexInternalID.Value())
	}), r)
	if err != nil {
		return nil, fmt.Errorf("facets: %w", err)
	}
	return out, nil
}

// withHandler returns a context whose searches call see for every
// matching document, before bleve's own collection.
func withHandler(ctx context.Context, see func(*bsearch.DocumentMatch)) context.Context {
	var maker bsearch.MakeDocumentMatchHandler = func(sctx *bsearch.SearchContext) (bsearch.DocumentMatchHandler, bool, error) {
		next, loadID, err := collector.MakeTopNDocumentMatchHandler(sctx)
		if err != nil {
			return nil, false, err
		}
		return func(d *bsearch.DocumentMatch) error {
			if d != nil {
				see(d)
			}
			return next(d)
		}, loadID, nil
	}
	return context.WithValue(ctx, bsearch.MakeDocumentMatchHandlerKey, maker)
}

// facetCounter counts some facets of the documents a search matches.
type facetCounter struct {
	t      *facetTable
	facets []int   // indexes in facetNames
	counts [][]int // per facet counted, per key code
}

// counter counts the named facets.
func (t *facetTable) counter(names []string) *facetCounter {
	c := &facetCounter{t: t}
	for i, name := range facetNames() {
		if slices.Contains(names, name) {
			c.facets = append(c.facets, i)
			c.counts = append(c.counts, make([]int, len(t.keys[i])))
		}
	}
	return c
}

// fresh is a counter of the same facets, all counts 0.
func (c *facetCounter) fresh() *facetCounter {
	out := &facetCounter{t: c.t, facets: c.facets, counts: make([][]int, len(c.counts))}
	for i := range c.counts {
		out.counts[i] = make([]int, len(c.counts[i]))
	}
	return out
}

// addCounts adds the counts of o, a fresh counter of c's.
func (c *facetCounter) addCounts(o *facetCounter) {
	for i := range c.counts {
		for code, n := range o.counts[i] {
			c.counts[i][code] += n
		}
	}
}

// attach makes the searches run with the returned context count into c.
func (c *facetCounter) attach(ctx context.Context) context.Context {
	return withHandler(ctx, func(d *bsearch.DocumentMatch) { c.add(d.IndexInternalID.Value()) })
}

func (c *facetCounter) add(doc uint64) {
	for i, f := range c.facets {
		offs := c.t.offs[f]
		if doc+1 >= uint64(len(offs)) {
			continue
		}
		for _, code := range c.t.vals[f][offs[doc]:offs[doc+1]] {
			c.counts[i][code]++
		}
	}
}

// values returns the counts of one facet as the answer shows them.
func (c *facetCounter) values(name string, req ogp.SearchRequest) []ogp.Facet {
	f := slices.Index(facetNames(), name)
	i := slices.Index(c.facets, f)
	if i < 0 {
		return nil
	}
	var out []ogp.Facet
	for code, n := range c.counts[i] {
		if key := c.t.keys[f][code]; n > 0 || slices.Contains(req.Filters[name], key) {
			out = append(out, ogp.Facet{Key: key, Label: facetLabel(name, key, req.Lang), Count: n})
		}
	}
	return sortFacets(name, markSelected(name, out, req))
}

// countFacets gathers the counts of every facet. Those the request does
// not filter on were counted with the page (main); each one it filters on
// is counted by a request of its own, with every filter but its own, so its
// counts say what choosing another value would give (disjunctive facets).
// Those requests run side by side and skip scoring.
func countFacets(ctx context.Context, v *version, req ogp.SearchRequest, text query.Query, main *facetCounter) (map[string][]ogp.Facet, error) {
	out := map[string][]ogp.Facet{}
	for _, name := range unselected(req) {
		out[name] = main.values(name, req)
	}
	sel := selected(req)
	counters := make([]*facetCounter, len(sel))
	errs := make([]error, len(sel))
	var wg sync.WaitGroup
	for i, name := range sel {
		counters[i] = v.facets.counter([]string{name})
		wg.Go(func() {
			r := bleve.NewSearchRequestOptions(withFilter(text, filterQuery(req, name)), 0, 0, false)
			r.Score = "none"
			_, errs[i] = v.idx.SearchInContext(counters[i].attach(ctx), r)
		})
	}
	wg.Wait()
	for i, name := range sel {
		if errs[i] != nil {
			return nil, errs[i]
		}
		out[name] = counters[i].values(name, req)
	}
	return out, nil
}

// markSelected flags the values the request filters on, and lists those
// nothing has any more, so a reader can still unselect them.
func markSelected(name string, out []ogp.Facet, req ogp.SearchRequest) []ogp.Facet {
	for _, key := range req.Filters[name] {
		if !slices.ContainsFunc(out, func(f ogp.Facet) bool { return f.Key == key }) {
			out = append(out, ogp.Facet{Key: key, Label: facetLabel(name, key, req.Lang)})
		}
	}
	for i := range out {
		if name == facetYear {
			y, _ := strconv.Atoi(out[i].Key)
			out[i].Selected = y == req.Year || (req.Year == 0 && (req.YearFrom > 0 || req.YearTo > 0) &&
				y >= req.YearFrom && (req.YearTo == 0 || y <= req.YearTo))
			continue
		}
		out[i].Selected = slices.Contains(req.Filters[name], out[i].Key)
	}
	return out
}

// sortFacets orders years by year, so a page can draw the distribution,
// and other values by count, then key.
func sortFacets(name string, out []ogp.Facet) []ogp.Facet {
	if out == nil {
		out = []ogp.Facet{}
	}
	if name == facetYear {
		slices.SortFunc(out, func(a, b ogp.Facet) int { return cmp.Compare(a.Key, b.Key) })
		return out
	}
	slices.SortFunc(out, func(a, b ogp.Facet) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Key, b.Key))
	})
	return out
}
