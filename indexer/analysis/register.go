package analysis

import (
	"fmt"

	banalysis "github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/es"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/registry"
)

// The filter chains of the analyzers, after Tokenizer. Order matters:
//   - elision looks at original bytes, so it comes before folding;
//   - stop lists are compared folded, so they come after it;
//   - the Korean filters need folded (NFC) syllables;
//   - stemmers come last and never see Hangul (NonHangulFilter);
//   - the ID filter comes after folding, so full-width IDs (ＫＲ００１８)
//     and any case are recognised.
func chains() map[string][]string {
	return map[string][]string{
		French:           {ElisionFilterName, FoldFilterName, StopFrenchName, MorphFilterName, StemFrenchName},
		FrenchQuery:      {ElisionFilterName, FoldFilterName, StopFrenchName, MorphFilterName, StemFrenchName},
		English:          {FoldFilterName, en.PossessiveName, StopEnglishName, MorphFilterName, StemEnglishName},
		EnglishQuery:     {FoldFilterName, en.PossessiveName, StopEnglishName, MorphFilterName, StemEnglishName},
		Spanish:          {FoldFilterName, StopSpanishName, MorphFilterName, PluralSpanishName, StemSpanishName},
		SpanishQuery:     {FoldFilterName, StopSpanishName, MorphFilterName, PluralSpanishName, StemSpanishName},
		Korean:           {FoldFilterName, MorphFilterName},
		KoreanQuery:      {FoldFilterName, MorphFilterName},
		KoreanGrams:      {FoldFilterName, SpanGramFilterName},
		KoreanGramsQuery: {FoldFilterName, SpanGramQueryName},
		Folded:           {FoldFilterName, IDIndexName},
		FoldedQuery:      {FoldFilterName, IDQueryName},
		Edge:             {ElisionFilterName, FoldFilterName, EdgeFilterName},
		EdgeQuery:        {ElisionFilterName, FoldFilterName},
	}
}

// filter adapts a constructor that needs neither configuration nor cache.
func filter(f banalysis.TokenFilter) registry.TokenFilterConstructor {
	return func(map[string]interface{}, *registry.Cache) (banalysis.TokenFilter, error) {
		return f, nil
	}
}

func init() {
	must(registry.RegisterTokenizer(TokenizerName,
		func(map[string]interface{}, *registry.Cache) (banalysis.Tokenizer, error) {
			return NewTokenizer(), nil
		}))
	filters := map[string]registry.TokenFilterConstructor{
		FoldFilterName:     filter(NewFoldFilter()),
		ElisionFilterName:  filter(NewElisionFilter()),
		MorphFilterName:    filter(MorphFilter{}),
		SpanGramFilterName: filter(SpanGramFilter{}),
		SpanGramQueryName:  filter(SpanGramFilter{query: true}),
		IDIndexName:        filter(NewIDFilter(false)),
		IDQueryName:        filter(NewIDFilter(true)),
		StemFrenchName:     nonHangulConstructor(fr.LightStemmerName),
		StemEnglishName:    nonHangulConstructor(porter.Name),
		StemSpanishName:    nonHangulConstructor(es.LightStemmerName),
		PluralSpanishName:  filter(ShortPluralFilter{}),
		EdgeFilterName:     filter(EdgeFilter{}),
	}
	// Stop filters are built once here, not per index mapping: folding
	// their lists costs far more than the rest of an analyzer, and
	// Analyze builds a mapping per call.
	stock := registry.NewCache()
	for name, tokenMap := range map[string]string{
		StopFrenchName: fr.StopName, StopEnglishName: en.StopName, StopSpanishName: es.StopName,
	} {
		words, err := stock.TokenMapNamed(tokenMap)
		must(err)
		filters[name] = filter(NewStopFilter(words))
	}
	for name, c := range filters {
		must(registry.RegisterTokenFilter(name, c))
	}
	for name, chain := range chains() {
		must(registry.RegisterAnalyzer(name, analyzerConstructor(chain)))
	}
}

// analyzerConstructor builds an analyzer of Tokenizer and the filters
// registered under the given names.
func analyzerConstructor(chain []string) registry.AnalyzerConstructor {
	return func(_ map[string]interface{}, cache *registry.Cache) (banalysis.Analyzer, error) {
		tokenizer, err := cache.TokenizerNamed(TokenizerName)
		if err != nil {
			return nil, err
		}
		a := &banalysis.DefaultAnalyzer{Tokenizer: tokenizer}
		for _, name := range chain {
			f, err := cache.TokenFilterNamed(name)
			if err != nil {
				return nil, fmt.Errorf("token filter %s: %w", name, err)
			}
			a.TokenFilters = append(a.TokenFilters, f)
		}
		return a, nil
	}
}

// must panics on a registration error: a name registered twice is a
// programming error found at start-up.
func must(err error) {
	if err != nil {
		panic(err)
	}
}
