package search

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/ogpsearch/ogpsearch/indexer"
	"github.com/ogpsearch/ogpsearch/indexer/analysis"
	"github.com/ogpsearch/ogpsearch/internal"
)

// MaxQueryWords bounds the words of one query, so a hostile query cannot
// make a huge boolean query. Words past it are ignored.
const MaxQueryWords = 32

// A query as people type it:
//
//	open data           every word required, in any field of any language
//	"open data"         a phrase
//	-budget  -"a b"     excluded word or phrase
//	member:france       a documented field (see fieldNames), also negated
//	KR0018, kr 0018     a commitment ID (exact, never fuzzy)
//
// Anything else is text: punctuation, wildcards and regular-expression
// characters mean nothing special and the analyzers drop them.

// clause is one unit of a parsed query.
type clause struct {
	text   string // the word(s), the phrase, or the field's value
	field  string // for field:value, a name of fieldNames
	phrase bool
	not    bool
	// idParts holds the two words of an ID typed with a space (KR 0018),
	// which are also read as two words in case they were not an ID.
	idParts []string
}

// parseQuery splits q (already checked by cleanQuery) into clauses, at
// most MaxQueryWords words in all.
func parseQuery(q string) []clause {
	q = internal.NormalizeText(q)
	var out []clause
	words := 0
	for rest := q; words < MaxQueryWords; {
		rest = strings.TrimLeft(rest, " \t\r\n")
		if rest == "" {
			break
		}
		var c clause
		c, rest = nextClause(rest)
		if c.text == "" {
			continue
		}
		n := len(strings.Fields(c.text))
		if words+n > MaxQueryWords {
			c.text = strings.Join(strings.Fields(c.text)[:MaxQueryWords-words], " ")
			n = MaxQueryWords - words
		}
		words += n
		out = append(out, c)
	}
	return mergeHangul(joinIDs(out))
}

// nextClause reads one clause at the start of s and returns the rest. A
// clause with empty text (a lone "-", "member:" without value) is to be
// skipped.
func nextClause(s string) (clause, string) {
	var c clause
	if s[0] == '-' {
		c.not = true
		s = s[1:]
		if s == "" || isSpaceByte(s[0]) {
			return clause{}, s
		}
	}
	if s[0] == '"' {
		c.phrase = true
		c.text, s = quoted(s)
		return c, s
	}
	end := strings.IndexAny(s, " \t\r\n")
	if end < 0 {
		end = len(s)
	}
	tok := s[:end]
	if i := strings.IndexByte(tok, ':'); i > 0 {
		if name, ok := fieldName(tok[:i]); ok {
			c.field = name
			if strings.HasPrefix(s[i+1:], `"`) {
				c.text, s = quoted(s[i+1:])
				return c, s
			}
			c.text = tok[i+1:]
			return c, s[end:]
		}
	}
	c.text = tok
	return c, s[end:]
}

// quoted reads a phrase starting with a quote; an unbalanced quote runs to
// the end of s.
func quoted(s string) (string, string) {
	s = s[1:]
	end := strings.IndexByte(s, '"')
	if end < 0 {
		return strings.TrimSpace(s), ""
	}
	return strings.TrimSpace(s[:end]), s[end+1:]
}

func isSpaceByte(b byte) bool { return b == ' ' || b == '\t' || b == '\r' || b == '\n' }

// isPlainWord reports whether c is a positive single word.
func (c clause) isPlainWord() bool { return c.field == "" && !c.phrase && !c.not && c.idParts == nil }

// joinIDs reads "KR 0018" (two to four letters, then four digits) as one ID
// clause that keeps its two words.
func joinIDs(in []clause) []clause {
	out := make([]clause, 0, len(in))
	for i := 0; i < len(in); i++ {
		c := in[i]
		if i+1 < len(in) && c.isPlainWord() && in[i+1].isPlainWord() && isIDLetters(c.text) && isIDDigits(in[i+1].text) {
			out = append(out, clause{text: c.text + in[i+1].text, idParts: []string{c.text, in[i+1].text}})
			i++
			continue
		}
		out = append(out, c)
	}
	return out
}

// mergeHangul keeps a run of Hangul-only words together: the Korean
// analysis needs their neighbours to turn a one-syllable word into the
// bigram an unspaced text has (정보공개 법 finds 정보공개법), and spacing
// never matters to it.
func mergeHangul(in []clause) []clause {
	var out []clause
	for _, c := range in {
		if n := len(out); n > 0 && c.isPlainWord() && out[n-1].isPlainWord() && allHangul(c.text) && allHangul(out[n-1].text) {
			out[n-1].text += " " + c.text
			continue
		}
		out = append(out, c)
	}
	return out
}

func allHangul(w string) bool {
	for _, r := range w {
		if !unicode.Is(unicode.Hangul, r) && r != ' ' {
			return false
		}
	}
	return w != ""
}

// asID returns the commitment ID a word spells (kr0018, KR-0018 → KR0018).
func asID(w string) (string, bool) {
	n := 0
	for n < len(w) && isASCIILetter(w[n]) {
		n++
	}
	letters, digits := w[:n], w[n:]
	if len(digits) == 5 && strings.IndexByte("-/._", digits[0]) >= 0 {
		digits = digits[1:]
	}
	if !isIDLetters(letters) || !isIDDigits(digits) {
		return "", false
	}
	return strings.ToUpper(letters + digits), true
}

func isIDLetters(s string) bool { return len(s) >= 2 && len(s) <= 4 && allBytes(s, isASCIILetter) }

func isIDDigits(s string) bool {
	return len(s) == 4 && allBytes(s, func(b byte) bool { return b >= '0' && b <= '9' })
}

func allBytes(s string, ok func(byte) bool) bool {
	for i := 0; i < len(s); i++ {
		if !ok(s[i]) {
			return false
		}
	}
	return true
}

func isASCIILetter(b byte) bool { return b|0x20 >= 'a' && b|0x20 <= 'z' }

// fuzziness is the typo tolerance of a folded term: none for short words,
// numbers, IDs and scripts without letters-as-sounds, 1 edit from 5
// letters, 2 from 9.
func fuzziness(term string) int {
	n := utf8.RuneCountInString(term)
	if n < 5 || n > maxFuzzyRunes {
		return 0
	}
	for _, r := range term {
		if !unicode.IsLetter(r) || unicode.In(r, unicode.Hangul, unicode.Han, unicode.Hiragana, unicode.Katakana) {
			return 0
		}
	}
	if n >= 9 {
		return 2
	}
	return 1
}

// maxFuzzyRunes bounds the words typo tolerance is tried on: the automaton
// of a long word is costly, and long words are rarely mistyped into
// another real word.
const maxFuzzyRunes = 24

// Weights: fieldWeight ranks the text fields, title above description
// above the rest; readerBoost prefers the reader's language; the folded
// field (names, IDs, titles unstemmed), typo-tolerant matches and the ID
// field weigh as below.
const (
	readerBoost = 1.5
	foldedBoost = 2
	fuzzyBoost  = 0.4
	idBoost     = 20
	// maxTermsPerWord bounds the terms one word (or merged Hangul run)
	// may require in one field; more would only narrow further.
	maxTermsPerWord = 24
)

func fieldWeight(field string) float64 {
	switch field {
	case "title":
		return 3
	case "description":
		return 1.5
	}
	return 1
}

// textQuery is a parsed query turned into bleve clauses.
type textQuery struct {
	must   []query.Query // words, IDs and phrases: all required (strict)
	fields []query.Query // field:value clauses: always required
	not    []query.Query // excluded words, phrases and fields
	marks  *marks        // what snippets highlight
}

// strict requires every clause: the search box's semantics.
func (t *textQuery) strict() query.Query {
	required := append(append([]query.Query{}, t.must...), t.fields...)
	if len(required) == 0 && len(t.not) == 0 {
		return query.NewMatchAllQuery()
	}
	return query.NewBooleanQuery(required, nil, t.not)
}

// relaxed requires any one of the words and phrases (fields and exclusions
// still apply), or is nil when that would not change the answer.
func (t *textQuery) relaxed() query.Query {
	if len(t.must) < 2 {
		return nil
	}
	bq := query.NewBooleanQuery(t.fields, t.must, t.not)
	bq.SetMinShould(1)
	return bq
}

// builder turns parsed queries into bleve queries for a reader of lang.
// known holds the folded terms the index has: words among them are taken
// as typed, the others get typo tolerance (nil: every word does).
type builder struct {
	an    *analyzers
	lang  string
	known map[string]bool
}

// build turns clauses into a textQuery.
func (b *builder) build(clauses []clause) (*textQuery, error) {
	t := &textQuery{marks: newMarks()}
	for _, c := range clauses {
		m := t.marks
		if c.not {
			m = newMarks() // excluded words are not highlighted
		}
		q, err := b.clauseQuery(c, m)
		if err != nil {
			return nil, err
		}
		switch {
		case q == nil:
		case c.not:
			t.not = append(t.not, q)
		case c.field != "":
			t.fields = append(t.fields, q)
		default:
			t.must = append(t.must, q)
		}
	}
	return t, nil
}

func (b *builder) clauseQuery(c clause, m *marks) (query.Query, error) {
	switch {
	case c.field != "":
		return fieldQuery(c.field, c.text)
	case c.idParts != nil:
		return b.idPairQuery(c, m), nil
	case c.phrase && len(strings.Fields(c.text)) > 1:
		return b.phraseQuery(c.text, m), nil
	}
	if id, ok := asID(c.text); ok {
		return b.idQuery(id, m), nil
	}
	if !c.not && !c.phrase && b.isStopWord(c.text) {
		return nil, nil
	}
	return b.wordQuery(c.text, !c.not && !c.phrase, m), nil
}

// wordQuery matches one word in any field of any language, each field
// analysed with its language's query-side analyzer, or in the folded field
// (names, IDs, titles unstemmed), there with typo tolerance when fuzzy.
func (b *builder) wordQuery(word string, fuzzy bool, m *marks) query.Query {
	an := b.an
	var alts []query.Query
	for _, l := range internal.Languages {
		index := analysis.ForLanguage(l)
		terms := limitTerms(an.terms(analysis.QueryAnalyzer(index), word))
		if len(terms) == 0 {
			continue // a stop word in this language
		}
		m.add(index, terms)
		for _, f := range indexer.TextFields {
			boost := fieldWeight(f)
			if l == b.lang {
				boost *= readerBoost
			}
			alts = append(alts, termsQuery(indexer.TextField(f, l), terms, boost))
		}
	}
	folded := limitTerms(an.terms(analysis.FoldedQuery, word))
	if len(alts) == 0 || len(folded) == 0 {
		return nil
	}
	m.add(analysis.Folded, folded)
	alts = append(alts, termsQuery(indexer.FieldFolded, folded, foldedBoost))
	alts = append(alts, b.koreanWordQueries(word)...)
	if d := fuzziness(folded[0]); fuzzy && len(folded) == 1 && d > 0 && !b.known[folded[0]] {
		fq := query.NewFuzzyQuery(folded[0])
		fq.SetField(indexer.FieldFolded)
		fq.SetFuzziness(d)
		fq.SetBoost(fuzzyBoost)
		alts = append(alts, fq)
		m.fuzzy = append(m.fuzzy, fuzzyWord{folded[0], d})
	}
	return query.NewDisjunctionQuery(alts)
}

// koreanWordQueries lift documents where a Hangul query is a word of its
// own (정부) over those that only contain its bigrams (과정부터). They
// never widen the match: a document with the word has its bigrams.
func (b *builder) koreanWordQueries(word string) []query.Query {
	if !hasHangul(word) {
		return nil
	}
	terms := limitTerms(b.an.terms(analysis.KoreanWord, word))
	if len(terms) == 0 {
		return nil
	}
	var out []query.Query
	for _, l := range internal.Languages {
		for _, f := range []string{"title", "description"} {
			out = append(out, termsQuery(indexer.TextField(f, l), terms, fieldWeight(f)))
		}
	}
	return out
}

// phraseQuery matches the words of p next to each other, in any text field
// of any language or in the folded field.
func (b *builder) phraseQuery(p string, m *marks) query.Query {
	var alts []query.Query
	for _, l := range internal.Languages {
		index := analysis.ForLanguage(l)
		qa := analysis.QueryAnalyzer(index)
		terms := b.an.terms(qa, p)
		if len(terms) == 0 {
			continue
		}
		m.add(index, terms)
		for _, f := range indexer.TextFields {
			boost := fieldWeight(f)
			if l == b.lang {
				boost *= readerBoost
			}
			alts = append(alts, phrase(indexer.TextField(f, l), qa, p, boost))
		}
	}
	if len(alts) == 0 {
		return nil
	}
	return query.NewDisjunctionQuery(append(alts, phrase(indexer.FieldFolded, analysis.FoldedQuery, p, foldedBoost)))
}

func phrase(field, analyzer, text string, boost float64) query.Query {
	q := query.NewMatchPhraseQuery(text)
	q.SetField(field)
	q.Analyzer = analyzer
	q.SetBoost(boost)
	return q
}

// idQuery finds a commitment by ID, exactly: the ID field, and the folded
// field where titles may name another commitment.
func (b *builder) idQuery(id string, m *marks) query.Query {
	tq := query.NewTermQuery(id)
	tq.SetField(indexer.FieldID)
	tq.SetBoost(idBoost)
	folded := b.an.terms(analysis.FoldedQuery, id)
	m.add(analysis.Folded, folded)
	return query.NewDisjunctionQuery([]query.Query{tq, termsQuery(indexer.FieldFolded, folded, foldedBoost)})
}

// idPairQuery reads "KR 0018" as the ID KR0018, or else as its two words.
func (b *builder) idPairQuery(c clause, m *marks) query.Query {
	alts := []query.Query{b.idQuery(strings.ToUpper(c.text), m)}
	var both []query.Query
	for _, w := range c.idParts {
		if q := b.wordQuery(w, false, m); q != nil {
			both = append(both, q)
		}
	}
	if len(both) == len(c.idParts) {
		alts = append(alts, query.NewConjunctionQuery(both))
	}
	return query.NewDisjunctionQuery(alts)
}

// termsQuery requires every term in field.
func termsQuery(field string, terms []string, boost float64) query.Query {
	qs := make([]query.Query, len(terms))
	for i, t := range terms {
		tq := query.NewTermQuery(t)
		tq.SetField(field)
		tq.SetBoost(boost)
		qs[i] = tq
	}
	if len(qs) == 1 {
		return qs[0]
	}
	return query.NewConjunctionQuery(qs)
}

// limitTerms drops repeated terms and keeps at most maxTermsPerWord.
func limitTerms(terms []string) []string {
	out := terms[:0]
	for _, t := range terms {
		if !slices.Contains(out, t) && len(out) < maxTermsPerWord {
			out = append(out, t)
		}
	}
	return out
}

// isStopWord reports whether a language's analyzer drops word entirely
// (le, the, de, …). Such words are not required: a word dropped from one
// language's fields can only be matched in the others, so requiring it
// would lose pages written in the language it is a stop word of.
func (b *builder) isStopWord(word string) bool {
	for _, l := range internal.Languages {
		if len(b.an.terms(analysis.QueryAnalyzer(analysis.ForLanguage(l)), word)) == 0 {
			return true
		}
	}
	return false
}
