package analysis

// Index-time analyzers, one per page language plus a language-neutral one.
// Give each field the analyzer of its page's language.
const (
	// French analyzes French text fields: elision, folding, stop words,
	// light stemming; Hangul runs as Korean.
	French = "ogp_fr"
	// English analyzes English text fields: folding, possessives, stop
	// words, Porter stemming; Hangul runs as Korean.
	English = "ogp_en"
	// Spanish analyzes Spanish text fields: folding (ñ → n), stop words,
	// light stemming; Hangul runs as Korean.
	Spanish = "ogp_es"
	// Korean analyzes Korean text fields: the content morphemes of Hangul
	// words (MorphFilter); Latin runs folded, not stemmed.
	Korean = "ogp_ko"
	// Folded is language-neutral: folding only, no stop words, no
	// stemming, no bigrams. For names, IDs, mixed text and the unstemmed
	// companion field that fuzzy and prefix queries run on. Commitment IDs
	// become one token (KR 0018 → kr0018) and the index also keeps their
	// parts; never run fuzzy queries for IDs on it (kr0019~1 matches
	// kr0018).
	Folded = "ogp_folded"
	// Edge indexes the prefixes of every word (EdgeFilter), elided and
	// folded but not stemmed, for the word being typed: its own field,
	// whatever the language.
	Edge = "ogp_edge"
)

// Query-time analyzers. Bleve analyzes a match query with the field's
// analyzer unless query.MatchQuery.Analyzer names another one: set it to
// QueryAnalyzer(field analyzer). The two sides run the same filters
// today, except for IDs (FoldedQuery) and prefixes (EdgeQuery); the names
// keep a query's analysis free to differ from a page's.
const (
	// FrenchQuery is the query side of French.
	FrenchQuery = "ogp_fr_query"
	// EnglishQuery is the query side of English.
	EnglishQuery = "ogp_en_query"
	// SpanishQuery is the query side of Spanish.
	SpanishQuery = "ogp_es_query"
	// KoreanQuery is the query side of Korean.
	KoreanQuery = "ogp_ko_query"
	// FoldedQuery is the query side of Folded: an ID typed as "KR 0018"
	// becomes the single token kr0018, without its parts.
	FoldedQuery = "ogp_folded_query"
	// KoreanGrams is the recall fallback of the morphemes: the syllable
	// bigrams and trigrams of each Hangul word without its particles and
	// endings (SpanGramFilter); other scripts are dropped. KoreanGramsQuery
	// is its query side.
	KoreanGrams      = "ogp_ko_grams"
	KoreanGramsQuery = "ogp_ko_grams_query"
	// EdgeQuery is the query side of Edge: the words elided and folded,
	// each one term to look up among the prefixes.
	EdgeQuery = "ogp_edge_query"
)

// Names of the tokenizer and token filters the analyzers are built from,
// registered so that custom analyzers can reuse them.
const (
	// TokenizerName splits like bleve's unicode tokenizer, then at
	// Hangul/non-Hangul boundaries and word-joining middle dots.
	TokenizerName = "ogp_unicode"
	// FoldFilterName folds every token with ogp.FoldToken.
	FoldFilterName = "ogp_fold"
	// ElisionFilterName strips French elided articles (l', qu’, …).
	ElisionFilterName = "ogp_elision_fr"
	// StopFrenchName, StopEnglishName and StopSpanishName remove bleve's
	// stop words, compared in folded form.
	StopFrenchName  = "ogp_stop_fr"
	StopEnglishName = "ogp_stop_en"
	StopSpanishName = "ogp_stop_es"
	// StemFrenchName, StemEnglishName and StemSpanishName stem every token
	// that is not Hangul or ideographic.
	StemFrenchName  = "ogp_stem_fr"
	StemEnglishName = "ogp_stem_en"
	StemSpanishName = "ogp_stem_es"
	// MorphFilterName turns Hangul words into their content morphemes
	// (MorphFilter); SpanGramFilterName and SpanGramQueryName into the
	// syllable n-grams of their content spans (SpanGramFilter).
	MorphFilterName    = "ogp_ko_morph"
	SpanGramFilterName = "ogp_ko_span_grams"
	SpanGramQueryName  = "ogp_ko_span_grams_query"
	// IDIndexName and IDQueryName join commitment IDs (KR 0018).
	IDIndexName = "ogp_id_index"
	IDQueryName = "ogp_id_query"
	// EdgeFilterName turns words into their prefixes (EdgeFilter).
	EdgeFilterName = "ogp_edge_grams"
)

// QueryAnalyzer names the analyzer to analyze a query with, for a field
// indexed with the analyzer indexAnalyzer. Names it does not know are
// returned unchanged.
func QueryAnalyzer(indexAnalyzer string) string {
	switch indexAnalyzer {
	case French:
		return FrenchQuery
	case English:
		return EnglishQuery
	case Spanish:
		return SpanishQuery
	case Korean:
		return KoreanQuery
	case Folded:
		return FoldedQuery
	case Edge:
		return EdgeQuery
	}
	return indexAnalyzer
}

// ForLanguage names the index-time analyzer of a page language given as
// an ISO 639-1 code; any other language gets Folded.
func ForLanguage(lang string) string {
	switch lang {
	case "fr":
		return French
	case "en":
		return English
	case "es":
		return Spanish
	case "ko":
		return Korean
	}
	return Folded
}
