package search

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"

	"github.com/ogpsearch/ogpsearch/indexer"
	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// hits turns a page of bleve hits into the answer's hits, and gives the
// cursor to the next page when one follows.
func (an *analyzers) hits(res *bleve.SearchResult, req ogp.SearchRequest, m *marks, relaxed bool) ([]ogp.Hit, string, error) {
	docs := res.Hits
	if len(docs) > req.Size {
		docs = docs[:req.Size]
	}
	out := make([]ogp.Hit, 0, len(docs))
	for _, d := range docs {
		h, err := an.hit(d, req, m)
		if err != nil {
			return nil, "", err
		}
		out = append(out, h)
	}
	if len(res.Hits) <= req.Size {
		return out, "", nil
	}
	order := sortOrder(req.Sort)
	next := cursor{Sort: req.Sort, Keys: sortKeys(order, docs[len(docs)-1]), Search: fingerprint(req), Relaxed: relaxed}
	return out, encodeCursor(next), nil
}

// hit is one document as the reader sees it: the page in the reader's
// language when it exists, else the first language whose text matched,
// else English.
func (an *analyzers) hit(d *bsearch.DocumentMatch, req ogp.SearchRequest, m *marks) (ogp.Hit, error) {
	pages, err := storedPages(d.Fields, req.Snippets)
	if err == nil && !req.Snippets && needsTexts(pages, req.Lang) {
		pages, err = storedPages(d.Fields, true)
	}
	if err != nil {
		return ogp.Hit{}, fmt.Errorf("commitment %s: stored pages: %w", d.ID, err)
	}
	if len(pages) == 0 {
		return ogp.Hit{}, fmt.Errorf("commitment %s: no stored page", d.ID)
	}
	return an.hitOf(d, pages, req, m), nil
}

// hitOf is hit with the document's pages already decoded.
func (an *analyzers) hitOf(d *bsearch.DocumentMatch, pages []ogp.Commitment, req ogp.SearchRequest, m *marks) ogp.Hit {
	p := an.shownPage(pages, req.Lang, m)
	h := ogp.Hit{
		ID: d.ID, Lang: p.Lang, Title: p.Title, Member: p.Member, Year: p.Year, Status: p.Status,
		PolicyAreas: p.PolicyAreas, URL: p.URL, Score: d.Score,
	}
	for _, q := range pages {
		h.Languages = append(h.Languages, q.Lang)
		h.Member = cmp.Or(h.Member, q.Member)
		h.Year = cmp.Or(h.Year, q.Year)
	}
	if h.PolicyAreas == nil {
		h.PolicyAreas = []ogp.Term{}
	}
	if req.Snippets {
		h.Snippets = an.snippets(p, m)
	}
	if changes, err := indexer.Changes(d.Fields); err == nil && len(changes) > 0 {
		last := changes[len(changes)-1]
		h.Changed, h.Change = last.Seen, string(last.Kind)
	}
	return h
}

// shownPage picks the page a hit is shown in.
func (an *analyzers) shownPage(pages []ogp.Commitment, lang string, m *marks) ogp.Commitment {
	for _, p := range pages {
		if p.Lang == lang {
			return p
		}
	}
	if len(pages) > 1 {
		for _, p := range pages {
			if an.pageMatches(p, m) {
				return p
			}
		}
	}
	for _, p := range pages {
		if p.Lang == "en" {
			return p
		}
	}
	return pages[0]
}

// pageMatches reports whether the query's terms occur in the page's title
// or texts.
func (an *analyzers) pageMatches(p ogp.Commitment, m *marks) bool {
	found := false
	an.paragraphs(append([]string{p.Title}, pageTexts(p)...), func(para string) bool {
		found = len(an.matches(p.Lang, para, m)) > 0
		return !found
	})
	return found
}

// storedPages decodes the pages stored with a document, whole or (texts
// false) only what a hit shows without snippets.
func storedPages(fields map[string]any, texts bool) ([]ogp.Commitment, error) {
	if texts {
		return indexer.Pages(fields)
	}
	heads, err := indexer.Heads(fields)
	if err != nil {
		return nil, err
	}
	pages := make([]ogp.Commitment, len(heads))
	for i, h := range heads {
		pages[i] = ogp.Commitment{Lang: h.Lang, URL: h.URL, Title: h.Title, Member: h.Member, Year: h.Year, Status: h.Status, PolicyAreas: h.PolicyAreas}
	}
	return pages, nil
}

// needsTexts reports whether picking the page to show needs the texts:
// the reader's language is missing and there is a choice.
func needsTexts(pages []ogp.Commitment, lang string) bool {
	return len(pages) > 1 && !slices.ContainsFunc(pages, func(p ogp.Commitment) bool { return p.Lang == lang })
}
