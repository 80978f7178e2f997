package analysis

import (
	"reflect"
	"testing"
	"unicode/utf8"

	banalysis "github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
)

// allAnalyzers are the analyzers this package registers.
var allAnalyzers = []string{
	French, English, Spanish, Korean, Folded,
	FrenchQuery, EnglishQuery, SpanishQuery, KoreanQuery, FoldedQuery, KoreanGrams, KoreanGramsQuery, Edge, EdgeQuery,
	Multi, fuzzPairs,
}

// fuzzPairs is a Pairs analyzer with common words of the seeds below, in
// the mapping analyzersMapping returns.
const fuzzPairs = "fuzz_pairs"

// analyzersMapping is a mapping that knows every analyzer of
// allAnalyzers.
func analyzersMapping(tb testing.TB) *mapping.IndexMappingImpl {
	m := mapping.NewIndexMapping()
	common := []any{"acce", "engag", "etat", "citoyen", "kr0018", "abc", "statut", "termin", "financ", "oeuvr", "공공", "공데", "데이", "이터", "서비", "비스"}
	if err := m.AddCustomAnalyzer(fuzzPairs, map[string]any{"type": Pairs, "common": common}); err != nil {
		tb.Fatal(err)
	}
	return m
}

// FuzzAnalyzers checks, for any input including invalid UTF-8, that no
// analyzer panics, that every token's offsets lie within the text with
// Start <= End, that terms are non-empty valid UTF-8, that analysing twice
// gives the same tokens, and that the fold shortcuts agree with
// ogp.FoldToken.
func FuzzAnalyzers(f *testing.F) {
	for _, s := range []string{
		"", "l’engagement de l'État", "공공 서비스를 개선한다", "２０１９년 제5차", "OGP가 KR 0018",
		"정부ㆍ시민사회·citoyen·ne·s", "a\xff\xfeb", "공\u0301", "ㄱㄱ ㆍ ・", "KR0018 KR-0019",
		"법 세 정보공개 법", "Statut:terminé ＫＲ ００１８", "aujourd’hui œuvre ﬁnance",
		"\x1efr\x1fl'accès\x1eko\x1f공공데이터\x1exx\x1fabc", "\x1e\x1f\x1e", "\x1efr",
	} {
		f.Add(s)
	}
	m := analyzersMapping(f)
	analyzers := make([]banalysis.Analyzer, len(allAnalyzers))
	for i, name := range allAnalyzers {
		if analyzers[i] = m.AnalyzerNamed(name); analyzers[i] == nil {
			f.Fatalf("no analyzer %s", name)
		}
	}
	fold := NewFoldFilter()
	f.Fuzz(func(t *testing.T, text string) {
		checkFold(t, fold, text)
		for i, a := range analyzers {
			first := snapshot(a.Analyze([]byte(text)))
			for _, tk := range first {
				if tk.Start < 0 || tk.Start > tk.End || tk.End > len(text) {
					t.Fatalf("%s(%q): %q at [%d:%d]", allAnalyzers[i], text, tk.Term, tk.Start, tk.End)
				}
				if tk.Term == "" || !utf8.ValidString(tk.Term) {
					t.Fatalf("%s(%q): bad term %q", allAnalyzers[i], text, tk.Term)
				}
				if tk.Position < 1 {
					t.Fatalf("%s(%q): %q at position %d", allAnalyzers[i], text, tk.Term, tk.Position)
				}
			}
			if again := snapshot(a.Analyze([]byte(text))); !reflect.DeepEqual(first, again) {
				t.Fatalf("%s(%q) differs between runs:\n%v\n%v", allAnalyzers[i], text, first, again)
			}
		}
	})
}

// snapshot copies a token stream into Tokens, so later runs cannot alter
// it.
func snapshot(stream banalysis.TokenStream) []Token {
	out := make([]Token, len(stream))
	for i, t := range stream {
		out[i] = Token{Term: string(t.Term), Start: t.Start, End: t.End, Position: t.Position}
	}
	return out
}
