package indexer

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/ogpsearch/ogpsearch/indexer/analysis"
	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// Field names of the index. FieldTitle holds the titles of every
// language and FieldBody their other texts, each section analysed as its
// language (analysis.Multi). The title is also in a field of its own per
// language, suffixed with the language ("title_fr"), for the reader's
// language to weigh more. FieldTitle, FieldBody and FieldFolded also hold
// the pairs of their common words (analysis.Pairs), for phrases.
// FieldPrefix holds the prefixes of the words of the folded field and the
// bodies (analysis.Edge), for the word being typed. FieldHangul holds the
// syllable n-grams of the Korean words of both (analysis.KoreanGrams),
// the fallback of their morphemes.
const (
	FieldID          = "id"
	FieldTitle       = "title"
	FieldBody        = "body"
	FieldFolded      = "folded"
	FieldPrefix      = "prefix"
	FieldHangul      = "hangul"
	FieldPolicyArea  = "policy_area"
	FieldStatus      = "status"
	FieldMember      = "member"
	FieldLanguage    = "language"
	FieldStarred     = "starred"
	FieldCompletion  = "completion"
	FieldYear        = "year"
	FieldYearFacet   = "year_facet"
	FieldContentHash = "content_hash"
	FieldMeta        = "_meta"
	FieldHeads       = "_heads"
)

// FormatVersion changes when the fields or their analysis change: an
// index of another format is rebuilt in full, not updated, and the server
// refuses to open it.
const FormatVersion = 8

// FacetFields are the keyword fields facets count.
func FacetFields() []string {
	return []string{FieldPolicyArea, FieldStatus, FieldMember, FieldLanguage, FieldStarred, FieldCompletion, FieldChange, FieldChangedField, FieldYearFacet}
}

// TitleField names a language's title field: TitleField("fr") is
// "title_fr".
func TitleField(lang string) string { return "title_" + lang }

// NewMapping is the index mapping: static (nothing indexed unless listed),
// one document per commitment, its pairs analyzers built on common.
func NewMapping(common CommonTerms) mapping.IndexMapping {
	doc := bleve.NewDocumentStaticMapping()
	// The text is kept once, in FieldMeta; snippets are cut from it by
	// re-analysing the few hits shown. Term vectors hold the positions
	// phrase queries need; bleve reads them only for phrases, and only
	// for the words of a phrase the pairs of common words do not cover.
	text := func(analyzer string, positions bool) *mapping.FieldMapping {
		fm := bleve.NewTextFieldMapping()
		fm.Analyzer = analyzer
		fm.Store = false
		fm.IncludeTermVectors = positions
		fm.IncludeInAll = false
		fm.DocValues = false
		return fm
	}
	for _, lang := range ogp.Languages() {
		// Only word queries look here: the reader's language weighs more.
		doc.AddFieldMappingsAt(TitleField(lang), text(analysis.ForLanguage(lang), false))
	}
	// One field for the titles and one for the description, IRM summary,
	// institutions and action plan of every language, each section
	// analysed as its language: a word is looked up in them once per
	// distinct term its languages make, not once per language and field.
	// With the pairs of common words, for phrases.
	doc.AddFieldMappingsAt(FieldTitle, text(PairsAnalyzer, true))
	doc.AddFieldMappingsAt(FieldBody, text(PairsAnalyzer, true))
	// Its text has no language sections: analysed as Folded, with the
	// pairs of its common words.
	doc.AddFieldMappingsAt(FieldFolded, text(FoldedPairsAnalyzer, true))
	// The prefixes of words: one term per word being typed, no positions.
	doc.AddFieldMappingsAt(FieldPrefix, text(analysis.Edge, false))
	// The syllable n-grams of Korean words: a word's trigrams stand for
	// their order, no positions.
	doc.AddFieldMappingsAt(FieldHangul, text(analysis.KoreanGrams, false))

	for _, f := range append([]string{FieldID}, FacetFields()...) {
		kw := bleve.NewKeywordFieldMapping()
		kw.Store = f == FieldID
		kw.IncludeInAll = false
		kw.IncludeTermVectors = false
		kw.DocValues = true
		doc.AddFieldMappingsAt(f, kw)
	}
	for _, f := range []string{FieldYear, FieldFirstSeen, FieldLastChanged} {
		num := bleve.NewNumericFieldMapping()
		num.IncludeInAll = false
		num.DocValues = true
		doc.AddFieldMappingsAt(f, num)
	}
	changedAt := bleve.NewKeywordFieldMapping()
	changedAt.Store = false
	changedAt.IncludeInAll = false
	changedAt.DocValues = false
	doc.AddFieldMappingsAt(FieldChangedAt, changedAt)

	for _, f := range []string{FieldMeta, FieldHeads, FieldContentHash, FieldHistory} {
		stored := bleve.NewKeywordFieldMapping()
		stored.Index = false
		stored.Store = true
		stored.IncludeInAll = false
		stored.DocValues = false
		doc.AddFieldMappingsAt(f, stored)
	}

	// No "_all" composite field: every query names its fields, and
	// building an empty composite still walks every field of every document.
	doc.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())

	im := bleve.NewIndexMapping()
	for name, list := range map[string][]string{PairsAnalyzer: common.Text, FoldedPairsAnalyzer: common.Folded} {
		if err := im.AddCustomAnalyzer(name, map[string]any{"type": analysis.Pairs, "common": list}); err != nil {
			panic("indexer: " + err.Error()) // the analyzer is registered by package analysis
		}
	}
	im.DefaultMapping = doc
	im.DefaultAnalyzer = analysis.Folded
	im.StoreDynamic = false
	im.IndexDynamic = false
	im.DocValuesDynamic = false
	return im
}
