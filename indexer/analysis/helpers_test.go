package analysis

import (
	"strings"
	"testing"
)

// terms analyzes text with the named analyzer and returns its terms joined
// by spaces, after checking that every token's offsets lie in the text.
func terms(t *testing.T, analyzer, text string) string {
	t.Helper()
	tokens := Analyze(analyzer, text)
	if tokens == nil && strings.TrimSpace(text) != "" {
		t.Fatalf("%s: no tokens for %q (analyzer registered?)", analyzer, text)
	}
	for _, tk := range tokens {
		if tk.Start < 0 || tk.Start > tk.End || tk.End > len(text) {
			t.Errorf("%s(%q): token %q has offsets [%d:%d]", analyzer, text, tk.Term, tk.Start, tk.End)
		}
	}
	return strings.Join(Terms(tokens), " ")
}

// termCase is one row of an analyzer table: text in, terms out.
type termCase struct{ in, want string }

// checkTerms runs a table of termCase through the named analyzer.
func checkTerms(t *testing.T, analyzer string, cases []termCase) {
	t.Helper()
	for _, c := range cases {
		if got := terms(t, analyzer, c.in); got != c.want {
			t.Errorf("%s(%q)\n  got  %s\n  want %s", analyzer, c.in, got, c.want)
		}
	}
}

// sameTerms checks that two texts analyze to the same terms.
func sameTerms(t *testing.T, analyzer, a, b string) {
	t.Helper()
	if ta, tb := terms(t, analyzer, a), terms(t, analyzer, b); ta != tb {
		t.Errorf("%s: %q → %s but %q → %s", analyzer, a, ta, b, tb)
	}
}
