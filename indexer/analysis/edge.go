package analysis

import (
	"unicode/utf8"

	banalysis "github.com/blevesearch/bleve/v2/analysis"
)

// EdgeMaxRunes is the longest prefix of a word the Edge analyzer indexes.
// The short prefixes are those that begin thousands of words, too many to
// look up one by one at each keystroke; a longer prefix begins few words,
// which the search finds in the term dictionaries of the other fields.
const EdgeMaxRunes = 3

// EdgeFilter replaces the tokens of a text by the prefixes (edge n-grams)
// of its words, of one to EdgeMaxRunes runes: "budget" gives b, bu, bud.
// Each prefix is kept once per text, however many of its words share it:
// a prefix only says that the text has a word that starts with it.
type EdgeFilter struct{}

// Filter implements bleve's analysis.TokenFilter.
func (EdgeFilter) Filter(input banalysis.TokenStream) banalysis.TokenStream {
	out := make(banalysis.TokenStream, 0, len(input))
	seen := make(map[string]struct{}, len(input))
	for _, tok := range input {
		term, runes := tok.Term, 0
		for i := 0; i < len(term) && runes < EdgeMaxRunes; {
			_, size := utf8.DecodeRune(term[i:])
			i += size
			runes++
			if _, dup := seen[string(term[:i])]; dup {
				continue
			}
			seen[string(term[:i])] = struct{}{}
			gram := *tok
			gram.Term = term[:i:i]
			gram.Position = len(out) + 1
			out = append(out, &gram)
		}
	}
	return out
}
