// Package analysis is the text analysis of ogpsearch: bleve tokenizers,
// token filters and analyzers, registered in bleve's registry when the
// package is imported, for OGP commitments in English, French, Spanish and
// Korean.
//
// Text is normalised once with ogp.NormalizeText before it is
// indexed and stored; the analyzers then work on that stored text, so the
// byte offsets of their tokens are valid for highlighting. All folding
// (case, accents, ligatures, width, apostrophes) happens per token, in
// FoldFilter, with ogp.FoldToken.
//
// Which analyzer for which field:
//
//	field                                  index       query
//	title, description, IRM summary,       French      FrenchQuery
//	institutions, action plan, per         English     EnglishQuery
//	page language                          Spanish     SpanishQuery
//	                                       Korean      KoreanQuery
//	names, IDs, mixed text, the unstemmed  Folded      FoldedQuery
//	companion for fuzzy and prefix queries
//
// Set query.MatchQuery.Analyzer (or MatchPhraseQuery.Analyzer) to
// QueryAnalyzer(index analyzer); ForLanguage maps a page language to its
// index analyzer. KoreanWord is optional, for a ranking (should) clause.
// Fuzzy and prefix queries are not analyzed by bleve: run them on the
// Folded field, with a folded term (ogp.FoldToken), and never fuzzy
// on Hangul bigrams or commitment IDs.
//
// Every analyzer starts with Tokenizer (bleve's unicode tokenizer, split
// at script boundaries and middle dots) and treats Hangul runs the same
// way, whatever the page language, with HangulFilter: a Korean title in a
// French page is indexed as Korean, and Latin stemmers never see Hangul
// (NonHangulFilter).
//
// Known limits: Hangul bigrams are not morphology. 정부 matches 과정부터;
// a conjugated query (개선했다) misses other conjugations (개선한다); josa
// stripping is a fixed list and sometimes takes a word's own last
// syllable (harmless on the query side, where it only widens the match).
// A one-syllable word glued to a josa (법을) is only found by a query of
// the same eojeol or by its bigram, not by the query 법; a one-syllable
// query word next to another (법 개정) is looked up as the cross bigram
// 법개, so it finds 법 개정 and 법개정 but not 개정된 법.
package analysis
