package indexer

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/ogpsearch/ogpsearch/indexer/analysis"
	"github.com/ogpsearch/ogpsearch/internal"
)

// Field names of the index. Text fields exist once per language, suffixed
// with the language ("title_fr"), each with its language's analyzer.
const (
	FieldID          = "id"
	FieldFolded      = "folded"
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
)

// TextFields are the per-language text fields, in decreasing weight.
var TextFields = []string{"title", "description", "irm_summary", "institutions", "action_plan"}

// FacetFields are the keyword fields facets count.
var FacetFields = []string{FieldPolicyArea, FieldStatus, FieldMember, FieldLanguage, FieldStarred, FieldCompletion, FieldYearFacet}

// TextField names a language's text field: TextField("title", "fr") is
// "title_fr".
func TextField(name, lang string) string { return name + "_" + lang }

// NewMapping is the index mapping: static (nothing indexed unless listed),
// one document per commitment.
func NewMapping() mapping.IndexMapping {
	doc := bleve.NewDocumentStaticMapping()
	for _, lang := range internal.Languages {
		for _, f := range TextFields {
			fm := bleve.NewTextFieldMapping()
			fm.Analyzer = analysis.ForLanguage(lang)
			// The text is kept once, in FieldMeta; snippets are cut from
			// it by re-analysing the few hits shown, which costs less
			// than term vectors on every field of every document.
			fm.Store = false
			fm.IncludeTermVectors = false
			fm.IncludeInAll = false
			fm.DocValues = false
			doc.AddFieldMappingsAt(TextField(f, lang), fm)
		}
	}
	folded := bleve.NewTextFieldMapping()
	folded.Analyzer = analysis.Folded
	folded.Store = false
	folded.IncludeInAll = false
	folded.DocValues = false
	doc.AddFieldMappingsAt(FieldFolded, folded)

	for _, f := range append([]string{FieldID}, FacetFields...) {
		kw := bleve.NewKeywordFieldMapping()
		kw.Store = f == FieldID
		kw.IncludeInAll = false
		kw.IncludeTermVectors = false
		kw.DocValues = true
		doc.AddFieldMappingsAt(f, kw)
	}
	year := bleve.NewNumericFieldMapping()
	year.IncludeInAll = false
	year.DocValues = true
	doc.AddFieldMappingsAt(FieldYear, year)

	for _, f := range []string{FieldMeta, FieldContentHash} {
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
	im.DefaultMapping = doc
	im.DefaultAnalyzer = analysis.Folded
	im.StoreDynamic = false
	im.IndexDynamic = false
	im.DocValuesDynamic = false
	return im
}
