package search

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	banalysis "github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/ogpsearch/ogpsearch/indexer"
	"github.com/ogpsearch/ogpsearch/indexer/analysis"
	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

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

// Weights: a title match ranks above a body match, and a match in the
// title in the reader's language adds readerBoost; the folded field (names,
// IDs, titles unstemmed), typo-tolerant matches and the ID field weigh as
// below.
const (
	titleBoost  = 3
	bodyBoost   = 1
	readerBoost = 1.5
	foldedBoost = 2
	fuzzyBoost  = 0.4
	idBoost     = 20
	// prefixBoost weighs a completion of the word being typed: below
	// every whole-word match, which has the prefix too.
	prefixBoost = 0.5
	// fallbackBoost weighs a Korean word found by its bigrams only
	// (koreanFallback): below its morphemes.
	fallbackBoost = 0.3
	// maxCompletions bounds the words a prefix longer than the prefixes
	// field keeps is expanded to, as Meilisearch bounds its prefixes: the
	// most frequent.
	maxCompletions = 16
	// stemCut is how much shorter than a typed prefix a stem that starts
	// it may be and still stand for the word being typed (stemmers cut a
	// suffix of a few letters).
	stemCut = 3
	// maxTermsPerWord bounds the terms one word (or merged Hangul run)
	// may require in one field; more would only narrow further.
	maxTermsPerWord = 24
)

// seenTerms reports whether an earlier language made the same terms of a
// word (the titles and bodies of every language share their fields, so
// one query covers them all), and adds them when not.
func seenTerms(seen *[][]string, terms []string) bool {
	if slices.ContainsFunc(*seen, func(t []string) bool { return slices.Equal(t, terms) }) {
		return true
	}
	*seen = append(*seen, terms)
	return false
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
	// The index's pairs analyzers, of the titles and bodies and of the
	// folded field; nil: phrases on positions.
	pairs, fpairs *analysis.PairAnalyzer
	// dict reads the index's term dictionaries, for the words a prefix
	// begins; nil: prefixes longer than the prefixes field keeps find
	// nothing.
	dict termDictionary
}

// termDictionary is the part of a bleve index that lists the terms of a
// field that start with a prefix.
type termDictionary interface {
	FieldDictPrefix(field string, prefix []byte) (index.FieldDict, error)
}

// queryBuilder is the builder of a version's queries for a reader of
// lang: with the terms and the pairs of common words that index has.
// Searches and walks use it alike, so an export holds what the search
// found.
func (v *version) queryBuilder(an *analyzers, lang string) *builder {
	return &builder{an: an, lang: lang, known: v.known, pairs: v.pairs, fpairs: v.fpairs, dict: v.idx}
}

// build turns clauses into a textQuery.
func (b *builder) build(clauses []clause) (*textQuery, error) {
	t := &textQuery{marks: newMarks()}
	cost := 0
	for _, c := range clauses {
		m := t.marks
		if c.not {
			m = newMarks() // excluded words are not highlighted
		}
		fuzzy := len(m.fuzzy)
		q, err := b.clauseQuery(c, m)
		if err != nil {
			return nil, err
		}
		cost += clauseCost(c, m.fuzzy[fuzzy:])
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
	if cost > maxQueryCost {
		return nil, ogp.Errorf(ogp.EInvalid, "the query asks too much at once (cost %d, at most %d): fewer misspelled long words, exclusions (-word) or quoted phrases", cost, maxQueryCost)
	}
	return t, nil
}

// maxQueryCost bounds what one query may ask before it runs, so that one
// request cannot take the cores from the others: a word searched with
// typo tolerance costs 2 (one edit) or 4 (two), since each expands to the
// words of the index within that distance; an exclusion or a quoted
// phrase costs 2 and any other clause 1. A search box's queries cost a few
// units; 32 misspelled long words (the most a query takes) would cost 128.
const maxQueryCost = 32

// clauseCost is the cost of one clause, given the words of it searched
// with typo tolerance.
func clauseCost(c clause, fuzzy []fuzzyWord) int {
	cost := 1
	if c.not || c.phrase {
		cost = 2
	}
	for _, f := range fuzzy {
		cost += 2 * f.dist
	}
	return cost
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
	if c.prefix {
		return b.prefixQuery(c.text, m), nil
	}
	if !c.not && !c.phrase && b.isStopWord(c.text) {
		return nil, nil
	}
	return b.wordQuery(c.text, !c.not && !c.phrase, m), nil
}

// wordQuery matches one word in the titles or the bodies, analysed with
// each language's query-side analyzer, or in the folded field (names, IDs,
// titles unstemmed), there with typo tolerance when fuzzy. Languages that
// make the same terms of the word share one query.
func (b *builder) wordQuery(word string, fuzzy bool, m *marks) query.Query {
	var alts []query.Query
	var seen [][]string
	for _, l := range ogp.Languages() {
		index := analysis.ForLanguage(l)
		qa := analysis.QueryAnalyzer(index)
		toks := b.an.tokens(qa, word)
		terms := limitTerms(tokenTerms(toks))
		if len(terms) == 0 {
			continue // a stop word in this language
		}
		m.add(index, terms)
		title := termsQuery(indexer.FieldTitle, terms, titleBoost)
		body := termsQuery(indexer.FieldBody, terms, bodyBoost)
		hangul := len(terms) > 1 && b.pairs != nil && allHangul(word)
		if hangul {
			// A Hangul word's morphemes are required next to each
			// other, as the word has them.
			pairs, all := b.pairs.HangulWordPairs(toks)
			pairs = limitTerms(pairs)
			title = adjacentQuery(indexer.FieldTitle, qa, word, pairs, all, titleBoost)
			body = adjacentQuery(indexer.FieldBody, qa, word, pairs, all, bodyBoost)
		}
		if l == b.lang {
			reader := termsQuery(indexer.TitleField(l), terms, readerBoost)
			if hangul {
				// The reader's title field keeps no positions: only
				// titles that have the word weigh more.
				reader = query.NewConjunctionQuery([]query.Query{reader, title})
			}
			alts = append(alts, reader)
		}
		if !seenTerms(&seen, terms) {
			alts = append(alts, title, body)
		}
	}
	folded := limitTerms(b.an.terms(analysis.FoldedQuery, word))
	if len(alts) == 0 || len(folded) == 0 {
		return nil
	}
	m.add(analysis.Folded, folded)
	alts = append(alts, termsQuery(indexer.FieldFolded, folded, foldedBoost))
	alts = append(alts, b.koreanFallback(word)...)
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

// prefixQuery matches text, the word being typed (or a run of Hangul
// words ending with it), as a whole word as wordQuery does, or as the
// start of a word: its last word looked up among the prefixes of words
// (FieldPrefix), the words before it as whole words. A whole word also has
// its own prefix, so it ranks above a mere completion. A stop word is kept:
// "de" may be the start of "data".
func (b *builder) prefixQuery(text string, m *marks) query.Query {
	words := strings.Fields(text)
	last := words[len(words)-1]
	terms := limitTerms(b.an.terms(analysis.EdgeQuery, last))
	whole := b.wordQuery(text, true, m)
	if whole != nil && len(words) > 1 && allHangul(last) && len(b.an.terms(analysis.KoreanQuery, last)) == 0 {
		// The first syllable of a Korean word being typed (서 of 서비스)
		// is no word of its own yet: only its completions count, not the
		// words before it alone.
		whole = nil
	}
	if len(terms) == 0 {
		return whole // nothing to complete (punctuation)
	}
	var completion []query.Query
	if len(words) > 1 {
		before := b.wordQuery(strings.Join(words[:len(words)-1], " "), true, m)
		if before == nil {
			return whole
		}
		completion = append(completion, before)
	}
	for _, t := range terms {
		completion = append(completion, b.startsWith(t))
	}
	m.prefixes = append(m.prefixes, terms...)
	var alts []query.Query
	if whole != nil {
		alts = append(alts, whole)
	}
	if len(completion) == 1 {
		alts = append(alts, completion[0])
	} else {
		alts = append(alts, query.NewConjunctionQuery(completion))
	}
	if len(alts) == 1 {
		return alts[0]
	}
	return query.NewDisjunctionQuery(alts)
}

// startsWith finds the words that start with prefix. A short prefix is
// one term of FieldPrefix. A longer one begins few words: those are the
// terms of the titles, the bodies and the folded field that start with it,
// the maxCompletions most frequent of them (a stem is the start of its
// words, so a stemmed term that starts with the prefix stands for words
// that do), and the stems the prefix itself starts with, when they are at
// most stemCut runes shorter: the typed transparenc is the start of
// transparency, whose English stem is transpar.
func (b *builder) startsWith(prefix string) query.Query {
	if utf8.RuneCountInString(prefix) <= analysis.EdgeMaxRunes {
		tq := query.NewTermQuery(prefix)
		tq.SetField(indexer.FieldPrefix)
		tq.SetBoost(prefixBoost)
		return tq
	}
	type completion struct {
		field, term string
		count       uint64
	}
	var found []completion
	for _, f := range []string{indexer.FieldTitle, indexer.FieldBody, indexer.FieldFolded} {
		if b.dict == nil {
			break
		}
		d, err := b.dict.FieldDictPrefix(f, []byte(prefix))
		if err != nil {
			continue
		}
		for e, err := d.Next(); e != nil && err == nil; e, err = d.Next() {
			if !strings.ContainsRune(e.Term, ' ') { // not a pair of words
				found = append(found, completion{f, e.Term, e.Count})
			}
		}
		d.Close()
	}
	var alts []query.Query
	runes := []rune(prefix)
	for n := max(analysis.EdgeMaxRunes+1, len(runes)-stemCut); n < len(runes); n++ {
		for _, f := range []string{indexer.FieldTitle, indexer.FieldBody} {
			tq := query.NewTermQuery(string(runes[:n]))
			tq.SetField(f)
			tq.SetBoost(prefixBoost)
			alts = append(alts, tq)
		}
	}
	slices.SortFunc(found, func(x, y completion) int {
		if x.count != y.count {
			return cmp.Compare(y.count, x.count)
		}
		return cmp.Or(strings.Compare(x.field, y.field), strings.Compare(x.term, y.term))
	})
	for _, c := range found[:min(len(found), maxCompletions)] {
		tq := query.NewTermQuery(c.term)
		tq.SetField(c.field)
		tq.SetBoost(prefixBoost)
		alts = append(alts, tq)
	}
	if len(alts) == 0 {
		return query.NewMatchNoneQuery()
	}
	return query.NewDisjunctionQuery(alts)
}

// adjacentQuery requires the terms analyzer makes of text next to each
// other in field (a phrase, or the bigrams of a Hangul word): the pairs of
// them the index keeps when those are all they make, else their
// positions, among the documents that have the pairs it does keep.
func adjacentQuery(field, analyzer, text string, pairs []string, all bool, boost float64) query.Query {
	switch {
	case all && len(pairs) > 0:
		return termsQuery(field, pairs, boost)
	case len(pairs) > 0:
		return query.NewConjunctionQuery([]query.Query{termsQuery(field, pairs, boost), phrase(field, analyzer, text, boost)})
	}
	return phrase(field, analyzer, text, boost)
}

func tokenTerms(toks banalysis.TokenStream) []string {
	terms := make([]string, len(toks))
	for i, t := range toks {
		terms[i] = string(t.Term)
	}
	return terms
}

// koreanFallback finds a Hangul word by the syllable trigrams (or the
// whole, when shorter) of its words without their particles and endings
// (FieldHangul), weighing less than its morphemes: a noun inside a
// compound the dictionary keeps whole (데이터 in 빅데이터), or a name it
// splits otherwise in another context. The n-grams never cross a particle,
// so 정부 does not find 과정부터.
func (b *builder) koreanFallback(word string) []query.Query {
	if !allHangul(word) { // 정부24: the digits must be found too
		return nil
	}
	terms := limitTerms(b.an.terms(analysis.KoreanGramsQuery, word))
	if len(terms) == 0 {
		return nil
	}
	return []query.Query{termsQuery(indexer.FieldHangul, terms, fallbackBoost)}
}

// phraseQuery matches the words of p next to each other, in the titles,
// the bodies, or the folded field. The pairs of common words the index
// keeps (analysis.Pairs) stand for positions: a
// phrase whose neighbouring words all make such pairs is looked up as
// its pairs, every one required (for two words, the phrase exactly; for
// more, each pair must occur, almost always where the phrase does).
// Other phrases are matched on positions, among the documents that have
// the pairs it does make.
func (b *builder) phraseQuery(p string, m *marks) query.Query {
	var alts []query.Query
	var seen [][]string
	for _, l := range ogp.Languages() {
		index := analysis.ForLanguage(l)
		qa := analysis.QueryAnalyzer(index)
		toks := b.an.tokens(qa, p)
		if len(toks) == 0 {
			continue
		}
		terms := tokenTerms(toks)
		m.add(index, terms)
		var pairs []string
		all := false
		if b.pairs != nil {
			pairs, all = b.pairs.PhrasePairs(toks)
		}
		pairs = limitTerms(pairs)
		key := append(append([]string{strconv.FormatBool(all)}, terms...), pairs...)
		if seenTerms(&seen, key) {
			continue
		}
		if len(toks) == 1 {
			alts = append(alts, termsQuery(indexer.FieldTitle, terms, titleBoost), termsQuery(indexer.FieldBody, terms, bodyBoost))
			continue
		}
		alts = append(alts, adjacentQuery(indexer.FieldTitle, qa, p, pairs, all, titleBoost),
			adjacentQuery(indexer.FieldBody, qa, p, pairs, all, bodyBoost))
	}
	if len(alts) == 0 {
		return nil
	}
	var pairs []string
	all := false
	if b.fpairs != nil {
		pairs, all = b.fpairs.PhrasePairs(b.an.tokens(analysis.FoldedQuery, p))
	}
	return query.NewDisjunctionQuery(append(alts, adjacentQuery(indexer.FieldFolded, analysis.FoldedQuery, p, limitTerms(pairs), all, foldedBoost)))
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
	for _, l := range ogp.Languages() {
		if len(b.an.terms(analysis.QueryAnalyzer(analysis.ForLanguage(l)), word)) == 0 {
			return true
		}
	}
	return false
}
