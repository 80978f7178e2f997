package analysis

import (
	"slices"
	"testing"
)

func TestMultiSections(t *testing.T) {
	text := JoinSections([]Section{
		{Lang: "fr", Text: "l'accès aux données"},
		{Lang: "en", Text: ""},
		{Lang: "en", Text: "access to data"},
		{Lang: "ko", Text: "공공데이터 개방"},
		{Lang: "xx", Text: "Données"},
	})
	toks := Analyze(Multi, text)
	// Each section is analyzed as its own language would be.
	var want []string
	for _, s := range []struct{ an, text string }{
		{French, "l'accès aux données"}, {English, "access to data"}, {Korean, "공공데이터 개방"}, {Folded, "Données"},
	} {
		want = append(want, Terms(Analyze(s.an, s.text))...)
	}
	if got := Terms(toks); !slices.Equal(got, want) {
		t.Fatalf("terms %q, want %q", got, want)
	}
	for _, tok := range toks {
		// Offsets point into the joined text at the token's own bytes.
		if tok.Start < 0 || tok.End > len(text) || tok.Start >= tok.End {
			t.Fatalf("token %+v: bad offsets", tok)
		}
	}
	// Positions grow, with a gap between sections so that no phrase
	// spans two of them.
	for i := 1; i < len(toks); i++ {
		if toks[i].Position < toks[i-1].Position {
			t.Fatalf("positions go back at %d: %+v", i, toks)
		}
	}
	frLast := len(Analyze(French, "l'accès aux données"))
	if gap := toks[frLast].Position - toks[frLast-1].Position; gap <= SectionGap {
		t.Errorf("gap between sections %d, want > %d", gap, SectionGap)
	}
}

func TestMultiEmptyAndUnmarked(t *testing.T) {
	if toks := Analyze(Multi, JoinSections(nil)); len(toks) != 0 {
		t.Errorf("empty: %+v", toks)
	}
	// Text without marks (never written by the indexer) is analyzed
	// folded rather than lost.
	if got := Terms(Analyze(Multi, "Données")); !slices.Equal(got, []string{"donnees"}) {
		t.Errorf("unmarked: %q", got)
	}
	// A truncated mark ends the field without a panic.
	Analyze(Multi, "\x1efr")
}
