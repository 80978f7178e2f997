package search

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/ogpsearch/ogpsearch/indexer"
	"github.com/ogpsearch/ogpsearch/indexer/analysis"
	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

func TestParseQuery(t *testing.T) {
	cases := []struct {
		q    string
		want string
	}{
		{"open data", "[open] [data]"},
		{`"open data" portal`, `["open data"] [portal]`},
		{`-budget -"gender budgeting" x`, `[-budget] [-"gender budgeting"] [x]`},
		{`member:france Year:2014 id:kr0018`, `[member=france] [year=2014] [id=kr0018]`},
		{`member:"south korea" -status:active`, `[member=south korea] [-status=active]`},
		{`colour:red`, `[colour:red]`},
		{`member: - "" x`, `[x]`},
		{`"open data`, `["open data"]`},
		{`KR 0018 services`, `[KR0018(KR,0018)] [services]`},
		{`plan 2019`, `[plan2019(plan,2019)]`},
		{`정보공개 법 open 공공`, `[정보공개 법] [open] [공공]`},
		{`ＫＲ００１８`, `[KR0018]`},
	}
	for _, c := range cases {
		if got := describe(parseQuery(c.q, false)); got != c.want {
			t.Errorf("parseQuery(%q) = %s, want %s", c.q, got, c.want)
		}
	}
}

func describe(cs []clause) string {
	var parts []string
	for _, c := range cs {
		s := c.text
		switch {
		case c.field != "":
			s = c.field + "=" + c.text
		case c.phrase:
			s = `"` + c.text + `"`
		case c.idParts != nil:
			s = fmt.Sprintf("%s(%s)", c.text, strings.Join(c.idParts, ","))
		}
		if c.not {
			s = "-" + s
		}
		parts = append(parts, "["+s+"]")
	}
	return strings.Join(parts, " ")
}

func TestParseQueryBoundsWords(t *testing.T) {
	cs := parseQuery(strings.Repeat("w ", 500)+`"a b c"`, false)
	words := 0
	for _, c := range cs {
		words += len(strings.Fields(c.text))
	}
	if words != MaxQueryWords {
		t.Errorf("%d words kept, want %d", words, MaxQueryWords)
	}
}

func TestFuzziness(t *testing.T) {
	for term, want := range map[string]int{
		"data": 0, "budget": 1, "transparency": 2, "kr0018": 0, "2019": 0, "공공데이터": 0,
		"élaboration": 2, strings.Repeat("a", 30): 0,
	} {
		if got := fuzziness(term); got != want {
			t.Errorf("fuzziness(%q) = %d, want %d", term, got, want)
		}
	}
}

// find runs q for a reader of lang (page size 100) and returns the IDs.
func find(t *testing.T, e *Engine, q, lang string) ([]string, ogp.SearchResult) {
	t.Helper()
	res := search(t, e, ogp.SearchRequest{Query: q, Lang: lang, Size: 100})
	return ids(res), res
}

func TestQuerySyntax(t *testing.T) {
	e := sampleEngine(t)
	cases := []struct {
		q        string
		total    int // -1: any
		must     []string
		mustNot  []string
		firstHit string
	}{
		{`"beneficial ownership"`, -1, []string{"FR0002", "KE0003"}, nil, ""},
		{`"ownership beneficial"`, 0, nil, []string{"FR0002", "KE0003"}, ""},
		{`transparency -concessions`, -1, []string{"MX0005"}, []string{"MX0004"}, ""},
		{`-"south korea" open data`, -1, []string{"MX0003"}, []string{"KR0044"}, ""},
		{`member:france`, 8, []string{"FR0001", "FR0008"}, nil, ""},
		{`member:"Corée du Sud"`, 48, []string{"KR0018"}, nil, ""},
		{`-member:south-korea`, sampleCommitments - 48, nil, []string{"KR0018"}, ""},
		{`status:actif`, 22, []string{"KR0044"}, []string{"KR0018"}, ""},
		{`year:2014`, 5, []string{"KR0018", "KR0019"}, nil, ""},
		{`year:2012..2013`, 19, []string{"KR0001", "MX0001"}, nil, ""},
		{`id:KR0018`, 1, []string{"KR0018"}, nil, ""},
		{`member:france climate`, -1, []string{"FR0004"}, []string{"CA0004"}, ""},
	}
	for _, c := range cases {
		got, res := find(t, e, c.q, "en")
		if c.total >= 0 && res.Total != c.total {
			t.Errorf("%q: total %d, want %d (%v)", c.q, res.Total, c.total, got)
		}
		for _, id := range c.must {
			if !slices.Contains(got, id) {
				t.Errorf("%q misses %s: %v", c.q, id, got)
			}
		}
		for _, id := range c.mustNot {
			if slices.Contains(got, id) {
				t.Errorf("%q must not find %s: %v", c.q, id, got)
			}
		}
	}
}

func TestIDQueries(t *testing.T) {
	e := sampleEngine(t)
	for _, q := range []string{"kr0018", "KR0018", "KR 0018", "kr-0018", "Kr0018 services", "ＫＲ００１８"} {
		got, _ := find(t, e, q, "en")
		if len(got) == 0 || got[0] != "KR0018" {
			t.Errorf("%q: %v, want KR0018 first", q, got)
		}
	}
	for _, q := range []string{"KR0019", "KR 0019", "kr0017"} {
		if got, _ := find(t, e, q, "en"); slices.Contains(got, "KR0018") {
			t.Errorf("%q finds KR0018: %v", q, got)
		}
	}
	if got, res := find(t, e, "KR9999", "en"); len(got) != 0 || res.Relaxed {
		t.Errorf("an unknown ID finds %v", got)
	}
}

func TestTypoTolerance(t *testing.T) {
	e := sampleEngine(t)
	cases := map[string]string{
		"transparancy":   "MX0004", // 1 edit, and 2 allowed from 9 letters
		"transparensy":   "MX0005",
		"corruptoin":     "KR0036", // a transposition is 2 edits
		"budjet":         "FR0007", // 6 letters: 1 edit
		"whistleblowrs":  "FR0006",
		"participattion": "KR0042",
	}
	for q, id := range cases {
		got, res := find(t, e, q, "en")
		if !slices.Contains(got, id) || res.Relaxed {
			t.Errorf("%q: %v (relaxed %v), want %s", q, got, res.Relaxed, id)
		}
	}
	for _, q := range []string{"dta", "KR0081", "2041"} { // short words, IDs and numbers: exact only
		if got, _ := find(t, e, q, "en"); len(got) != 0 {
			t.Errorf("%q finds %v", q, got)
		}
	}
	if got, _ := find(t, e, "transparancy", "en"); len(got) == 0 || !strings.HasPrefix(got[0], "MX000") {
		t.Errorf("transparancy: titles with the word first, got %v", got)
	}
}

// TestExactAboveFuzzy runs a word with typo tolerance although the index
// knows it: forms is exact in KR0007, one edit from
// forme in KR0023.
func TestExactAboveFuzzy(t *testing.T) {
	e, v := sampleVersion(t)
	tq, err := (&builder{an: e.an, lang: "en"}).build(parseQuery("forms", false))
	if err != nil {
		t.Fatal(err)
	}
	res, err := v.idx.SearchInContext(context.Background(), bleve.NewSearchRequestOptions(tq.strict(), 100, 0, false))
	if err != nil {
		t.Fatal(err)
	}
	rank := map[string]int{}
	for i, h := range res.Hits {
		rank[h.ID] = i + 1
	}
	if rank["KR0007"] == 0 || rank["KR0023"] == 0 || rank["KR0007"] > rank["KR0023"] {
		t.Errorf("forms: KR0007 at %d, KR0023 (forme) at %d", rank["KR0007"], rank["KR0023"])
	}
}

func TestStopWordsAreNotRequired(t *testing.T) {
	e := sampleEngine(t)
	plain, _ := find(t, e, "access information", "fr")
	with, _ := find(t, e, "access to the information", "fr")
	if len(with) == 0 || !slices.Equal(sorted(plain), sorted(with)) {
		t.Errorf("English stop words for a French reader: %v vs %v", with, plain)
	}
}

func sorted(s []string) []string { s = slices.Clone(s); slices.Sort(s); return s }

func TestRelaxedAnswers(t *testing.T) {
	e := sampleEngine(t)
	got, res := find(t, e, "open data zzzqqq", "en")
	if !res.Relaxed || !slices.Contains(got, "KR0044") {
		t.Errorf("relaxed: %v %v", res.Relaxed, got)
	}
	if res.Hits[0].ID != "KR0044" && res.Hits[0].ID != "KR0028" {
		t.Errorf("the best of a relaxed answer has most words: %v", got[:3])
	}
	if _, res := find(t, e, "open data", "en"); res.Relaxed {
		t.Error("a query with answers is not relaxed")
	}
	if got, res := find(t, e, "zzzqqq", "en"); len(got) != 0 || res.Relaxed {
		t.Errorf("one unknown word: %v", got)
	}
	if got, res := find(t, e, "open data -data zzzqqq", "en"); slices.Contains(got, "KR0044") || !res.Relaxed {
		t.Errorf("exclusions still apply when relaxed: %v", got)
	}
}

// TestHostileQueries: every answer is fast, and either results or a
// bad-request error; nothing panics.
func TestHostileQueries(t *testing.T) {
	e := sampleEngine(t)
	long := strings.Repeat("transparency ", 800)
	cases := map[string]string{
		"10,000 characters":        strings.Repeat("x", 10000),
		"5,000 terms":              strings.Repeat("a ", 5000),
		"500 terms under the cap":  strings.Repeat("ab ", 330),
		"metacharacters":           `*?[](){}^$|\~ .* a+ (b|c) [^x] \d{3}`,
		"invalid UTF-8":            "caf\xe9 \xff\xfe",
		"NUL and controls":         "open\x00data\x1b[31m\x7f",
		"field alone":              "member:",
		"unknown field":            "colour:red",
		"minus alone":              "-",
		"unbalanced quotes":        `"open data "budget`,
		"quotes only":              `"""""`,
		"a long word":              strings.Repeat("a", 999),
		"long Hangul run":          strings.Repeat("공공데이터 ", 160),
		"many phrases":             strings.Repeat(`"open data" `, 80),
		"many fields":              strings.Repeat("member:france ", 70),
		"bad year":                 "year:abc",
		"emoji and RTL":            "😀 \u202e مرحبا \u200d",
		"under the cap, typo-rich": long[:MaxQueryBytes],
	}
	for name, q := range cases {
		start := time.Now()
		res, err := e.Search(context.Background(), ogp.SearchRequest{Query: q, Lang: "fr", Facets: true, Snippets: true})
		took := time.Since(start)
		if err != nil && errCode(err) != ogp.EInvalid {
			t.Errorf("%s: %v", name, err)
		}
		if err == nil && res.Total < 0 {
			t.Errorf("%s: %+v", name, res)
		}
		if took > time.Second {
			t.Errorf("%s took %v", name, took)
		}
	}
}

// TestPhrasePairsMatchPositions checks that a phrase looked up by its
// pairs of common words finds what the positions of its words find: the
// same commitments as bleve's phrase queries on the same fields, the
// folded one included.
func TestPhrasePairsMatchPositions(t *testing.T) {
	e, v := sampleVersion(t)
	covered, foldedCovered, found := 0, 0, 0
	for _, p := range []string{
		"open data", "data open", "civil society", "public services", "action plan",
		"accès à l'information", "données ouvertes", "datos abiertos", "access to information",
		"beneficial ownership", "open government partnership",
	} {
		if toks := e.an.tokens(analysis.EnglishQuery, p); len(toks) > 1 {
			if _, all := v.pairs.PhrasePairs(toks); all {
				covered++
			}
		}
		if _, all := v.fpairs.PhrasePairs(e.an.tokens(analysis.FoldedQuery, p)); all {
			foldedCovered++
		}
		// The reference: positions, in every field a phrase looks in.
		var alts []query.Query
		for _, l := range ogp.Languages() {
			qa := analysis.QueryAnalyzer(analysis.ForLanguage(l))
			alts = append(alts, phrase(indexer.FieldTitle, qa, p, 1), phrase(indexer.FieldBody, qa, p, 1))
		}
		alts = append(alts, phrase(indexer.FieldFolded, analysis.FoldedQuery, p, 1))
		req := bleve.NewSearchRequestOptions(query.NewDisjunctionQuery(alts), 1000, 0, false)
		req.Fields = []string{indexer.FieldID}
		res, err := v.idx.Search(req)
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, h := range res.Hits {
			want = append(want, h.ID)
		}
		got, _ := find(t, e, `"`+p+`"`, "en")
		if len(got) > 0 {
			found++
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%q: %v, positions find %v", p, got, want)
		}
	}
	if covered < 4 || foldedCovered < 3 || found < 6 {
		t.Errorf("only %d of the phrases are looked up by pairs alone (%d in the folded field), %d find anything", covered, foldedCovered, found)
	}
}

// TestHangulPairsMatchPositions checks that a Hangul word looked up by
// the pairs of its bigrams finds what the positions of its bigrams find.
func TestHangulPairsMatchPositions(t *testing.T) {
	e, v := sampleVersion(t)
	idsOf := func(q query.Query) []string {
		req := bleve.NewSearchRequestOptions(q, 1000, 0, false)
		res, err := v.idx.Search(req)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, h := range res.Hits {
			out = append(out, h.ID)
		}
		slices.Sort(out)
		return out
	}
	byPairs, found := 0, 0
	for _, word := range []string{"공공데이터", "공공 데이터", "정보공개", "서비스를", "국가행동계획", "행정안전부", "시민사회", "데이터를", "공개된"} {
		toks := e.an.tokens(analysis.KoreanQuery, word)
		pairs, all := v.pairs.HangulWordPairs(toks)
		if all && len(pairs) > 0 {
			byPairs++
		}
		for _, field := range []string{indexer.FieldTitle, indexer.FieldBody} {
			got := idsOf(adjacentQuery(field, analysis.KoreanQuery, word, pairs, all, 1))
			want := idsOf(phrase(field, analysis.KoreanQuery, word, 1))
			if !slices.Equal(got, want) {
				t.Errorf("%q in %s: %v, positions find %v", word, field, got, want)
			}
			if len(got) > 0 {
				found++
			}
		}
	}
	if byPairs < 4 || found < 8 {
		t.Errorf("%d words looked up by pairs alone, %d lookups find anything", byPairs, found)
	}
}
