package analysis

import (
	"bytes"
	"fmt"
	"strings"

	banalysis "github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// Multi analyzes one field that holds the texts of several languages, each
// with its own language's analyzer. A search for a word then looks in one
// field for the few distinct terms the languages make of it, rather than
// in one field per language: far fewer postings to walk per query.
//
// Its input is built with JoinSections. Positions run on across sections
// with a gap of SectionGap, so a phrase never spans two sections; byte
// offsets point into the joined text.
const Multi = "ogp_multi"

// SectionGap is the position gap between two sections of a Multi field.
const SectionGap = 100

// Section is one language's text of a Multi field.
type Section struct {
	Lang string
	Text string
}

// The joined form: each section is sectionMark, the language, langEnd, then
// the text. Both are control characters, which ogp.NormalizeText
// removes from every text that reaches the index.
const (
	sectionMark = '\x1e'
	langEnd     = '\x1f'
)

// JoinSections is the value of a Multi field: the non-empty sections,
// marked with their languages. Sections in a language with no analyzer of
// its own are analyzed as Folded.
func JoinSections(sections []Section) string {
	var b strings.Builder
	for _, s := range sections {
		if s.Text == "" {
			continue
		}
		b.WriteByte(sectionMark)
		b.WriteString(s.Lang)
		b.WriteByte(langEnd)
		b.WriteString(s.Text)
	}
	return b.String()
}

type multiAnalyzer struct {
	byLang map[string]banalysis.Analyzer
	other  banalysis.Analyzer
	// pairs, when set, adds each section's pairs to its tokens.
	pairs *PairAnalyzer
}

// Analyze runs each section through its language's analyzer.
func (m *multiAnalyzer) Analyze(input []byte) banalysis.TokenStream {
	var out banalysis.TokenStream
	pos := 0
	for off := 0; off < len(input); {
		if input[off] != sectionMark {
			// Text before any mark: language unknown.
			next := nextSection(input, off)
			out, pos = m.add(out, pos, m.other, input, off, next)
			off = next
			continue
		}
		end := bytes.IndexByte(input[off:], langEnd)
		if end < 0 {
			break
		}
		lang := string(input[off+1 : off+end])
		start := off + end + 1
		next := nextSection(input, start)
		a, ok := m.byLang[lang]
		if !ok {
			a = m.other
		}
		out, pos = m.add(out, pos, a, input, start, next)
		off = next
	}
	return out
}

// nextSection is the offset of the section mark after from, or the end.
func nextSection(input []byte, from int) int {
	if i := bytes.IndexByte(input[from:], sectionMark); i >= 0 {
		return from + i
	}
	return len(input)
}

// add appends the tokens of input[start:end], shifted to their place in
// the whole field, and returns the position the next section starts at.
func (m *multiAnalyzer) add(out banalysis.TokenStream, pos int, a banalysis.Analyzer, input []byte, start, end int) (banalysis.TokenStream, int) {
	last := pos
	toks := a.Analyze(input[start:end])
	if m.pairs != nil {
		toks = m.pairs.withPairs(toks)
	}
	for _, t := range toks {
		t.Start += start
		t.End += start
		t.Position += pos
		last = max(last, t.Position)
		out = append(out, t)
	}
	if last == pos {
		return out, pos
	}
	return out, last + SectionGap
}

// newMulti builds a multiAnalyzer from the analyzers of cache.
func newMulti(cache *registry.Cache) (*multiAnalyzer, error) {
	m := &multiAnalyzer{byLang: map[string]banalysis.Analyzer{}}
	for _, lang := range ogp.Languages() {
		a, err := cache.AnalyzerNamed(ForLanguage(lang))
		if err != nil {
			return nil, err
		}
		m.byLang[lang] = a
	}
	other, err := cache.AnalyzerNamed(Folded)
	if err != nil {
		return nil, err
	}
	m.other = other
	return m, nil
}

func init() {
	must(registry.RegisterAnalyzer(Multi, func(_ map[string]interface{}, cache *registry.Cache) (banalysis.Analyzer, error) {
		m, err := newMulti(cache)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", Multi, err)
		}
		return m, nil
	}))
}
