package search

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// splitQueries mix one and several words, phrases, Korean, IDs, typos,
// exclusions and words found nowhere.
var splitQueries = []string{
	"open data", "transparency", "budget", "participation citoyenne", "공공데이터",
	"services publics", "access to information", "corruption", "données ouvertes",
	"datos abiertos", "서비스", `"open data"`, `"accès à l'information"`, "KR0018",
	"goverment", "open -data", "zzzz", "public", "information", "plan",
}

// TestSplitPageMatchesWholeSearch checks that a first page asked of the
// index in parts, side by side, is the page one search of the whole index
// gives: the same total and the same hits with the same scores in the
// same order, ties included, in every order a first page may be asked in,
// however many parts.
func TestSplitPageMatchesWholeSearch(t *testing.T) {
	e, v := sampleVersion(t)
	split := 0
	for _, q := range splitQueries {
		for _, lang := range []string{"en", "ko"} {
			for _, c := range []struct {
				size int
				sort string
			}{{1, SortRelevance}, {10, SortRelevance}, {50, SortRelevance}, {10, SortYear}, {10, SortYearDesc}} {
				size := c.size
				req, err := checkRequest(ogp.SearchRequest{Query: q, Lang: lang, Size: size, Sort: c.sort})
				if err != nil {
					t.Fatal(err)
				}
				tq, err := v.queryBuilder(e.an, lang).build(parseQuery(q, false))
				if err != nil {
					t.Fatal(err)
				}
				r := pageRequest(req, tq.strict(), cursor{}, true)
				whole, err := v.idx.Search(r)
				if err != nil {
					t.Fatal(err)
				}
				for _, parts := range []int{2, 3, 7} {
					got, err := v.splitPage(context.Background(), pageRequest(req, tq.strict(), cursor{}, true), parts, nil)
					if err != nil {
						t.Fatal(err)
					}
					if msg := samePage(whole, got); msg != "" {
						t.Errorf("%q (%s, size %d, sort %s) in %d parts: %s", q, lang, size, c.sort, parts, msg)
					}
					split++
				}
			}
		}
	}
	if split == 0 {
		t.Fatal("no page was split")
	}
}

// samePage describes how two pages of bleve hits differ, "" when they do
// not.
func samePage(want, got *bleve.SearchResult) string {
	if want.Total != got.Total {
		return fmt.Sprintf("total %d, want %d", got.Total, want.Total)
	}
	ids := func(r *bleve.SearchResult) []string {
		var out []string
		for _, h := range r.Hits {
			out = append(out, h.ID)
		}
		return out
	}
	if !slices.Equal(ids(want), ids(got)) {
		return fmt.Sprintf("hits %v, want %v", ids(got), ids(want))
	}
	for i, h := range got.Hits {
		if h.Score != want.Hits[i].Score {
			return fmt.Sprintf("score of %s: %v, want %v", h.ID, h.Score, want.Hits[i].Score)
		}
	}
	if got.MaxScore != want.MaxScore {
		return fmt.Sprintf("max score %v, want %v", got.MaxScore, want.MaxScore)
	}
	return ""
}

// TestSearchSplitsWhenAlone drives the engine the way the search page
// does: first pages, with and without facets and filters, on an index
// past splitMin, from one client, answer as the whole search does, facet
// counts included.
func TestSearchSplitsWhenAlone(t *testing.T) {
	e := sampleEngine(t)
	e.splitMin = 0
	if n := e.splitParts(sampleCommitments); n < 2 {
		t.Skipf("this machine has %d core: nothing to split", n)
	}
	filters := []map[string][]string{nil, {"policy_area": {"open-data"}}, {"language": {"fr", "ko"}, "status": {"complete"}}}
	for _, q := range splitQueries {
		for _, facets := range []bool{false, true} {
			for _, f := range filters {
				req := ogp.SearchRequest{Query: q, Lang: "fr", Facets: facets, Filters: f}
				e.splitMin = math.MaxUint64
				want, err := e.Search(context.Background(), req)
				if err != nil {
					t.Fatal(err)
				}
				e.splitMin = 0
				got, err := e.Search(context.Background(), req)
				if err != nil {
					t.Fatal(err)
				}
				want.TookMS, got.TookMS = 0, 0
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%q (facets %v, filters %v): split search gave %d hits of %d, facets %v; want %d of %d, facets %v",
						q, facets, f, len(got.Hits), got.Total, got.Facets, len(want.Hits), want.Total, want.Facets)
				}
			}
		}
	}
}
