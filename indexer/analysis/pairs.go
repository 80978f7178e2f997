package analysis

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode"

	banalysis "github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// Pairs is the type of an analyzer that is Multi plus the word pairs of
// common words ("common grams"): a quoted phrase of common words is then
// found by looking up its pairs as ordinary terms, without reading the
// positions of its words, whose postings are the longest of the index.
// Declare it in a mapping as a custom analyzer of this type with its list
// of common terms, which the index then keeps with its mapping:
//
//	{"type": "ogp_pairs", "common": ["donnee", "ouvert", …]}
//
// Text without section marks (a folded field) is analyzed as Folded, as
// Multi does. After the terms of each section come its pairs: two common
// terms at neighbouring positions, at most MaxPairGap apart, joined by a
// space, each position skipped (a stop word removed) written "_" ("acce _
// inform" for "accès à l'information"). Pairing only common terms keeps
// the pairs few and their kinds fewer still (at most the square of the
// list); a phrase with a rare word is cheap on positions, the rare word's
// postings being short. Hangul terms pair only with Hangul terms at the
// next position (neighbouring morphemes). A pair takes the
// position of its first term; no word query can match it, words having no
// spaces.
const Pairs = "ogp_pairs"

// MaxPairGap is the widest distance in positions between the two terms of
// a pair.
const MaxPairGap = 4

// PairAnalyzer is the analyzer of type Pairs.
type PairAnalyzer struct {
	multi  *multiAnalyzer
	common map[string]bool
}

// Analyze returns the terms and pairs of each section.
func (p *PairAnalyzer) Analyze(input []byte) banalysis.TokenStream {
	return p.multi.Analyze(input)
}

// pairs reports whether the index keeps the pair of first and second:
// both common, and for Hangul, two terms at neighbouring positions (the
// morphemes of one word, or of two).
func (p *PairAnalyzer) pairs(first, second *banalysis.Token, gap int) bool {
	if !p.common[string(first.Term)] || !p.common[string(second.Term)] {
		return false
	}
	h1, h2 := hasHangul(first.Term), hasHangul(second.Term)
	switch {
	case h1 && h2:
		return gap == 1
	case h1 || h2:
		return false
	}
	return gap <= MaxPairGap
}

func hasHangul(term []byte) bool {
	return bytes.ContainsFunc(term, func(r rune) bool { return unicode.Is(unicode.Hangul, r) })
}

// PhrasePairs returns the pairs the index keeps of an analyzed phrase
// (query-side analyzer), in order, and whether they are all its
// neighbouring terms make: if not, only positions tell whether the others
// are next to each other. Phrases with Hangul are left to positions.
func (p *PairAnalyzer) PhrasePairs(toks banalysis.TokenStream) (pairs []string, all bool) {
	return p.lookup(toks, false)
}

// HangulWordPairs returns the pairs the index keeps of the morphemes of
// one Hangul word (KoreanQuery), and whether they are all its
// neighbouring morphemes make. They are the same whether the text writes
// the word whole or spaced, as 공공데이터 and 공공 데이터.
func (p *PairAnalyzer) HangulWordPairs(toks banalysis.TokenStream) (pairs []string, all bool) {
	return p.lookup(toks, true)
}

func (p *PairAnalyzer) lookup(toks banalysis.TokenStream, hangul bool) (pairs []string, all bool) {
	all = true
	eachPair(toks, func(first, second *banalysis.Token, gap int) {
		if p.pairs(first, second, gap) && (hangul || !hasHangul(first.Term)) {
			pairs = append(pairs, pairTerm(first, second, gap))
		} else {
			all = false
		}
	})
	return pairs, all
}

// withPairs appends to a section's tokens the pairs indexed. A pair's
// offsets cover both terms.
func (p *PairAnalyzer) withPairs(toks banalysis.TokenStream) banalysis.TokenStream {
	out := toks
	eachPair(toks, func(first, second *banalysis.Token, gap int) {
		if !p.pairs(first, second, gap) {
			return
		}
		out = append(out, &banalysis.Token{
			Term:     []byte(pairTerm(first, second, gap)),
			Start:    first.Start,
			End:      max(first.End, second.End),
			Position: first.Position,
			Type:     banalysis.AlphaNumeric,
		})
	})
	return out
}

// eachPair calls fn with each term and each term at the next position
// that has one, gap positions on.
func eachPair(toks banalysis.TokenStream, fn func(first, second *banalysis.Token, gap int)) {
	if len(toks) < 2 {
		return
	}
	sorted := slices.Clone(toks)
	slices.SortStableFunc(sorted, func(a, b *banalysis.Token) int { return cmp.Compare(a.Position, b.Position) })
	// [i, j) is the run of tokens at one position, [j, k) the run at the
	// next one.
	for i := 0; i < len(sorted); {
		j := i
		for j < len(sorted) && sorted[j].Position == sorted[i].Position {
			j++
		}
		k := j
		for k < len(sorted) && sorted[k].Position == sorted[j].Position {
			k++
		}
		if j < len(sorted) {
			gap := sorted[j].Position - sorted[i].Position
			for a, first := range sorted[i:j] {
				if repeated(sorted[i:j], a) {
					continue
				}
				for b, second := range sorted[j:k] {
					if !repeated(sorted[j:k], b) {
						fn(first, second, gap)
					}
				}
			}
		}
		i = j
	}
}

// repeated reports whether run[i] has the term of a token before it.
func repeated(run banalysis.TokenStream, i int) bool {
	return slices.ContainsFunc(run[:i], func(t *banalysis.Token) bool { return bytes.Equal(t.Term, run[i].Term) })
}

func pairTerm(first, second *banalysis.Token, gap int) string {
	var b strings.Builder
	b.Grow(len(first.Term) + len(second.Term) + 2*gap)
	b.Write(first.Term)
	b.WriteByte(' ')
	for range gap - 1 {
		b.WriteString("_ ")
	}
	b.Write(second.Term)
	return b.String()
}

// CommonTerms returns the k most frequent terms of texts (joined sections,
// JoinSections), analyzed as Multi, most frequent first (ties in term
// order): a list of common terms for a Pairs analyzer. Hangul terms (Korean
// morphemes) and the others are ranked apart, k of each.
func CommonTerms(texts []string, k int) ([]string, error) {
	m, err := newMulti(registry.NewCache())
	if err != nil {
		return nil, err
	}
	counts := map[string]int{}
	for _, text := range texts {
		for _, t := range m.Analyze([]byte(text)) {
			counts[string(t.Term)]++
		}
	}
	var hangul, other []string
	for t := range counts {
		if hasHangul([]byte(t)) {
			hangul = append(hangul, t)
		} else {
			other = append(other, t)
		}
	}
	top := func(terms []string) []string {
		slices.SortFunc(terms, func(a, b string) int {
			return cmp.Or(cmp.Compare(counts[b], counts[a]), cmp.Compare(a, b))
		})
		return terms[:min(k, len(terms))]
	}
	return append(top(other), top(hangul)...), nil
}

func init() {
	must(registry.RegisterAnalyzer(Pairs, func(config map[string]interface{}, cache *registry.Cache) (banalysis.Analyzer, error) {
		m, err := newMulti(cache)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", Pairs, err)
		}
		p := &PairAnalyzer{multi: m, common: map[string]bool{}}
		switch list := config["common"].(type) {
		case []string:
			for _, t := range list {
				p.common[t] = true
			}
		case []interface{}: // read back from the index's stored mapping
			for _, t := range list {
				s, ok := t.(string)
				if !ok {
					return nil, fmt.Errorf("%s: common terms: %v is not a string", Pairs, t)
				}
				p.common[s] = true
			}
		case nil:
		default:
			return nil, fmt.Errorf("%s: common terms: want a list of strings, have %T", Pairs, list)
		}
		m.pairs = p
		return p, nil
	}))
}
