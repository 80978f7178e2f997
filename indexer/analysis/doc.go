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
// index analyzer. Fuzzy and prefix queries are not analyzed by bleve: run
// them on the Folded field, with a folded term (ogp.FoldToken), and never
// fuzzy on Hangul or commitment IDs.
//
// Every analyzer starts with Tokenizer (bleve's unicode tokenizer, split
// at script boundaries and middle dots) and treats Hangul runs the same
// way, whatever the page language, with MorphFilter: a Korean title in a
// French page is indexed as Korean, and Latin stemmers never see Hangul
// (NonHangulFilter).
//
// Korean words are split into morphemes by kagome with mecab-ko-dic
// (morph.go), with a user dictionary of OGP terms and institution names
// (ogp.KoreanTerms); their content morphemes are indexed, particles and
// endings dropped. KoreanGrams, the analyzer of a field of its own, keeps
// the syllable bigrams and trigrams of each word without its particles,
// the fallback for what the dictionary keeps whole or splits otherwise.
//
// Known limits: a word is analysed on its own, without the sentence
// around it; the stem of a verb fused with its ending (높였 for 높이 + 었)
// is recovered by undoing the usual contractions, which misses irregular
// verbs (들었 of 듣다 stays 들었).
package analysis
