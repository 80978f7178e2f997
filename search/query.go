package search

import (
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/ogpsearch/ogpsearch/indexer"
	"github.com/ogpsearch/ogpsearch/indexer/analysis"
	"github.com/ogpsearch/ogpsearch/internal"
)

// MaxQueryWords bounds the words of one query, so a hostile query cannot
// make a huge boolean query.
const MaxQueryWords = 32

// wordQuery matches one word in any field of any language, each field
// analysed with its language's query-side analyzer, or in the folded field
// (names, IDs). Titles weigh more than descriptions, which weigh more than
// the rest; the reader's language weighs more than the others.
func wordQuery(word, lang string) query.Query {
	weights := map[string]float64{"title": 3, "description": 1.5, "irm_summary": 1, "institutions": 1, "action_plan": 1}
	var alts []query.Query
	for _, l := range internal.Languages {
		qa := analysis.QueryAnalyzer(analysis.ForLanguage(l))
		if len(analysis.Analyze(qa, word)) == 0 {
			continue // a stop word in this language
		}
		for _, f := range indexer.TextFields {
			m := bleve.NewMatchQuery(word)
			m.SetField(indexer.TextField(f, l))
			m.Analyzer = qa
			m.SetOperator(query.MatchQueryOperatorAnd)
			boost := weights[f]
			if l == lang {
				boost *= 1.5
			}
			m.SetBoost(boost)
			alts = append(alts, m)
		}
	}
	if len(analysis.Analyze(analysis.FoldedQuery, word)) > 0 && len(alts) > 0 {
		m := bleve.NewMatchQuery(word)
		m.SetField(indexer.FieldFolded)
		m.Analyzer = analysis.FoldedQuery
		m.SetOperator(query.MatchQueryOperatorAnd)
		m.SetBoost(2)
		alts = append(alts, m)
	}
	if len(alts) == 0 {
		return nil
	}
	return bleve.NewDisjunctionQuery(alts...)
}

// queryWords splits a query at white space, keeping a run of Hangul-only
// words together: the Korean analysis needs their neighbours to turn a
// one-syllable word into the bigram an unspaced text has (정보공개 법 finds
// 정보공개법), and spacing never matters to it.
func queryWords(q string) []string {
	var out []string
	for _, w := range strings.Fields(q) {
		if n := len(out); n > 0 && allHangul(w) && allHangul(out[n-1]) {
			out[n-1] += " " + w
			continue
		}
		out = append(out, w)
	}
	return out
}

func allHangul(w string) bool {
	for _, r := range w {
		if !unicode.Is(unicode.Hangul, r) {
			return false
		}
	}
	return w != ""
}

// isStopWord reports whether the reader's language analyzer drops word
// entirely; without a known reader language, whether any language does.
func isStopWord(word, lang string) bool {
	for _, l := range internal.Languages {
		if lang != "" && l != lang && contains(internal.Languages, lang) {
			continue
		}
		if len(analysis.Analyze(analysis.QueryAnalyzer(analysis.ForLanguage(l)), word)) == 0 {
			return true
		}
	}
	return false
}

// TextQuery requires every word of q, each in any field: the search box's
// semantics. Stop words of the reader's language (of any language when the
// reader's is unknown) are not required; an empty query matches
// everything.
func TextQuery(q, lang string) query.Query {
	var musts []query.Query
	for i, w := range queryWords(internal.NormalizeText(q)) {
		if i >= MaxQueryWords {
			break
		}
		if isStopWord(w, lang) {
			continue
		}
		if wq := wordQuery(w, lang); wq != nil {
			musts = append(musts, wq)
		}
	}
	if len(musts) == 0 {
		return bleve.NewMatchAllQuery()
	}
	return bleve.NewConjunctionQuery(musts...)
}
