package search

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"

	"github.com/ogpsearch/ogpsearch/indexer"
	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// Suggest and the building of each index version's suggestions from its
// stored titles and facet keys; keyset.go holds the structure that finds
// them.

const (
	// DefaultSuggestions and MaxSuggestions are the default and largest
	// number of suggestions, as the API has them.
	DefaultSuggestions = ogp.DefaultSuggestions
	MaxSuggestions     = ogp.MaxSuggestions
	// maxSuggestRunes bounds the query text of a suggestion.
	maxSuggestRunes = 100
	// The kinds of titles and IDs; a label's kind is its facet's name.
	kindTitle = "title"
	kindID    = "id"
)

// Suggest returns completions of q, what a reader of lang has typed so
// far: commitment IDs, titles and facet labels in lang first, then in
// other languages. Korean matches while a syllable is being composed
// (공고 on the way to 공공), by initial consonants (ㄱㄱ), and from
// decomposed (NFD) input alike. Korean typed with the keyboard in Latin
// mode (rhdrhd for 공공) is suggested when the keys match nothing as typed,
// each suggestion carrying the Hangul reading in its Hangul field. limit ≤ 0
// means DefaultSuggestions; it is at most MaxSuggestions.
func (e *Engine) Suggest(ctx context.Context, q, lang string, limit int) ([]ogp.Suggestion, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if !utf8.ValidString(q) {
		return nil, ogp.Errorf(ogp.EInvalid, "q is not valid UTF-8")
	}
	if utf8.RuneCountInString(q) > maxSuggestRunes {
		return nil, ogp.Errorf(ogp.EInvalid, "q is too long for suggestions: at most %d characters", maxSuggestRunes)
	}
	if limit <= 0 {
		limit = DefaultSuggestions
	}
	v, err := e.acquire()
	if err != nil {
		return nil, err
	}
	defer e.release(v)
	return v.suggest.suggest(q, strings.ToLower(lang), min(limit, MaxSuggestions)), nil
}

// suggestFacets are the facets whose labels are suggested.
func suggestFacets() []string { return []string{"policy_area", "member"} }

// buildSuggester gathers the suggestion entries: every commitment's ID,
// its titles (once per distinct title and language) and the labels of the
// facet keys in use. One request reads the stored titles of every
// document in index order: every document scores the same, so no sort key
// is needed.
func buildSuggester(ctx context.Context, idx bleve.Index, facets *facetTable) (*suggester, error) {
	n, err := idx.DocCount()
	if err != nil {
		return nil, fmt.Errorf("suggestions: %w", err)
	}
	r := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), int(n), 0, false)
	r.Fields = []string{indexer.FieldHeads}
	res, err := idx.SearchInContext(ctx, r)
	if err != nil {
		return nil, fmt.Errorf("suggestions: read titles: %w", err)
	}
	entries := make([]suggestEntry, 0, 3*len(res.Hits))
	seen := map[[2]string]bool{}
	for _, h := range res.Hits {
		entries = append(entries, suggestEntry{text: h.ID, kind: kindID, id: h.ID})
		heads, err := indexer.Heads(h.Fields)
		if err != nil {
			return nil, fmt.Errorf("suggestions: commitment %s: %w", h.ID, err)
		}
		for _, p := range heads {
			if k := [2]string{p.Lang, p.Title}; p.Title != "" && !seen[k] {
				seen[k] = true
				entries = append(entries, suggestEntry{text: p.Title, kind: kindTitle, id: h.ID, lang: p.Lang})
			}
		}
	}
	return newSuggester(append(entries, labelEntries(facets)...)), nil
}

// labelEntries are the labels, in every language, of the facet keys the
// index holds.
func labelEntries(facets *facetTable) []suggestEntry {
	var out []suggestEntry
	for _, name := range suggestFacets() {
		for _, key := range facets.keys[slices.Index(facetNames(), name)] {
			for _, lang := range ogp.Languages() {
				out = append(out, suggestEntry{
					text: facetLabel(name, key, lang), kind: name, key: key, lang: lang,
					variants: labelVariants(name, key, lang),
				})
			}
		}
	}
	return out
}

// labelVariants are the other labels of a key in lang (Republic of Korea
// beside South Korea).
func labelVariants(name, key, lang string) []string {
	for _, e := range ogp.Vocab(vocabOf(name)).Entries {
		if e.Key == key && len(e.Labels[lang]) > 1 {
			return e.Labels[lang][1:]
		}
	}
	return nil
}
