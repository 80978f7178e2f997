package analysis

import (
	"fmt"

	banalysis "github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// NonHangulFilter runs another filter, typically a stemmer written for a
// Latin-script language, on every token except Hangul and ideographic ones,
// which pass through untouched and in place. Bleve's French light stemmer,
// for one, would turn 공공서비스 into 공서비스.
type NonHangulFilter struct {
	inner banalysis.TokenFilter
}

// NewNonHangulFilter wraps inner.
func NewNonHangulFilter(inner banalysis.TokenFilter) *NonHangulFilter {
	return &NonHangulFilter{inner: inner}
}

// skipped reports whether the inner filter must not see tok.
func skipped(tok *banalysis.Token) bool {
	return IsHangulType(tok.Type) || tok.Type == banalysis.Ideographic
}

// Filter implements bleve's analysis.TokenFilter. A stream with nothing to
// skip goes to the inner filter whole; otherwise each run of tokens
// between skipped ones does, capped so the inner filter cannot write past
// its run, and the results are put back in order.
func (f *NonHangulFilter) Filter(input banalysis.TokenStream) banalysis.TokenStream {
	first := -1
	for i, tok := range input {
		if skipped(tok) {
			first = i
			break
		}
	}
	if first < 0 {
		return f.inner.Filter(input)
	}
	out := make(banalysis.TokenStream, 0, len(input))
	if first > 0 {
		out = append(out, f.inner.Filter(input[:first:first])...)
	}
	for i := first; i < len(input); {
		if skipped(input[i]) {
			out = append(out, input[i])
			i++
			continue
		}
		j := i + 1
		for j < len(input) && !skipped(input[j]) {
			j++
		}
		out = append(out, f.inner.Filter(input[i:j:j])...)
		i = j
	}
	return out
}

// nonHangulConstructor returns a registry constructor wrapping the filter
// registered as name.
func nonHangulConstructor(name string) registry.TokenFilterConstructor {
	return func(_ map[string]interface{}, cache *registry.Cache) (banalysis.TokenFilter, error) {
		inner, err := cache.TokenFilterNamed(name)
		if err != nil {
			return nil, fmt.Errorf("filter %s: %w", name, err)
		}
		return NewNonHangulFilter(inner), nil
	}
}
