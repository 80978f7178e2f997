// Package plainbleve is the baseline ogpsearch's benchmarks compare with:
// stock bleve on the same records, as a team would set it up without
// ogpsearch's analysis. Only benchmarks use it; the product never does.
package plainbleve

import (
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/cjk" // registers the stock analyzers
	_ "github.com/blevesearch/bleve/v2/analysis/lang/en"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/es"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// BatchSize is the baseline's batch: one goroutine sends batches of 1,000.
const BatchSize = 1000

// Analyzer is the stock analyzer of a page language.
func Analyzer(lang string) string {
	if lang == "ko" {
		return "cjk"
	}
	return lang
}

// Mapping is stock bleve: the default text field mapping (stored, term
// vectors, in _all) with each language's stock analyzer on title and
// description, keyword fields for the 7 facets, a numeric year.
func Mapping() mapping.IndexMapping {
	doc := bleve.NewDocumentStaticMapping()
	for _, lang := range ogp.Languages() {
		for _, f := range []string{"title", "description"} {
			fm := bleve.NewTextFieldMapping()
			fm.Analyzer = Analyzer(lang)
			doc.AddFieldMappingsAt(f+"_"+lang, fm)
		}
	}
	for _, f := range FacetFields() {
		doc.AddFieldMappingsAt(f, bleve.NewKeywordFieldMapping())
	}
	doc.AddFieldMappingsAt("year", bleve.NewNumericFieldMapping())
	im := bleve.NewIndexMapping()
	im.DefaultMapping = doc
	return im
}

// Documents merges pages by ID into one document per commitment, in the
// order of first appearance.
func Documents(recs []ogp.Commitment) []map[string]any {
	byID := map[string]map[string]any{}
	var order []string
	for _, r := range recs {
		d, ok := byID[r.ID]
		if !ok {
			var areas []string
			for _, a := range r.PolicyAreas {
				areas = append(areas, a.Key)
			}
			d = map[string]any{"id": r.ID, "member": r.Member, "status": r.Status.Key, "starred": r.Starred.Key,
				"completion": r.Completion.Key, "year": float64(r.Year), "year_facet": strconv.Itoa(r.Year), "policy_area": areas}
			byID[r.ID] = d
			order = append(order, r.ID)
		}
		d["title_"+r.Lang] = r.Title
		d["description_"+r.Lang] = r.Description
		langs, _ := d["language"].([]string)
		d["language"] = append(langs, r.Lang)
	}
	out := make([]map[string]any, 0, len(order))
	for _, id := range order {
		out = append(out, byID[id])
	}
	return out
}

// Build indexes docs into a new index at dir from one goroutine, in
// batches of BatchSize, and returns it open.
func Build(dir string, docs []map[string]any) (bleve.Index, error) {
	idx, err := bleve.New(dir, Mapping())
	if err != nil {
		return nil, err
	}
	batch := idx.NewBatch()
	for _, d := range docs {
		if err := batch.Index(d["id"].(string), d); err != nil {
			idx.Close()
			return nil, err
		}
		if batch.Size() >= BatchSize {
			if err := idx.Batch(batch); err != nil {
				idx.Close()
				return nil, err
			}
			batch = idx.NewBatch()
		}
	}
	if err := idx.Batch(batch); err != nil {
		idx.Close()
		return nil, err
	}
	return idx, nil
}

// Request is the baseline's search for what a user typed: an AND match
// query (a phrase query for a quoted phrase) on each title and description
// field, each with its field's analyzer, any of them; the 10 best. With
// full, the 7 facets and html highlighting of the stored fields as well.
func Request(q string, full bool) *bleve.SearchRequest {
	phrase, isPhrase := strings.CutPrefix(q, `"`)
	phrase, closed := strings.CutSuffix(phrase, `"`)
	isPhrase = isPhrase && closed
	var alts []query.Query
	for _, lang := range ogp.Languages() {
		for _, f := range []string{"title", "description"} {
			if isPhrase {
				m := query.NewMatchPhraseQuery(phrase)
				m.SetField(f + "_" + lang)
				alts = append(alts, m)
				continue
			}
			m := query.NewMatchQuery(q)
			m.SetField(f + "_" + lang)
			m.SetOperator(query.MatchQueryOperatorAnd)
			alts = append(alts, m)
		}
	}
	r := bleve.NewSearchRequestOptions(query.NewDisjunctionQuery(alts), 10, 0, false)
	if full {
		for _, f := range FacetFields() {
			r.AddFacet(f, bleve.NewFacetRequest(f, 100))
		}
		r.Highlight = bleve.NewHighlightWithStyle("html")
		r.Fields = []string{"*"}
	}
	return r
}

// PrefixRequest is the baseline of search-as-you-type: the words of q
// before the last one as Request matches them, and the last one as a
// prefix of a word of the same fields (bleve's prefix query, which
// expands to every term that starts with it). No facets, no highlighting.
func PrefixRequest(q string) *bleve.SearchRequest {
	words := strings.Fields(strings.ToLower(q))
	if len(words) == 0 {
		return Request(q, false)
	}
	last := words[len(words)-1]
	var prefixes []query.Query
	for _, lang := range ogp.Languages() {
		for _, f := range []string{"title", "description"} {
			p := query.NewPrefixQuery(last)
			p.SetField(f + "_" + lang)
			prefixes = append(prefixes, p)
		}
	}
	var text query.Query = query.NewDisjunctionQuery(prefixes)
	if len(words) > 1 {
		text = query.NewConjunctionQuery([]query.Query{Request(strings.Join(words[:len(words)-1], " "), false).Query, text})
	}
	return bleve.NewSearchRequestOptions(text, 10, 0, false)
}

// FacetFields are the baseline's 7 facet fields, named as ogpsearch's.
func FacetFields() []string {
	return []string{"policy_area", "status", "member", "language", "starred", "completion", "year_facet"}
}
