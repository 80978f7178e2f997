package analysis

import (
	"slices"
	"strings"
	"testing"

	banalysis "github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
)

// pairAnalyzer declares a Pairs analyzer with common terms in a mapping,
// as the indexer does, and returns it.
func pairAnalyzer(t *testing.T, common ...string) *PairAnalyzer {
	t.Helper()
	m := mapping.NewIndexMapping()
	if err := m.AddCustomAnalyzer("pairs", map[string]any{"type": Pairs, "common": common}); err != nil {
		t.Fatal(err)
	}
	p, ok := m.AnalyzerNamed("pairs").(*PairAnalyzer)
	if !ok {
		t.Fatalf("analyzer of type %s is %T", Pairs, m.AnalyzerNamed("pairs"))
	}
	return p
}

func pairsOf(toks banalysis.TokenStream) []string {
	var out []string
	for _, t := range toks {
		if strings.Contains(string(t.Term), " ") {
			out = append(out, string(t.Term))
		}
	}
	return out
}

func TestPairsIndexCommonNeighbours(t *testing.T) {
	p := pairAnalyzer(t, "open", "data", "portal", "acce", "inform", "공공")
	text := JoinSections([]Section{
		{Lang: "en", Text: "An open data portal, and rare words here. Open government data."},
		{Lang: "fr", Text: "L'accès à l'information"},
		{Lang: "ko", Text: "공공 데이터 open 공공"},
	})
	toks := p.Analyze([]byte(text))
	// The terms of Multi come first, unchanged.
	var terms []string
	for _, t := range toks {
		if !strings.Contains(string(t.Term), " ") {
			terms = append(terms, string(t.Term))
		}
	}
	if want := Terms(Analyze(Multi, text)); !slices.Equal(terms, want) {
		t.Errorf("terms %q, want Multi's %q", terms, want)
	}
	// Pairs: both words common, neighbours or a stop word apart (à),
	// never across a rare word (govern), a section or Hangul.
	want := []string{"open data", "data portal", "acce _ inform"}
	if got := pairsOf(toks); !slices.Equal(got, want) {
		t.Errorf("pairs %q, want %q", got, want)
	}
	for _, tok := range toks {
		if tok.Start < 0 || tok.End > len(text) || tok.Start >= tok.End {
			t.Errorf("token %q: offsets %d-%d out of the text", tok.Term, tok.Start, tok.End)
		}
	}
}

func TestPhrasePairs(t *testing.T) {
	p := pairAnalyzer(t, "open", "data", "portal", "acce", "inform")
	query := func(an, text string) banalysis.TokenStream {
		return mapping.NewIndexMapping().AnalyzerNamed(an).Analyze([]byte(text))
	}
	cases := []struct {
		an, phrase string
		pairs      []string
		all        bool
	}{
		{EnglishQuery, "open data", []string{"open data"}, true},
		{EnglishQuery, "open data portal", []string{"open data", "data portal"}, true},
		{FrenchQuery, "accès à l'information", []string{"acce _ inform"}, true},
		// An uncommon word: its neighbours can only be checked on positions.
		{EnglishQuery, "open government data", nil, false},
		{EnglishQuery, "beneficial ownership", nil, false},
		{EnglishQuery, "open data registry", []string{"open data"}, false},
		{KoreanQuery, "공공 데이터", nil, false},
	}
	for _, c := range cases {
		pairs, all := p.PhrasePairs(query(c.an, c.phrase))
		if !slices.Equal(pairs, c.pairs) || all != c.all {
			t.Errorf("%q: pairs %q all %v, want %q %v", c.phrase, pairs, all, c.pairs, c.all)
		}
	}
}

func TestPairsConfig(t *testing.T) {
	m := mapping.NewIndexMapping()
	if err := m.AddCustomAnalyzer("bad", map[string]any{"type": Pairs, "common": []any{"open", 3}}); err == nil {
		t.Error("a common term that is not a string: no error")
	}
	// Read back from an index's stored mapping, the list is []any.
	if err := m.AddCustomAnalyzer("stored", map[string]any{"type": Pairs, "common": []any{"open", "data"}}); err != nil {
		t.Fatal(err)
	}
	p := m.AnalyzerNamed("stored").(*PairAnalyzer)
	text := JoinSections([]Section{{Lang: "en", Text: "open data portal"}})
	if got := pairsOf(p.Analyze([]byte(text))); !slices.Equal(got, []string{"open data"}) {
		t.Errorf("pairs %q: common terms not as configured (open, data)", got)
	}
}

func TestCommonTerms(t *testing.T) {
	texts := []string{
		JoinSections([]Section{{Lang: "en", Text: "data data data open open portal 공공 공공 공공 공공"}}),
		JoinSections([]Section{{Lang: "fr", Text: "données ouvertes, données"}}),
	}
	got, err := CommonTerms(texts, 3)
	if err != nil {
		t.Fatal(err)
	}
	// Most frequent first, ties in term order, Hangul terms apart.
	if want := []string{"data", "done", "open", "공공"}; !slices.Equal(got, want) {
		t.Errorf("CommonTerms = %q, want %q", got, want)
	}
}

func TestHangulPairs(t *testing.T) {
	p := pairAnalyzer(t, "공공", "데이터", "개방", "open")
	// Whole or spaced, with a particle or not: the same pair of
	// neighbouring morphemes. No pair between Hangul and Latin.
	for _, text := range []string{"공공데이터", "공공 데이터", "공공데이터를 open"} {
		toks := p.Analyze([]byte(JoinSections([]Section{{Lang: "ko", Text: text}})))
		if got, want := pairsOf(toks), []string{"공공 데이터"}; !slices.Equal(got, want) {
			t.Errorf("%q: pairs %q, want %q", text, got, want)
		}
	}
	query := mapping.NewIndexMapping().AnalyzerNamed(KoreanQuery)
	for _, c := range []struct {
		word  string
		pairs []string
		all   bool
	}{
		{"공공데이터", []string{"공공 데이터"}, true},
		{"공공데이터를", []string{"공공 데이터"}, true},
		{"공공서비스", nil, false}, // 서비스 is not common
		{"공공", nil, true},     // one morpheme: nothing to pair
	} {
		pairs, all := p.HangulWordPairs(query.Analyze([]byte(c.word)))
		if !slices.Equal(pairs, c.pairs) || all != c.all {
			t.Errorf("%q: pairs %q all %v, want %q %v", c.word, pairs, all, c.pairs, c.all)
		}
	}
	// A phrase with Hangul is left to positions.
	if pairs, all := p.PhrasePairs(query.Analyze([]byte("공공 데이터"))); len(pairs) != 0 || all {
		t.Errorf("phrase 공공 데이터: pairs %q all %v, want none and false", pairs, all)
	}
}
