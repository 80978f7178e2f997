package search

import (
	"errors"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// maxLeavesPerWord bounds the leaf queries one query word can become: at
// most maxTermsPerWord terms in each of a few dozen field alternatives
// (titles and bodies of every language, the folded and Korean fields, a
// fuzzy query), twice for an ID typed as two words ("KR 0018").
const maxLeavesPerWord = 2*32*maxTermsPerWord + 8

// FuzzParseQuery checks, for any text typed in the search box, that the
// query parser and builder never panic, that a refused query is an
// *ogp.Error with code EInvalid, and that an accepted one stays
// bounded: at most MaxQueryWords words, valid UTF-8 clause texts no longer
// than the normalised query, and a bleve query of bounded size.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{
		"", "open data", `"open data" -budget`, `-"a b" member:france status:actif`,
		"KR0018", "kr 0018", "year:2012-2016", "year:abc", "year:", "member:", `member:"south korea"`,
		"정보공개 법", "l’engagement de l'État", "ＫＲ ００１８", "\x00\n\t-", `""""`, `"unbalanced phrase`,
		strings.Repeat("word ", 200), strings.Repeat("-", 1000), strings.Repeat(`"a" `, 300),
		"a\xffb", "id:KR-0018 id:zz", "*foo?bar~ [a-z]+ (x OR y)", "ﷺ ﷺ ﷺ",
	} {
		f.Add(s, "fr")
	}
	f.Add("services personnalisés", "")
	f.Add("맞춤형 서비스", "ko")
	an, err := newAnalyzers()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, q, lang string) {
		clean, err := cleanQuery(q)
		if err != nil {
			checkInvalid(t, "cleanQuery", q, err)
			return
		}
		if len(clean) > MaxQueryBytes || !utf8.ValidString(clean) {
			t.Fatalf("cleanQuery(%q) = %q: too long or not UTF-8", q, clean)
		}
		clauses := parseQuery(clean, len(clean)%2 == 0)
		words, limit := 0, 3*len(clean)+8 // NFC grows a text by 3× at most
		for _, c := range clauses {
			words += len(strings.Fields(c.text))
			if c.text == "" || !utf8.ValidString(c.text) || len(c.text) > limit {
				t.Fatalf("parseQuery(%q): clause text %q", clean, c.text)
			}
		}
		if words > MaxQueryWords {
			t.Fatalf("parseQuery(%q): %d words, the limit is %d", clean, words, MaxQueryWords)
		}
		tq, err := (&builder{an: an, lang: lang}).build(clauses)
		if err != nil {
			checkInvalid(t, "build", clean, err)
			return
		}
		for _, bq := range []query.Query{tq.strict(), tq.relaxed()} {
			if n := leaves(bq); n > MaxQueryWords*maxLeavesPerWord {
				t.Fatalf("query %q becomes %d leaf queries", clean, n)
			}
		}
	})
}

// FuzzParseRequest checks, for any query string of a search URL, that the
// API's parameter parsing never panics, refuses with an *ogp.Error of
// code EInvalid only, and accepts only requests within the documented
// limits, which a second check leaves as they are.
func FuzzParseRequest(f *testing.F) {
	for _, s := range []string{
		"", "q=open+data&lang=fr", "q=%ff", "q=a%00b&lang=FR", "page=0", "page=101&size=100", "size=-1",
		"size=999999999999", "year=1899", "year_from=2018&year_to=2012", "sort=year&after=abc&page=2",
		"member=france,kenya,,france&member=KENYA", "member=" + strings.Repeat("x,", 60), "status=a%20b",
		"policy_area=" + strings.Repeat("é", 40), "facets=off&snippets=maybe", "q=" + strings.Repeat("a", 1001),
		"lang=fra", "page=+3", "page= 3 ", "year=0x7e0", "%zz=1&q=%", "q=a;b", "after=" + strings.Repeat("A", 2049),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		values, _ := url.ParseQuery(raw) // as r.URL.Query() does: bad pairs are dropped
		req, err := ParseRequest(values)
		if err != nil {
			checkInvalid(t, "ParseRequest", raw, err)
			return
		}
		checkBounded(t, raw, req)
		again, err := checkRequest(req)
		if err != nil || !reflect.DeepEqual(again, req) {
			t.Fatalf("%q: a second check changes %+v into %+v (%v)", raw, req, again, err)
		}
	})
}

// checkInvalid fails unless err is an *ogp.Error with code EInvalid
// and a message.
func checkInvalid(t *testing.T, what, input string, err error) {
	t.Helper()
	var ue *ogp.Error
	if !errors.As(err, &ue) || ue.Code != ogp.EInvalid || ue.Message == "" {
		t.Fatalf("%s(%q): error %v (%T) is not an invalid-argument error", what, input, err, err)
	}
}

// checkBounded fails when an accepted request breaks a documented limit.
func checkBounded(t *testing.T, raw string, req ogp.SearchRequest) {
	t.Helper()
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf("%q accepted as %+v: "+format, append([]any{raw, req}, args...)...)
	}
	if len(req.Query) > MaxQueryBytes || !utf8.ValidString(req.Query) || strings.IndexFunc(req.Query, unicode.IsControl) >= 0 {
		fail("query not clean")
	}
	if req.Lang != "" && !ogp.IsLangCode(req.Lang) {
		fail("lang")
	}
	if req.Page < 1 || req.Size < 1 || req.Size > MaxSize || req.Page*req.Size > MaxDepth {
		fail("paging")
	}
	if !slices.Contains([]string{SortRelevance, SortYear, SortYearDesc, SortID}, req.Sort) {
		fail("sort")
	}
	if len(req.After) > maxCursorBytes || (req.After != "" && req.Page > 1) {
		fail("cursor")
	}
	for _, y := range []int{req.Year, req.YearFrom, req.YearTo} {
		if y != 0 && (y < ogp.MinYear || y > ogp.MaxYear) {
			fail("year %d", y)
		}
	}
	for name, keys := range req.Filters {
		if !slices.Contains(ogp.FilterNames(), name) || len(keys) == 0 || len(keys) > maxFilterValues {
			fail("filter %s", name)
		}
		for _, k := range keys {
			if !isKey(k) || k != strings.ToLower(k) {
				fail("filter key %q", k)
			}
		}
	}
}

// leaves counts the leaf queries of a query tree.
func leaves(q query.Query) int {
	switch q := q.(type) {
	case nil:
		return 0
	case *query.BooleanQuery:
		return leaves(q.Must) + leaves(q.Should) + leaves(q.MustNot) + leaves(q.Filter)
	case *query.ConjunctionQuery:
		n := 0
		for _, c := range q.Conjuncts {
			n += leaves(c)
		}
		return n
	case *query.DisjunctionQuery:
		n := 0
		for _, c := range q.Disjuncts {
			n += leaves(c)
		}
		return n
	}
	return 1
}
