package search

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

func TestMerge(t *testing.T) {
	got := merge([]span{{10, 14}, {0, 3}, {3, 6}, {12, 20}, {30, 31}})
	want := []span{{0, 6}, {10, 20}, {30, 31}}
	if !slices.Equal(got, want) {
		t.Errorf("merge = %v, want %v", got, want)
	}
}

func TestCut(t *testing.T) {
	text := "a < b & c > d"
	if got := cut(text, []span{{4, 5}}); got != "a &lt; <mark>b</mark> &amp; c &gt; d" {
		t.Errorf("escaping: %q", got)
	}
	long := strings.Repeat("lorem ipsum ", 40) + "target " + strings.Repeat("dolor sit ", 40)
	i := strings.Index(long, "target")
	got := cut(long, []span{{i, i + 6}})
	if !strings.HasPrefix(got, "… ") || !strings.HasSuffix(got, " …") || !strings.Contains(got, "<mark>target</mark>") {
		t.Errorf("window: %q", got)
	}
	if len(got) > snippetBytes+40 {
		t.Errorf("window of %d bytes", len(got))
	}
	korean := strings.Repeat("공공데이터를 개방한다", 30)
	for at := 0; at < 200; at++ {
		i := at + strings.Index(korean[at:], "데이터")
		if out := cut(korean, []span{{i, i + len("데이터")}}); !utf8.ValidString(out) || !strings.Contains(out, "<mark>데이터</mark>") {
			t.Fatalf("cut at %d: %q", i, out)
		}
	}
	if got := cut("short text", nil); got != "short text" {
		t.Errorf("no span: %q", got)
	}
}

func TestWithinEdits(t *testing.T) {
	cases := []struct {
		a, b string
		k    int
		want bool
	}{
		{"transparency", "transparancy", 1, true},
		{"transparency", "transparansy", 1, false},
		{"transparency", "transparansy", 2, true},
		{"corruption", "corruptoin", 2, true},
		{"état", "etat", 1, true},
		{"budget", "gadget", 1, false},
		{"abc", "abcdef", 2, false},
	}
	for _, c := range cases {
		if got := withinEdits(c.a, c.b, c.k); got != c.want {
			t.Errorf("withinEdits(%q, %q, %d) = %v", c.a, c.b, c.k, got)
		}
	}
}

// hitOf returns the hit of id in an answer.
func hitOf(t *testing.T, res ogp.SearchResult, id string) ogp.Hit {
	t.Helper()
	for _, h := range res.Hits {
		if h.ID == id {
			return h
		}
	}
	t.Fatalf("%q: no %s among %v", res.Query, id, ids(res))
	return ogp.Hit{}
}

func TestHitsInReadersLanguage(t *testing.T) {
	e := sampleEngine(t)
	cases := []struct {
		q, lang, wantLang, wantTitle string
	}{
		{"customized services", "fr", "fr", "Fournir des services personnalisés"},
		{"customized services", "ko", "ko", "맞춤형 서비스 제공"},
		{"customized services", "es", "en", "Provide Customized Services"}, // no Spanish page: the language that matched
		{"맞춤형 서비스", "es", "ko", "맞춤형 서비스 제공"},
		{"personnalisés", "", "fr", "Fournir des services personnalisés"},
		{"KR0018", "es", "en", "Provide Customized Services"}, // nothing in the texts matched: English
	}
	for _, c := range cases {
		res := search(t, e, ogp.SearchRequest{Query: c.q, Lang: c.lang})
		h := hitOf(t, res, "KR0018")
		if h.Lang != c.wantLang || h.Title != c.wantTitle {
			t.Errorf("%q for %q: shown in %s: %q", c.q, c.lang, h.Lang, h.Title)
		}
		if !slices.Equal(h.Languages, []string{"en", "fr", "ko"}) || h.Member != "south-korea" || h.Year != 2014 || h.URL == "" {
			t.Errorf("%q: hit %+v", c.q, h)
		}
	}
}

// markRE finds what snippets mark.
var markRE = regexp.MustCompile(`<mark>(.*?)</mark>`)

func marked(snippets []string) []string {
	var out []string
	for _, s := range snippets {
		for _, m := range markRE.FindAllStringSubmatch(s, -1) {
			out = append(out, m[1])
		}
	}
	return out
}

func TestSnippetsMarkAccentsAndKorean(t *testing.T) {
	e := sampleEngine(t)
	cases := []struct {
		q, lang, id, mark string
	}{
		{"services generaux", "fr", "KR0018", "généraux"},
		{"vulnerables", "fr", "KR0018", "vulnérables"},
		{"서비스", "ko", "KR0018", "서비스"},
		{"공공 서비스", "ko", "KR0018", "공공서비스"},
		{"flagship service", "en", "KR0018", "flagship service"},
	}
	for _, c := range cases {
		res := search(t, e, ogp.SearchRequest{Query: c.q, Lang: c.lang, Snippets: true, Size: 50})
		h := hitOf(t, res, c.id)
		if !slices.ContainsFunc(marked(h.Snippets), func(m string) bool { return strings.Contains(m, c.mark) }) {
			t.Errorf("%q: snippets %q do not mark %q", c.q, h.Snippets, c.mark)
		}
		for _, s := range h.Snippets {
			if !utf8.ValidString(s) || strings.Count(s, "<") != 2*strings.Count(s, "<mark>") {
				t.Errorf("%q: snippet %q", c.q, s)
			}
		}
	}
}

func TestNoSnippetsWhenNotAsked(t *testing.T) {
	e := sampleEngine(t)
	for _, h := range search(t, e, ogp.SearchRequest{Query: "services"}).Hits {
		if h.Snippets != nil {
			t.Fatalf("%s: %v", h.ID, h.Snippets)
		}
	}
}

// hostileIndex holds pages whose texts carry markup and entities.
var hostileIndex = sync.OnceValues(func() (string, error) {
	return buildIndex("hostile", []ogp.Commitment{
		{ID: "XS0001", Lang: "en", Member: "france", Year: 2020, Title: "Scripted <b>titles</b> & more",
			Description: "Watch out: <script>alert('transparency')</script> & \"quoted\" transparency reforms."},
		{ID: "XS0001", Lang: "fr", Member: "france", Year: 2020, Title: "Réformes <i>budgétaires</i>",
			Description: "L'État publiera <img src=x onerror=alert(1)> les données budgétaires."},
	})
})

func TestSnippetsAreEscaped(t *testing.T) {
	dir, err := hostileIndex()
	if err != nil {
		t.Fatal(err)
	}
	e, err := OpenEngine(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	cases := []struct{ q, lang, want string }{
		{"transparency", "en", `Watch out: &lt;script&gt;alert(&#39;<mark>transparency</mark>&#39;)&lt;/script&gt; &amp; &#34;quoted&#34; <mark>transparency</mark> reforms.`},
		{"budgetaires etat", "fr", `L&#39;<mark>État</mark> publiera &lt;img src=x onerror=alert(1)&gt; les données <mark>budgétaires</mark>.`},
	}
	for _, c := range cases {
		q, want := c.q, c.want
		res, err := e.Search(context.Background(), ogp.SearchRequest{Query: q, Snippets: true, Lang: c.lang})
		if err != nil || len(res.Hits) != 1 {
			t.Fatalf("%q: %v %v", q, res, err)
		}
		if got := res.Hits[0].Snippets; len(got) == 0 || got[0] != want {
			t.Errorf("%q:\ngot  %q\nwant %q", q, got, want)
		}
	}
}

// Korean snippets mark the words a query found, by their morphemes: the
// stem of another form of a verb (개선 of 개선한다 for 개선했다), a noun
// with its particle left out (정부 of 정부는), and never the syllables of
// another word that only spell the query (정부 in 과정부터).
func TestSnippetsMarkKoreanWords(t *testing.T) {
	e := buildTestEngine(t, []ogp.Commitment{{
		ID: "KR9801", Lang: "ko", Member: "south-korea", Year: 2021,
		Title:       "교육 과정부터 바꾸는 정부 혁신",
		Description: "정부는 교육 과정부터 청렴 사례를 다루고 민원 절차를 개선한다.",
	}})
	for _, c := range []struct {
		q    string
		want []string
	}{
		{"정부", []string{"정부"}},
		{"개선했다", []string{"개선"}},
	} {
		res := search(t, e, ogp.SearchRequest{Query: c.q, Lang: "ko", Snippets: true})
		h := hitOf(t, res, "KR9801")
		marks := marked(h.Snippets)
		if len(marks) == 0 {
			t.Errorf("%q: snippets %q mark nothing", c.q, h.Snippets)
		}
		for _, m := range marks {
			if !slices.Contains(c.want, m) {
				t.Errorf("%q: snippets %q mark %q, want only %q", c.q, h.Snippets, m, c.want)
			}
		}
		for _, s := range h.Snippets {
			if strings.Contains(s, "과<mark>") {
				t.Errorf("%q: snippet %q marks inside 과정부터", c.q, s)
			}
		}
	}
}
