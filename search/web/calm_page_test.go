package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
	"github.com/ogpsearch/ogpsearch/search"
)

// answerSearcher gives one fixed answer to every search, and one
// commitment with its changes.
type answerSearcher struct {
	res     ogp.SearchResult
	c       []ogp.Commitment
	changes []search.Change
}

func (a answerSearcher) Search(_ context.Context, req ogp.SearchRequest) (ogp.SearchResult, error) {
	res := a.res
	res.Query = req.Query
	return res, nil
}

func (a answerSearcher) History(_ context.Context, id string) ([]ogp.Commitment, []search.Change, error) {
	if len(a.c) == 0 || a.c[0].ID != id {
		return nil, nil, ogp.Errorf(ogp.ENotFound, "no commitment %s", id)
	}
	return a.c, a.changes, nil
}

// parseAll reads the filters and years as the API does, for the views
// that show them.
func parseAll(v url.Values) (ogp.SearchRequest, error) {
	req := ogp.SearchRequest{Query: v.Get("q"), Lang: v.Get("lang"), Filters: map[string][]string{}}
	for _, name := range ogp.FilterNames() {
		if len(v[name]) > 0 {
			req.Filters[name] = v[name]
		}
	}
	for name, dst := range map[string]*int{"year_from": &req.YearFrom, "year_to": &req.YearTo} {
		for _, c := range v.Get(name) {
			*dst = *dst*10 + int(c-'0')
		}
	}
	return req, nil
}

// The form without script sends its empty fields (year_from=&year_to=):
// the page answers with the same search at its clean address, and no link
// of the page carries an empty parameter.
func TestSearchWithoutEmptyParams(t *testing.T) {
	h := Handler(&fakeSearcher{}, parse, discard())
	for target, want := range map[string]string{
		"/?q=data&lang=en&year_from=&year_to=&sort=relevance": "/?lang=en&q=data&sort=relevance",
		"/?q=&lang=fr&policy_area=&policy_area=open-data":     "/?lang=fr&policy_area=open-data",
		"/?q=++&lang=es":  "/?lang=es",
		"/?q=&year_from=": "/",
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
		if loc := rec.Header().Get("Location"); rec.Code != http.StatusSeeOther || loc != want {
			t.Errorf("%s: %d → %q, want %d → %q", target, rec.Code, loc, http.StatusSeeOther, want)
		}
	}
	resp, doc := get(t, h, "/?q=data&lang=en&policy_area=open-data")
	if resp.StatusCode != 200 {
		t.Fatalf("a clean address: status %d", resp.StatusCode)
	}
	doc.Find("[href]").Each(func(_ int, a *goquery.Selection) {
		href := a.AttrOr("href", "")
		u, err := url.Parse(href)
		if err != nil {
			t.Errorf("link %q: %v", href, err)
			return
		}
		for k, vs := range u.Query() {
			for _, v := range vs {
				if v == "" {
					t.Errorf("link %q has the empty parameter %s", href, k)
				}
			}
		}
	})
}

// A field whose value only says there is none ("NA", "N/A", "n/a") shows
// nothing on the commitment page.
func TestCommitmentHidesNA(t *testing.T) {
	h := Handler(answerSearcher{c: []ogp.Commitment{{
		ID: "FR0001", Lang: "en", Title: "Budget", Member: "france", LeadInstitution: "Ministry of Finance",
		SupportInstitutions: "NA", ActionPlan: " n/a ", IRMReport: "N/A",
		OtherFields: map[string]string{"Contact": "na", "Theme": "Budgets"},
	}}}, parse, discard())
	resp, doc := get(t, h, "/commitments/FR0001?lang=en")
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	doc.Find(".facts dd").Each(func(_ int, dd *goquery.Selection) {
		if v := strings.ToLower(strings.TrimSpace(dd.Text())); v == "na" || v == "n/a" {
			t.Errorf("%s shows %q", dd.Prev().Text(), dd.Text())
		}
	})
	facts := doc.Find(".facts").Text()
	for _, label := range []string{"Supporting institutions", "Action plan", "IRM report", "Contact"} {
		if strings.Contains(facts, label) {
			t.Errorf("%s is listed with no value: %q", label, facts)
		}
	}
	if !strings.Contains(facts, "Ministry of Finance") || !strings.Contains(facts, "Budgets") {
		t.Errorf("the fields with values must stay: %q", facts)
	}
}

// Statuses and the other assessments are capitalised as the rest of the
// labels, in every language: on hits, in the facets, on chips and on the
// commitment page.
func TestStatusLabelsCapitalised(t *testing.T) {
	labels := map[string]string{"en": "inactive", "fr": "inactif", "es": "inactivo", "ko": "비활성"}
	want := map[string]string{"en": "Inactive", "fr": "Inactif", "es": "Inactivo", "ko": "비활성"}
	for lang, label := range labels {
		s := answerSearcher{res: ogp.SearchResult{Total: 1, Page: 1, Size: 10,
			Hits: []ogp.Hit{{ID: "FR0001", Lang: lang, Title: "Budget", Member: "france", Status: ogp.Term{Key: "inactive", Label: label}}},
			Facets: map[string][]ogp.Facet{
				"status":  {{Key: "inactive", Label: label, Count: 1}},
				"starred": {{Key: "no", Label: map[string]string{"en": "no", "fr": "non", "es": "no", "ko": "아니요"}[lang], Count: 1}},
			}},
			c: []ogp.Commitment{{ID: "FR0001", Lang: lang, Title: "Budget", Member: "france",
				Status: ogp.Term{Key: "inactive", Label: label}, Completion: ogp.Term{Key: "limited", Label: strings.ToLower(label)}}}}
		h := Handler(s, parseAll, discard())
		_, doc := get(t, h, "/?lang="+lang+"&status=inactive")
		if got := doc.Find(`.facet[data-name=status] .label`).Text(); got != want[lang] {
			t.Errorf("%s: status facet %q, want %q", lang, got, want[lang])
		}
		if got := doc.Find(`.hit .meta span[lang]`).Text(); got != want[lang] {
			t.Errorf("%s: status on the hit %q, want %q", lang, got, want[lang])
		}
		if got := doc.Find(`#chips a.chip`).First().Text(); !strings.Contains(got, want[lang]) {
			t.Errorf("%s: chip %q, want the label %q", lang, got, want[lang])
		}
		if lang != "ko" {
			if got := doc.Find(`.facet[data-name=starred] .label`).Text(); got == "" || got[:1] != strings.ToUpper(got[:1]) {
				t.Errorf("%s: starred facet %q must start with a capital", lang, got)
			}
		}
		_, doc = get(t, h, "/commitments/FR0001?lang="+lang)
		found := false
		doc.Find(".facts dd").Each(func(_ int, dd *goquery.Selection) { found = found || dd.Text() == want[lang] })
		if !found {
			t.Errorf("%s: commitment page facts %q, want the status %q", lang, doc.Find(".facts").Text(), want[lang])
		}
	}
}

// The year histogram's bars say their year and count, as a tooltip and to
// screen readers.
func TestYearBarsLabelled(t *testing.T) {
	s := answerSearcher{res: ogp.SearchResult{Total: 6, Page: 1, Size: 10, Hits: []ogp.Hit{{ID: "FR0001", Lang: "en", Title: "Budget"}},
		Facets: map[string][]ogp.Facet{"year": {{Key: "2014", Count: 5}, {Key: "2016", Count: 1}}}}}
	h := Handler(s, parseAll, discard())
	for lang, want := range map[string][]string{
		"en": {"2014: 5 commitments", "2015: 0 commitments", "2016: 1 commitment"},
		"fr": {"2014 : 5 engagements", "2015 : 0 engagement", "2016 : 1 engagement"},
		"es": {"2014: 5 compromisos", "2015: 0 compromisos", "2016: 1 compromiso"},
		"ko": {"2014년: 약속 5건", "2015년: 약속 0건", "2016년: 약속 1건"},
	} {
		_, doc := get(t, h, "/?lang="+lang)
		bars := doc.Find(".histogram .bar")
		if bars.Length() != len(want) {
			t.Fatalf("%s: %d bars, want %d", lang, bars.Length(), len(want))
		}
		bars.Each(func(i int, bar *goquery.Selection) {
			if title, label := bar.AttrOr("title", ""), bar.AttrOr("aria-label", ""); title != want[i] || label != want[i] {
				t.Errorf("%s: bar %d title %q, aria-label %q, want %q", lang, i, title, label, want[i])
			}
		})
	}
}

// A search with no match keeps the filter column with every chosen filter,
// the year range included, so that each can be removed there.
func TestZeroResultsKeepFilters(t *testing.T) {
	h := Handler(answerSearcher{res: ogp.SearchResult{Total: 0, Page: 1, Size: 10}}, parseAll, discard())
	resp, doc := get(t, h, "/?lang=en&q=qqzzxxvv&status=active&member=south-korea&year_from=2014&year_to=2016")
	if resp.StatusCode != 200 || doc.Find("#message .empty").Length() != 1 {
		t.Fatalf("status %d, empty state %q", resp.StatusCode, doc.Find("#message").Text())
	}
	for _, c := range []struct{ name, key, label string }{{"status", "active", "Active"}, {"member", "south-korea", "South Korea"}} {
		box := doc.Find(`#filters #facets input[type=checkbox][name=` + c.name + `][value=` + c.key + `]`)
		if box.Length() != 1 || box.AttrOr("checked", "no") == "no" {
			t.Errorf("%s=%s: no ticked checkbox in the filter column", c.name, c.key)
		}
		if got := box.Parent().Find(".label").Text(); got != c.label {
			t.Errorf("%s=%s labelled %q, want %q", c.name, c.key, got, c.label)
		}
	}
	for name, want := range map[string]string{"year_from": "2014", "year_to": "2016"} {
		if got := doc.Find(`#facets .years select[name=` + name + `] option[selected]`).Text(); got != want {
			t.Errorf("the year range must stay in the filter column: %s selected %q, want %q", name, got, want)
		}
	}
	if doc.Find("#filters button.apply").Length() != 1 {
		t.Error("the apply button must stay")
	}
}

// The page has an icon, an SVG among its assets, allowed by its security
// policy.
func TestFavicon(t *testing.T) {
	h := Handler(&fakeSearcher{}, parse, discard())
	for _, path := range []string{"/?lang=en", "/commitments/KR0018?lang=en"} {
		resp, doc := get(t, h, path)
		icon := doc.Find(`head link[rel=icon]`)
		href := icon.AttrOr("href", "")
		if !strings.HasPrefix(href, "/assets/favicon.svg?v=") || icon.AttrOr("type", "") != "image/svg+xml" {
			t.Fatalf("%s: icon link %q type %q", path, href, icon.AttrOr("type", ""))
		}
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "img-src 'self'") {
			t.Errorf("%s: the policy %q must allow the page's own images", path, csp)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, href, nil))
		if rec.Code != 200 || rec.Header().Get("Content-Type") != "image/svg+xml" || !strings.HasPrefix(rec.Body.String(), "<svg") ||
			!strings.Contains(rec.Header().Get("Cache-Control"), "immutable") {
			t.Errorf("%s: %d %q %q %.20q", href, rec.Code, rec.Header().Get("Content-Type"), rec.Header().Get("Cache-Control"), rec.Body.String())
		}
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/favicon.ico", nil))
	if loc := rec.Header().Get("Location"); rec.Code != http.StatusMovedPermanently || !strings.HasPrefix(loc, "/assets/favicon.svg") {
		t.Errorf("/favicon.ico: %d → %q", rec.Code, loc)
	}
}
