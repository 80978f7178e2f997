package analysis

import (
	banalysis "github.com/blevesearch/bleve/v2/analysis"
)

// PluralSpanishName is the filter that singularises short Spanish plurals.
const PluralSpanishName = "ogp_plural_es"

// ShortPluralFilter drops the plural -s of short folded Spanish words
// (datos → dato, años → ano), which bleve's light Spanish stemmer leaves
// alone below five letters: without it, datos and dato would never meet.
// Longer words are the stemmer's job. Hangul tokens pass untouched.
type ShortPluralFilter struct{}

// Filter implements bleve's analysis.TokenFilter.
func (ShortPluralFilter) Filter(input banalysis.TokenStream) banalysis.TokenStream {
	for _, tok := range input {
		t := tok.Term
		n := len(t)
		if n < 4 || n > 5 || skipped(tok) || t[n-1] != 's' || !isVowel(t[n-2]) {
			continue
		}
		for _, c := range t {
			if c >= 0x80 {
				n = -1 // not plain ASCII: leave it
				break
			}
		}
		if n > 0 {
			tok.Term = t[:n-1]
		}
	}
	return input
}

func isVowel(c byte) bool { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' }
