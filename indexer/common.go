package indexer

import (
	"fmt"

	"github.com/ogpsearch/ogpsearch/indexer/analysis"
)

// PairsAnalyzer names the custom analyzer of FieldTitle and FieldBody in
// the mapping: analysis.Pairs with the common terms of the texts;
// FoldedPairsAnalyzer that of FieldFolded, with the common terms of the
// folded texts. The lists are kept in the index with its mapping, so an
// index answers phrases with the lists it was built with.
const (
	PairsAnalyzer       = "ogp_pairs_common"
	FoldedPairsAnalyzer = "ogp_pairs_folded"
)

// commonTermCount is how many terms count as common: at most 65,536
// kinds of pairs.
const commonTermCount = 256

// commonSample is how many commitments, spread over the corpus, a full
// build reads to choose its common terms.
const commonSample = 2000

// CommonTerms are the common terms of a version: the most frequent terms
// of its titles and texts, and of its folded texts (titles unstemmed,
// institutions, labels) — words such as public, data, inform, open,
// ouvert, whose postings are the longest and of which phrases are often
// made. A full build chooses them from the corpus it indexes; an
// incremental one keeps those of the version it copies.
type CommonTerms struct {
	Text, Folded []string
}

// chooseCommonTerms reads up to commonSample commitments spread evenly
// over the corpus and returns their common terms.
func chooseCommonTerms(src *source) (CommonTerms, error) {
	var texts, folded []string
	step := max(1, len(src.groups)/commonSample)
	for i := 0; i < len(src.groups); i += step {
		pages, _ := src.pages(src.groups[i])
		if len(pages) == 0 {
			continue // its lines are rejected: the build reports them
		}
		_, doc, err := Document(pages)
		if err != nil {
			return CommonTerms{}, err
		}
		for _, f := range []string{FieldTitle, FieldBody} {
			if s, ok := doc[f].(string); ok {
				texts = append(texts, s)
			}
		}
		folded = append(folded, doc[FieldFolded].(string))
	}
	var c CommonTerms
	var err error
	if c.Text, err = analysis.CommonTerms(texts, commonTermCount); err == nil {
		c.Folded, err = analysis.CommonTerms(folded, commonTermCount)
	}
	if err != nil {
		return CommonTerms{}, fmt.Errorf("index: common terms: %w", err)
	}
	return c, nil
}
