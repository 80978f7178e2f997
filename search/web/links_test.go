package web

import (
	"context"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
	"github.com/ogpsearch/ogpsearch/search"
)

// hostileSearcher holds one commitment whose addresses are no web
// addresses: the indexer rejects such records, but the page must not link
// to them even when one gets through.
type hostileSearcher struct{}

func hostilePages() []ogp.Commitment {
	tr := map[string]string{"en": "javascript:alert(1)", "fr": "data:text/html,x", "es": "JavaScript:alert(2)"}
	return []ogp.Commitment{
		{ID: "XX0001", Lang: "en", Title: "Hostile addresses", URL: "javascript:alert(1)", Translations: tr, Member: "france",
			Description: "Shown all the same."},
		{ID: "XX0001", Lang: "fr", Title: "Adresses hostiles", URL: "data:text/html,x", Translations: tr, Member: "france"},
	}
}

func (hostileSearcher) Search(_ context.Context, req ogp.SearchRequest) (ogp.SearchResult, error) {
	return ogp.SearchResult{Query: req.Query, Total: 1, Page: 1, Size: 10, Hits: []ogp.Hit{
		{ID: "XX0001", Lang: "en", Title: "Hostile addresses", Member: "france", URL: "javascript:alert(1)", Languages: []string{"en", "fr"}},
	}}, nil
}

func (hostileSearcher) History(_ context.Context, id string) ([]ogp.Commitment, []search.Change, error) {
	if id != "XX0001" {
		return nil, nil, ogp.Errorf(ogp.ENotFound, "no commitment %s", id)
	}
	return hostilePages(), nil, nil
}

// badHrefs lists the links of doc that are neither the page's own
// (a path, a query, a fragment) nor http(s) addresses; #ZgotmplZ, what
// html/template puts in place of an unsafe address, is a bad one too.
func badHrefs(doc *goquery.Document) []string {
	var bad []string
	doc.Find("[href]").Each(func(_ int, s *goquery.Selection) {
		href := s.AttrOr("href", "")
		own := (strings.HasPrefix(href, "/") && !strings.HasPrefix(href, "//")) || strings.HasPrefix(href, "?") ||
			strings.HasPrefix(href, "#") && href != "#ZgotmplZ"
		if !own && !ogp.IsWebURL(href) {
			bad = append(bad, href)
		}
	})
	return bad
}

// The page links only to http(s) addresses from the data: a record's
// javascript: or data: address is no link at all, and the commitment is
// still shown.
func TestPageLinksOnlyWebAddresses(t *testing.T) {
	h := Handler(hostileSearcher{}, parse, discard())
	for _, target := range []string{"/commitments/XX0001?lang=en", "/commitments/XX0001?lang=fr", "/?q=hostile&lang=en"} {
		resp, doc := get(t, h, target)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: status %d", target, resp.StatusCode)
		}
		if bad := badHrefs(doc); len(bad) > 0 {
			t.Errorf("%s links to %q", target, bad)
		}
	}
	_, doc := get(t, h, "/commitments/XX0001?lang=en")
	if h1 := doc.Find("#detail h1").Text(); h1 != "Hostile addresses" || doc.Find("#detail section p").Text() != "Shown all the same." {
		t.Errorf("the commitment must still be shown: title %q", h1)
	}
	if n := doc.Find("#detail a.source").Length(); n != 0 {
		t.Errorf("%d source links to a javascript: address", n)
	}
	if href := doc.Find(`#detail .others a[hreflang=fr]`).AttrOr("href", ""); href != "/commitments/XX0001?lang=fr" {
		t.Errorf("other language link %q", href)
	}
	_, doc = get(t, h, "/?q=hostile&lang=en")
	if href := doc.Find(".hit h2 a").AttrOr("href", ""); href != "/commitments/XX0001?lang=en" {
		t.Errorf("result link %q", href)
	}
	// A web address is still a link.
	_, doc = get(t, Handler(&fakeSearcher{}, parse, discard()), "/commitments/KR0018?lang=en")
	if href := doc.Find("#detail a.source").AttrOr("href", ""); href != "https://example.org/KR0018/" {
		t.Errorf("source link %q", href)
	}
}
