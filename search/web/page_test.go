package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/ogpsearch/ogpsearch/internal"
)

// fakeSearcher answers every query with two hits and a facet.
type fakeSearcher struct{ got internal.SearchRequest }

func (f *fakeSearcher) Search(_ context.Context, req internal.SearchRequest) (internal.SearchResult, error) {
	f.got = req
	return internal.SearchResult{Query: req.Query, Total: 2, Hits: []internal.Hit{
		{ID: "KR0018", Lang: "fr", Title: "Fournir des <services>", Member: "south-korea", Year: 2014,
			Snippets: []string{"des <mark>services</mark> &lt;b&gt;"}, Languages: []string{"en", "fr"}},
		{ID: "FR0001", Lang: "fr", Title: "Budget", Member: "france"},
	}, Facets: map[string][]internal.Facet{"policy_area": {{Key: "open-data", Label: "Données ouvertes", Count: 2}}}}, nil
}

func parse(v url.Values) (internal.SearchRequest, error) {
	size, _ := strconv.Atoi(v.Get("size"))
	if size > 100 {
		return internal.SearchRequest{}, internal.Errorf(internal.EInvalid, "size must be between 1 and 100")
	}
	return internal.SearchRequest{Query: v.Get("q"), Lang: v.Get("lang"), Filters: map[string][]string{"policy_area": v["policy_area"]}}, nil
}

func get(t *testing.T, h http.Handler, target string, header ...string) (*http.Response, *goquery.Document) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	doc, err := goquery.NewDocumentFromReader(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	return rec.Result(), doc
}

func TestPageRendersResults(t *testing.T) {
	s := &fakeSearcher{}
	h := Handler(s, parse, slog.New(slog.NewTextHandler(io.Discard, nil)))
	resp, doc := get(t, h, "/?q=services", "Accept-Language", "fr-FR,fr;q=0.9")
	if resp.StatusCode != 200 || s.got.Lang != "fr" || s.got.Query != "services" {
		t.Fatalf("status %d, request %+v", resp.StatusCode, s.got)
	}
	if got := doc.Find(".hit h3").First().Text(); got != "Fournir des <services>" {
		t.Errorf("title %q (must be shown as text)", got)
	}
	if doc.Find(".hit mark").Length() != 1 || doc.Find(".hit p b").Length() != 0 {
		t.Error("snippets: <mark> must be kept and escaped text must stay text")
	}
	link, _ := doc.Find("aside a").First().Attr("href")
	if !strings.Contains(link, "policy_area=open-data") || !strings.Contains(link, "q=services") {
		t.Errorf("facet link %q must add the filter and keep the query", link)
	}
	if doc.Find("html").AttrOr("lang", "") != "fr" || !strings.Contains(doc.Find("[aria-live]").Text(), "2 commitments") {
		t.Error("page language or count missing")
	}
	if toggle(url.Values{"policy_area": {"open-data"}, "page": {"3"}}, "policy_area", "open-data") != "?" {
		t.Error("toggling a selected value removes it and resets the page")
	}
}

func TestPageShowsErrors(t *testing.T) {
	h := Handler(&fakeSearcher{}, parse, slog.New(slog.NewTextHandler(io.Discard, nil)))
	resp, doc := get(t, h, "/?q=x&size=1000")
	if resp.StatusCode != 400 || !strings.Contains(doc.Find("[role=alert]").Text(), "size must be between") {
		t.Errorf("status %d, error %q", resp.StatusCode, doc.Find("[role=alert]").Text())
	}
	if resp, _ := get(t, h, "/nope"); resp.StatusCode != 404 {
		t.Errorf("/nope: %d", resp.StatusCode)
	}
}
