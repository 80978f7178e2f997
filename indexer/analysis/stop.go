package analysis

import (
	banalysis "github.com/blevesearch/bleve/v2/analysis"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// StopFilter removes stop words from a stream of folded tokens. Its list
// is one of bleve's, folded with ogp.FoldToken when the filter is
// built, so that "à" and "été" are still recognised after the fold filter
// has made them "a" and "ete" (bleve's own stop filters compare unfolded
// words and would let them through).
type StopFilter struct {
	words map[string]struct{}
}

// NewStopFilter returns a StopFilter for the given words, which it folds.
func NewStopFilter(words banalysis.TokenMap) *StopFilter {
	f := &StopFilter{words: make(map[string]struct{}, len(words))}
	for w := range words {
		if folded := ogp.FoldToken(w); folded != "" {
			f.words[folded] = struct{}{}
		}
	}
	return f
}

// Filter implements bleve's analysis.TokenFilter. Positions are kept, so a
// removed word leaves a gap, as with bleve's stop filters.
func (f *StopFilter) Filter(input banalysis.TokenStream) banalysis.TokenStream {
	j := 0
	for _, tok := range input {
		if _, stop := f.words[string(tok.Term)]; stop {
			continue
		}
		input[j] = tok
		j++
	}
	return input[:j]
}
