package indexer

import (
	"bytes"
	"fmt"
	"sync"

	"github.com/ogpsearch/ogpsearch/indexer/analysis"
	"github.com/ogpsearch/ogpsearch/internal/ogp"
	"github.com/ogpsearch/ogpsearch/internal/sample"
)

// PairsAnalyzer names the custom analyzer of FieldTitle and FieldBody in
// the mapping: analysis.Pairs with the common terms below; FoldedPairsAnalyzer
// that of FieldFolded, with the common terms of the folded texts. The
// lists are kept in the index with its mapping, so an index answers
// phrases with the lists it was built with.
const (
	PairsAnalyzer       = "ogp_pairs_common"
	FoldedPairsAnalyzer = "ogp_pairs_folded"
)

// commonTermCount is how many terms count as common: at most 65,536
// kinds of pairs.
const commonTermCount = 256

// commonTerms are the most frequent terms of the sample site's titles and
// texts (real commitments in four languages), and of its folded texts
// (titles unstemmed, institutions, labels): words such as public, data,
// inform, open, ouvert, whose postings are the longest and of which
// phrases are often made. They are the same for every build of one
// program.
var commonTerms = sync.OnceValue(func() (lists struct{ text, folded []string }) {
	recs, bad, err := ogp.ReadCorpus(bytes.NewReader(sample.Corpus()))
	if err != nil || len(bad) > 0 {
		panic(fmt.Sprintf("indexer: the embedded sample corpus does not read: %v %v", err, bad))
	}
	byID := map[string][]ogp.Commitment{}
	var ids []string
	for _, r := range recs {
		if _, ok := byID[r.ID]; !ok {
			ids = append(ids, r.ID)
		}
		byID[r.ID] = append(byID[r.ID], r)
	}
	var texts, folded []string
	for _, id := range ids {
		_, doc, err := Document(byID[id])
		if err != nil {
			panic(fmt.Sprintf("indexer: sample commitment %s: %v", id, err))
		}
		for _, f := range []string{FieldTitle, FieldBody} {
			if s, ok := doc[f].(string); ok {
				texts = append(texts, s)
			}
		}
		folded = append(folded, doc[FieldFolded].(string))
	}
	if lists.text, err = analysis.CommonTerms(texts, commonTermCount); err == nil {
		lists.folded, err = analysis.CommonTerms(folded, commonTermCount)
	}
	if err != nil {
		panic(fmt.Sprintf("indexer: common terms: %v", err))
	}
	return lists
})
