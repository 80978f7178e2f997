package search

import (
	"bytes"
	"maps"
	"slices"
	"strconv"
	"testing"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
	"github.com/ogpsearch/ogpsearch/internal/samplecorpus"
)

// englishPages are the sample's English pages, one per commitment: facet
// keys come from them.
func englishPages(t *testing.T) []ogp.Commitment {
	t.Helper()
	recs, _, err := ogp.ReadCorpus(bytes.NewReader(samplecorpus.JSONL()))
	if err != nil {
		t.Fatal(err)
	}
	var out []ogp.Commitment
	for _, r := range recs {
		if r.Lang == "en" {
			out = append(out, r)
		}
	}
	if len(out) != sampleCommitments {
		t.Fatalf("%d English pages", len(out))
	}
	return out
}

func hasArea(p ogp.Commitment, key string) bool {
	return slices.ContainsFunc(p.PolicyAreas, func(a ogp.Term) bool { return a.Key == key })
}

func count(pages []ogp.Commitment, keep func(ogp.Commitment) bool) int {
	n := 0
	for _, p := range pages {
		if keep(p) {
			n++
		}
	}
	return n
}

// counts maps a facet's keys to their counts.
func counts(fs []ogp.Facet) map[string]int {
	out := map[string]int{}
	for _, f := range fs {
		out[f.Key] = f.Count
	}
	return out
}

func TestFacetsCountCommitments(t *testing.T) {
	e := sampleEngine(t)
	res := search(t, e, ogp.SearchRequest{Lang: "fr", Facets: true})
	if res.Total != sampleCommitments {
		t.Fatalf("total %d", res.Total)
	}
	lang := counts(res.Facets["language"])
	if lang["en"] != sampleCommitments || lang["fr"] != 48 || lang["ko"] != 45 || lang["es"] != 22 {
		t.Errorf("language facet %v", lang)
	}
	labels := map[string]string{}
	for _, name := range []string{"language", "member", "status", "policy_area"} {
		for _, f := range res.Facets[name] {
			labels[name+"/"+f.Key] = f.Label
		}
	}
	for key, want := range map[string]string{
		"language/en": "English", "language/fr": "Français", "language/ko": "한국어", "language/es": "Español",
		"member/south-korea": "Corée du Sud", "status/inactive": "inactif", "policy_area/open-data": "Données ouvertes",
	} {
		if labels[key] != want {
			t.Errorf("label of %s = %q, want %q", key, labels[key], want)
		}
	}
	var years []string
	sum := 0
	for _, f := range res.Facets["year"] {
		years = append(years, f.Key)
		sum += f.Count
	}
	if !slices.IsSorted(years) || years[0] != "2012" || sum != sampleCommitments || counts(res.Facets["year"])["2014"] != 5 {
		t.Errorf("year facet %v (sum %d)", res.Facets["year"], sum)
	}
	for _, name := range facetNames() {
		for _, f := range res.Facets[name] {
			if f.Key == "" || f.Count == 0 || f.Selected {
				t.Errorf("%s: %+v", name, f)
			}
		}
	}
}

func TestFiltersAndOr(t *testing.T) {
	e := sampleEngine(t)
	pages := englishPages(t)
	cases := []struct {
		filters map[string][]string
		want    func(ogp.Commitment) bool
	}{
		{map[string][]string{"policy_area": {"open-data"}}, func(p ogp.Commitment) bool { return hasArea(p, "open-data") }},
		{map[string][]string{"policy_area": {"open-data", "health"}}, func(p ogp.Commitment) bool {
			return hasArea(p, "open-data") || hasArea(p, "health")
		}},
		{map[string][]string{"policy_area": {"open-data"}, "member": {"south-korea"}}, func(p ogp.Commitment) bool {
			return hasArea(p, "open-data") && p.Member == "south-korea"
		}},
		{map[string][]string{"member": {"france", "kenya"}, "status": {"inactive"}}, func(p ogp.Commitment) bool {
			return (p.Member == "france" || p.Member == "kenya") && p.Status.Key == "inactive"
		}},
		{map[string][]string{"language": {"es"}, "starred": {"yes"}}, nil},
	}
	for _, c := range cases {
		res := search(t, e, ogp.SearchRequest{Filters: c.filters, Size: 100})
		if c.want != nil && res.Total != count(pages, c.want) {
			t.Errorf("%v: total %d, want %d", c.filters, res.Total, count(pages, c.want))
		}
		if res.Total != len(res.Hits) {
			t.Errorf("%v: %d hits for total %d", c.filters, len(res.Hits), res.Total)
		}
	}
}

func TestYearFilters(t *testing.T) {
	e := sampleEngine(t)
	pages := englishPages(t)
	cases := []struct {
		year, from, to int
	}{{2014, 0, 0}, {0, 2016, 2018}, {0, 2020, 0}, {0, 0, 2013}, {2016, 2012, 2016}, {1999, 0, 0}}
	for _, c := range cases {
		want := count(pages, func(p ogp.Commitment) bool {
			return (c.year == 0 || p.Year == c.year) && (c.from == 0 || p.Year >= c.from) && (c.to == 0 || p.Year <= c.to)
		})
		res := search(t, e, ogp.SearchRequest{Year: c.year, YearFrom: c.from, YearTo: c.to, Facets: true})
		if res.Total != want {
			t.Errorf("%+v: total %d, want %d", c, res.Total, want)
		}
		for _, f := range res.Facets["year"] {
			y, _ := strconv.Atoi(f.Key)
			inside := (c.year == 0 || y == c.year) && (c.from == 0 || y >= c.from) && (c.to == 0 || y <= c.to)
			if c.year != 0 {
				inside = y == c.year
			}
			if f.Selected != inside {
				t.Errorf("%+v: year %s selected %v", c, f.Key, f.Selected)
			}
		}
	}
}

// TestDisjunctiveFacets: a facet's counts ignore its own selection, while
// the other facets count what the selection leaves.
func TestDisjunctiveFacets(t *testing.T) {
	e := sampleEngine(t)
	for _, q := range []string{"", "data"} {
		all := search(t, e, ogp.SearchRequest{Query: q, Facets: true})
		sel := search(t, e, ogp.SearchRequest{Query: q, Facets: true, Filters: map[string][]string{"policy_area": {"open-data"}}})
		if !maps.Equal(counts(all.Facets["policy_area"]), counts(sel.Facets["policy_area"])) {
			t.Errorf("%q: policy_area counts change with their own selection:\n%v\n%v", q, all.Facets["policy_area"], sel.Facets["policy_area"])
		}
		if lang := counts(sel.Facets["language"]); lang["en"] != sel.Total || sel.Total >= all.Total {
			t.Errorf("%q: other facets ignore the selection: en %d, total %d of %d", q, lang["en"], sel.Total, all.Total)
		}
		for _, f := range sel.Facets["policy_area"] {
			if f.Selected != (f.Key == "open-data") {
				t.Errorf("%q: %+v", q, f)
			}
		}
		years := search(t, e, ogp.SearchRequest{Query: q, Facets: true, Year: 2016})
		if !maps.Equal(counts(all.Facets["year"]), counts(years.Facets["year"])) {
			t.Errorf("%q: year counts change with the year selected", q)
		}
	}
}

func TestSelectedValueWithoutCommitments(t *testing.T) {
	e := sampleEngine(t)
	res := search(t, e, ogp.SearchRequest{Facets: true, Filters: map[string][]string{"member": {"kenya"}, "policy_area": {"open-data", "no-such-area"}}})
	if res.Total != 0 {
		t.Fatalf("total %d", res.Total)
	}
	got := map[string]ogp.Facet{}
	for _, f := range res.Facets["policy_area"] {
		got[f.Key] = f
	}
	for _, key := range []string{"open-data", "no-such-area"} {
		if f, ok := got[key]; !ok || f.Count != 0 || !f.Selected {
			t.Errorf("selected %s: %+v", key, f)
		}
	}
	pages := englishPages(t)
	members := counts(res.Facets["member"])
	want := count(pages, func(p ogp.Commitment) bool { return p.Member == "south-korea" && hasArea(p, "open-data") })
	if _, listed := members["kenya"]; !listed || members["kenya"] != 0 || members["south-korea"] != want {
		t.Errorf("member facet (counts under the policy area filter): %v", res.Facets["member"])
	}
}

func TestNoFacetsWhenNotAsked(t *testing.T) {
	e := sampleEngine(t)
	if res := search(t, e, ogp.SearchRequest{Query: "data"}); res.Facets != nil {
		t.Errorf("facets: %v", res.Facets)
	}
}
