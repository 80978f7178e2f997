package search

import (
	"fmt"
	"html"
	"slices"
	"strings"
	"unicode/utf8"

	banalysis "github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/ogpsearch/ogpsearch/indexer/analysis"
	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// Snippets are cut from the stored (normalised) text of the hits shown,
// re-analysed with the analyzer that indexed it: a token whose term is one
// of the query's terms for that analyzer is marked, at the byte offsets
// the analyzer gives. The term vectors the index keeps serve phrases
// only: their offsets point into the joined text of every language, not
// into the page shown.
const (
	snippetBytes = 220 // longest snippet text, about two lines
	snippetLead  = 70  // text kept before the first match
	maxSnippets  = 2
	// scanBytes bounds the text analysed per hit, for snippets and for
	// choosing the language shown, so a huge page costs no more than a
	// long one.
	scanBytes = 12 << 10
)

// marks are what snippets highlight: the query's terms per index analyzer
// (each language's, and the folded one), and the words searched with typo
// tolerance.
type marks struct {
	terms map[string]map[string]bool
	fuzzy []fuzzyWord
	// prefixes of the word being typed: folded words that start with
	// one are marked.
	prefixes []string
}

type fuzzyWord struct {
	term string
	dist int
}

func newMarks() *marks { return &marks{terms: map[string]map[string]bool{}} }

// add records terms a query analyzer made for fields indexed by analyzer.
func (m *marks) add(analyzer string, terms []string) {
	set := m.terms[analyzer]
	if set == nil {
		set = map[string]bool{}
		m.terms[analyzer] = set
	}
	for _, t := range terms {
		set[t] = true
	}
}

// span is a marked byte range of a text.
type span struct{ start, end int }

// snippets cuts at most maxSnippets snippets from the page's texts, from
// the paragraphs that match; when none does, the start of the description.
func (an *analyzers) snippets(p ogp.Commitment, m *marks) []string {
	var out []string
	an.paragraphs(pageTexts(p), func(para string) bool {
		if spans := an.matches(p.Lang, para, m); len(spans) > 0 {
			out = append(out, cut(para, spans))
		}
		return len(out) < maxSnippets
	})
	if len(out) == 0 && p.Description != "" {
		first, _, _ := strings.Cut(strings.TrimSpace(p.Description), "\n")
		out = append(out, cut(first, nil))
	}
	return out
}

// paragraphs calls see with the paragraphs of texts, in order, until it
// returns false or scanBytes have been seen.
func (an *analyzers) paragraphs(texts []string, see func(string) bool) {
	seen := 0
	for _, text := range texts {
		for _, para := range strings.Split(text, "\n") {
			if seen += len(para); seen > scanBytes || !see(para) {
				return
			}
		}
	}
}

// pageTexts are the texts snippets come from, in order. The title is shown
// apart.
func pageTexts(p ogp.Commitment) []string {
	return []string{p.Description, p.IRMSummary, strings.TrimSpace(p.LeadInstitution + "\n" + p.SupportInstitutions), p.ActionPlan}
}

// matches returns the merged spans of text (in a page of lang) that the
// query's terms match: with the page language's analyzer, and with the
// folded one for typo-tolerant words.
func (an *analyzers) matches(lang, text string, m *marks) []span {
	if strings.TrimSpace(text) == "" {
		return nil
	}
	var spans []span
	index := analysis.ForLanguage(lang)
	if set := m.terms[index]; len(set) > 0 {
		for _, t := range an.tokens(index, text) {
			if set[string(t.Term)] {
				spans = append(spans, span{t.Start, t.End})
			}
		}
	}
	if len(m.fuzzy) > 0 && index != analysis.Folded {
		for _, t := range an.tokens(analysis.Folded, text) {
			if m.matchesFuzzy(string(t.Term)) {
				spans = append(spans, span{t.Start, t.End})
			}
		}
	}
	if len(m.prefixes) > 0 {
		for _, t := range an.tokens(analysis.EdgeQuery, text) {
			if m.completes(string(t.Term)) {
				spans = append(spans, span{t.Start, t.End})
			}
		}
	}
	return joinWords(text, merge(spans))
}

// joinWords joins marks that only a space separates, so that a phrase
// reads as one mark.
func joinWords(text string, spans []span) []span {
	out := spans[:0]
	for _, s := range spans {
		if n := len(out); n > 0 && text[out[n-1].end:s.start] == " " {
			out[n-1].end = s.end
			continue
		}
		out = append(out, s)
	}
	return out
}

// completes reports whether term starts with a prefix of the word being
// typed.
func (m *marks) completes(term string) bool {
	for _, p := range m.prefixes {
		if strings.HasPrefix(term, p) {
			return true
		}
	}
	return false
}

func (m *marks) matchesFuzzy(term string) bool {
	for _, f := range m.fuzzy {
		if withinEdits(term, f.term, f.dist) {
			return true
		}
	}
	return false
}

// merge sorts spans and joins those that overlap or touch.
func merge(spans []span) []span {
	if len(spans) < 2 {
		return spans
	}
	slices.SortFunc(spans, func(a, b span) int { return a.start - b.start })
	out := spans[:1]
	for _, s := range spans[1:] {
		last := &out[len(out)-1]
		if s.start <= last.end {
			last.end = max(last.end, s.end)
			continue
		}
		out = append(out, s)
	}
	return out
}

// cut returns the window of text around its first span, HTML-escaped, with
// <mark> around every span inside it and … where text was left out.
func cut(text string, spans []span) string {
	start := 0
	if len(spans) > 0 && spans[0].start > snippetLead {
		start = wordStart(text, spans[0].start-snippetLead, spans[0].start)
	}
	end := len(text)
	if end-start > snippetBytes {
		end = wordEnd(text, start+snippetBytes)
	}
	if len(spans) > 0 && spans[0].end > end {
		end = spans[0].end
	}
	var b strings.Builder
	if start > 0 {
		b.WriteString("… ")
	}
	at := start
	for _, s := range spans {
		if s.start < at || s.end > end {
			continue
		}
		b.WriteString(html.EscapeString(text[at:s.start]))
		b.WriteString("<mark>" + html.EscapeString(text[s.start:s.end]) + "</mark>")
		at = s.end
	}
	b.WriteString(html.EscapeString(text[at:end]))
	if end < len(text) {
		b.WriteString(" …")
	}
	return strings.TrimSpace(b.String())
}

// wordStart moves i forward to the start of a word, not past limit, and
// always to a rune boundary.
func wordStart(text string, i, limit int) int {
	if j := strings.IndexByte(text[i:limit], ' '); j >= 0 {
		return i + j + 1
	}
	for i < len(text) && !utf8.RuneStart(text[i]) {
		i++
	}
	return i
}

// wordEnd moves i back to the end of a word (a space within the last
// fifth of the window), and always to a rune boundary.
func wordEnd(text string, i int) int {
	if j := strings.LastIndexByte(text[i-snippetBytes/5:i], ' '); j >= 0 {
		return i - snippetBytes/5 + j
	}
	for i > 0 && !utf8.RuneStart(text[i]) {
		i--
	}
	return i
}

// withinEdits reports whether a and b are at most k edits apart
// (Levenshtein distance over runes, as bleve's fuzzy queries count).
func withinEdits(a, b string, k int) bool {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > k || -d > k {
		return false
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		best := i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			best = min(best, cur[j])
		}
		if best > k {
			return false
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)] <= k
}

// analyzers holds the analyzers searches use, looked up once: building an
// analyzer costs far more than running it. Analyzers are safe for
// concurrent use.
type analyzers struct {
	byName map[string]banalysis.Analyzer
}

func newAnalyzers() (*analyzers, error) {
	m := mapping.NewIndexMapping()
	names := []string{analysis.Folded, analysis.FoldedQuery, analysis.KoreanGramsQuery, analysis.EdgeQuery}
	for _, l := range ogp.Languages() {
		index := analysis.ForLanguage(l)
		names = append(names, index, analysis.QueryAnalyzer(index))
	}
	an := &analyzers{byName: map[string]banalysis.Analyzer{}}
	for _, n := range names {
		a := m.AnalyzerNamed(n)
		if a == nil {
			return nil, fmt.Errorf("search: no analyzer %s registered", n)
		}
		an.byName[n] = a
	}
	return an, nil
}

// tokens analyses text with the named analyzer.
func (an *analyzers) tokens(name, text string) banalysis.TokenStream {
	a := an.byName[name]
	if a == nil || text == "" {
		return nil
	}
	return a.Analyze([]byte(text))
}

// terms returns the terms of text for the named analyzer, in order.
func (an *analyzers) terms(name, text string) []string {
	return tokenTerms(an.tokens(name, text))
}
