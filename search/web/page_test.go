package web

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
	"github.com/ogpsearch/ogpsearch/search"
)

// fakeSearcher answers every query with two hits and a facet.
type fakeSearcher struct{ got ogp.SearchRequest }

func (f *fakeSearcher) Search(_ context.Context, req ogp.SearchRequest) (ogp.SearchResult, error) {
	f.got = req
	return ogp.SearchResult{Query: req.Query, Total: 2, Hits: []ogp.Hit{
		{ID: "KR0018", Lang: "fr", Title: "Fournir des <services>", Member: "south-korea", Year: 2014,
			Snippets: []string{"des <mark>services</mark> &lt;b&gt;"}, Languages: []string{"en", "fr"}},
		{ID: "FR0001", Lang: "fr", Title: "Budget", Member: "france"},
	}, Facets: map[string][]ogp.Facet{"policy_area": {{Key: "open-data", Label: "Données ouvertes", Count: 2}}}}, nil
}

func (f *fakeSearcher) History(_ context.Context, id string) ([]ogp.Commitment, []search.Change, error) {
	if id != "KR0018" {
		return nil, nil, ogp.Errorf(ogp.ENotFound, "no commitment %s", id)
	}
	return []ogp.Commitment{
		{ID: "KR0018", Lang: "en", Title: "Provide <customised> services", URL: "https://example.org/KR0018/", Member: "south-korea",
			Description: "First paragraph.\n\nSecond paragraph.", Related: []ogp.Related{{ID: "KR0019", Title: "Open information", Year: 2014}}},
		{ID: "KR0018", Lang: "fr", Title: "Fournir des services personnalisés", Member: "south-korea"},
	}, nil, nil
}

func parse(v url.Values) (ogp.SearchRequest, error) {
	size, _ := strconv.Atoi(v.Get("size"))
	if size > 100 {
		return ogp.SearchRequest{}, ogp.Errorf(ogp.EInvalid, "size must be between 1 and 100")
	}
	return ogp.SearchRequest{Query: v.Get("q"), Lang: v.Get("lang"), Filters: map[string][]string{"policy_area": v["policy_area"]}}, nil
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

func discard() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func TestPageRendersResults(t *testing.T) {
	s := &fakeSearcher{}
	h := Handler(s, parse, discard())
	resp, doc := get(t, h, "/?q=services&policy_area=open-data", "Accept-Language", "fr-FR,fr;q=0.9")
	if resp.StatusCode != 200 || s.got.Lang != "fr" || s.got.Query != "services" {
		t.Fatalf("status %d, request %+v", resp.StatusCode, s.got)
	}
	if got := doc.Find(".hit h2").First().Text(); got != "Fournir des <services>" {
		t.Errorf("title %q (must be shown as text)", got)
	}
	if doc.Find(".hit mark").Length() != 1 || doc.Find(".hit p b").Length() != 0 {
		t.Error("snippets: <mark> must be kept and escaped text must stay text")
	}
	box := doc.Find(`form#search input[type=checkbox][name=policy_area][value=open-data]`)
	if box.Length() != 1 || box.AttrOr("checked", "no") == "no" {
		t.Error("the selected facet value must be a ticked checkbox inside the search form")
	}
	if doc.Find("form#search button.apply").Length() != 1 || doc.Find(`form#search input[name=lang][value=fr]`).Length() != 1 {
		t.Error("without script the form needs an apply button and keeps the language")
	}
	chip := doc.Find("#chips a.chip").First()
	if href := chip.AttrOr("href", ""); strings.Contains(href, "policy_area") || !strings.Contains(href, "q=services") ||
		!strings.Contains(chip.Text(), "Données ouvertes") {
		t.Errorf("chip %q → %q must remove the filter and keep the query", chip.Text(), href)
	}
	if doc.Find("html").AttrOr("lang", "") != "fr" || doc.Find("[aria-live]").Text() != "2 engagements" {
		t.Errorf("page language %q or count %q", doc.Find("html").AttrOr("lang", ""), doc.Find("[aria-live]").Text())
	}
	if href := doc.Find(".hit h2 a").First().AttrOr("href", ""); href != "/commitments/KR0018?lang=fr" {
		t.Errorf("result link %q", href)
	}
	if es := doc.Find(`#langs a[hreflang=es]`).AttrOr("href", ""); !strings.Contains(es, "lang=es") || !strings.Contains(es, "q=services") {
		t.Errorf("language link %q must keep the search", es)
	}
	if toggle(url.Values{"policy_area": {"open-data"}, "page": {"3"}}, "policy_area", "open-data") != "?" {
		t.Error("toggling a selected value removes it and resets the page")
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
		t.Errorf("Content-Security-Policy %q", csp)
	}
}

// The script starts from the state the server embeds: the answer, the
// strings of every language and the members' names.
func TestPageEmbedsState(t *testing.T) {
	_, doc := get(t, Handler(&fakeSearcher{}, parse, discard()), "/?q=services&lang=ko")
	var st struct {
		Lang    string                       `json:"lang"`
		Strings map[string]map[string]string `json:"strings"`
		Members map[string]map[string]string `json:"members"`
		Result  *ogp.SearchResult            `json:"result"`
	}
	if err := json.Unmarshal([]byte(doc.Find("script#state").Text()), &st); err != nil {
		t.Fatalf("state: %v", err)
	}
	if st.Lang != "ko" || st.Result == nil || st.Result.Total != 2 || st.Members["ko"]["south-korea"] != "대한민국" {
		t.Errorf("state %+v", st)
	}
	for _, lang := range ogp.Languages() {
		for key := range st.Strings["en"] {
			if st.Strings[lang][key] == "" {
				t.Errorf("string %q has no %s translation", key, lang)
			}
		}
	}
}

func TestPageShowsErrors(t *testing.T) {
	h := Handler(&fakeSearcher{}, parse, discard())
	resp, doc := get(t, h, "/?q=x&size=1000")
	if resp.StatusCode != 400 || !strings.Contains(doc.Find("[role=alert]").Text(), "size must be between") {
		t.Errorf("status %d, error %q", resp.StatusCode, doc.Find("[role=alert]").Text())
	}
	if resp, _ := get(t, h, "/nope"); resp.StatusCode != 404 {
		t.Errorf("/nope: %d", resp.StatusCode)
	}
}

func TestCommitmentPage(t *testing.T) {
	h := Handler(&fakeSearcher{}, parse, discard())
	resp, doc := get(t, h, "/commitments/kr0018?lang=es")
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if h1 := doc.Find("#detail h1"); h1.Text() != "Provide <customised> services" || h1.AttrOr("lang", "") != "en" {
		t.Errorf("title %q in %q: no Spanish page, so the English one", h1.Text(), h1.AttrOr("lang", ""))
	}
	if !strings.Contains(doc.Find("#detail .note").Text(), "Español") {
		t.Errorf("the missing translation must be said: %q", doc.Find("#detail .note").Text())
	}
	if doc.Find("#detail section p").Length() != 2 || doc.Find(".facts dt").First().Text() != "Identificador" {
		t.Error("paragraphs or labels in the reader's language missing")
	}
	if doc.Find(".facts dd").FilterFunction(func(_ int, s *goquery.Selection) bool { return s.Text() == "South Korea" }).Length() != 1 {
		t.Error("the member must be named")
	}
	if href := doc.Find(`#detail .others a[hreflang=fr]`).AttrOr("href", ""); href != "/commitments/KR0018?lang=fr" {
		t.Errorf("other language link %q", href)
	}
	if href := doc.Find("#detail a.source").AttrOr("href", ""); href != "https://example.org/KR0018/" {
		t.Errorf("source link %q", href)
	}
	if href := doc.Find(".related a").AttrOr("href", ""); href != "/commitments/KR0019?lang=es" {
		t.Errorf("related link %q", href)
	}
	resp, doc = get(t, h, "/commitments/XX9999?lang=fr")
	if resp.StatusCode != 404 || !strings.Contains(doc.Find("[role=alert]").Text(), "XX9999") {
		t.Errorf("unknown commitment: status %d, %q", resp.StatusCode, doc.Find("[role=alert]").Text())
	}
}

func TestAssets(t *testing.T) {
	h := Handler(&fakeSearcher{}, parse, discard())
	_, doc := get(t, h, "/")
	src := doc.Find("script[src]").AttrOr("src", "")
	if !strings.HasPrefix(src, "/assets/app.js?v=") {
		t.Fatalf("script %q", src)
	}
	for _, c := range []struct{ target, typ, cache string }{
		{src, "text/javascript", "immutable"},
		{doc.Find("link[rel=stylesheet]").AttrOr("href", ""), "text/css", "immutable"},
		{"/assets/app.js", "text/javascript", "no-cache"},
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, c.target, nil))
		if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), c.typ) ||
			!strings.Contains(rec.Header().Get("Cache-Control"), c.cache) || rec.Body.Len() == 0 {
			t.Errorf("%s: %d %q %q", c.target, rec.Code, rec.Header().Get("Content-Type"), rec.Header().Get("Cache-Control"))
		}
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/assets/nope.js", nil))
	if rec.Code != 404 {
		t.Errorf("unknown asset: %d", rec.Code)
	}
}
