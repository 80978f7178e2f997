package analysis

import (
	"strings"
	"testing"
)

func TestEdgePrefixes(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"Budget", "b bu bud"},
		// Each prefix once per text.
		{"publish public pub open", "p pu pub o op ope"},
		// Elided and folded, not stemmed.
		{"l'Accès", "a ac acc"},
		{"공공데이터를", "공 공공 공공데"},
		{"KR0018", "k kr kr0"},
	} {
		if got := terms(t, Edge, c.text); got != c.want {
			t.Errorf("Edge(%q) = %q, want %q", c.text, got, c.want)
		}
	}
	if got := terms(t, EdgeQuery, "l'Accès Budgét"); got != "acces budget" {
		t.Errorf("EdgeQuery = %q", got)
	}
	if n := len(strings.Fields(terms(t, Edge, strings.Repeat("open data ", 500)))); n != 6 {
		t.Errorf("a text repeating two words has %d prefixes, want 6", n)
	}
}
