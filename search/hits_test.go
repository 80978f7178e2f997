package search

import (
	"strings"
	"testing"

	bsearch "github.com/blevesearch/bleve/v2/search"

	"github.com/ogpsearch/ogpsearch/indexer"
	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// A document whose stored pages are an empty list gives an error that says
// so, not one wrapping a nil error.
func TestHitWithoutPages(t *testing.T) {
	an, err := newAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	d := &bsearch.DocumentMatch{ID: "KR0018", Fields: map[string]any{indexer.FieldMeta: "[]", indexer.FieldHeads: "[]"}}
	for _, snippets := range []bool{true, false} {
		_, err := an.hit(d, ogp.SearchRequest{Snippets: snippets, Lang: "fr"}, nil)
		if err == nil || strings.Contains(err.Error(), "%!") || !strings.Contains(err.Error(), "KR0018") {
			t.Errorf("snippets %v: %v", snippets, err)
		}
	}
}
