package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
	"github.com/ogpsearch/ogpsearch/search"
	"github.com/ogpsearch/ogpsearch/search/httpapi"
	"github.com/ogpsearch/ogpsearch/search/web"
)

// hostileEngine stands in for the engine behind the real API and page: its
// one commitment, XX0001, has addresses that are no web addresses. The
// indexer rejects such records, so they are made up here, where the index
// would answer.
type hostileEngine struct{}

const hostileID = "XX0001"

func (hostileEngine) Search(_ context.Context, req ogp.SearchRequest) (ogp.SearchResult, error) {
	return ogp.SearchResult{Query: req.Query, Total: 1, Page: 1, Size: 10, Hits: []ogp.Hit{{
		ID: hostileID, Lang: "en", Title: "Hostile addresses", Member: "france", Year: 2020,
		URL: "javascript:alert(1)", Languages: []string{"en", "fr"}}}}, nil
}

func (hostileEngine) Suggest(context.Context, string, string, int) ([]ogp.Suggestion, error) {
	return nil, nil
}

func (hostileEngine) Commitment(_ context.Context, id string) ([]ogp.Commitment, error) {
	if id != hostileID {
		return nil, ogp.Errorf(ogp.ENotFound, "no commitment %s", id)
	}
	tr := map[string]string{"en": "javascript:alert(1)", "fr": "data:text/html,x"}
	return []ogp.Commitment{
		{ID: hostileID, Lang: "en", Title: "Hostile addresses", URL: "javascript:alert(1)", Translations: tr,
			Member: "france", Year: 2020, Description: "Shown all the same."},
		{ID: hostileID, Lang: "fr", Title: "Adresses hostiles", URL: "data:text/html,x", Translations: tr,
			Member: "france", Year: 2020, Description: "Montré quand même."},
	}, nil
}

func (e hostileEngine) History(ctx context.Context, id string) ([]ogp.Commitment, []search.Change, error) {
	pages, err := e.Commitment(ctx, id)
	return pages, nil, err
}

func (hostileEngine) Ready(context.Context) error { return nil }

func (hostileEngine) Stats() (uint64, string) { return 1, "hostile" }

// noBadLink is true when every link of the page goes to an http(s) address
// (the page's own links resolve to its origin) and none is javascript: or
// data:.
const noBadLink = `[...document.querySelectorAll("[href]")].every(a => {
	const href = a.getAttribute("href");
	return !/^\s*(javascript|data):/i.test(href) && !href.includes("ZgotmplZ") &&
		["http:", "https:"].includes(new URL(href, location.href).protocol);
})`

// The script links only to http(s) addresses from the API's answers: a
// commitment whose url is javascript: (or data:) is shown without its
// source link, whether the page starts from the state the server embedded
// or fetches the commitment from the API.
func TestBrowserLinksOnlyWebAddresses(t *testing.T) {
	exe := chromium(t)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	api := httpapi.New(hostileEngine{}, httpapi.Config{ParseRequest: search.ParseRequest,
		Page: web.Handler(hostileEngine{}, search.ParseRequest, log)}, log)
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	b := &tab{site: &site{url: srv.URL}, shots: screenshotDir(t)}
	b.ctx = openBrowser(t, exe)

	shown := func(t *testing.T, title string) {
		t.Helper()
		b.wait(t, `!document.querySelector("#detail").hidden && document.querySelector("#detail h1")?.textContent === `+jsString(title)+
			` && document.querySelectorAll("#detail .facts dt").length > 0`)
		if n := eval[int](t, b, `document.querySelectorAll('a[href^="javascript:" i], a[href^="data:" i]').length`); n != 0 {
			t.Errorf("%d links to javascript: or data: addresses", n)
		}
		if n := eval[int](t, b, `document.querySelectorAll("#detail a.source").length`); n != 0 {
			t.Errorf("%d source links, want none: %s", n, eval[string](t, b, `document.querySelector("#detail .links").innerHTML`))
		}
		if !eval[bool](t, b, noBadLink) {
			t.Errorf("a link to no web address: %s", eval[string](t, b,
				`[...document.querySelectorAll("[href]")].map(a => a.getAttribute("href")).join(" ")`))
		}
	}

	t.Run("from the embedded state", func(t *testing.T) {
		b.open(t, "/commitments/"+hostileID+"?lang=en")
		shown(t, "Hostile addresses")
		if p := eval[string](t, b, `document.querySelector("#detail section p").textContent`); p != "Shown all the same." {
			t.Errorf("description %q", p)
		}
		b.shot(t, "links-embedded")
	})

	t.Run("from the API", func(t *testing.T) {
		b.open(t, "/?lang=en&q=hostile")
		b.wait(t, `document.querySelector("#hits h2 a[data-id=`+hostileID+`]")`)
		b.do(t, chromedp.Click(`#hits h2 a`))
		shown(t, "Hostile addresses")
		b.do(t, chromedp.Click(`#detail .others a[data-lang=fr]`))
		b.wait(t, `document.documentElement.lang === "fr"`)
		shown(t, "Adresses hostiles")
		if !strings.HasPrefix(eval[string](t, b, `location.pathname`), "/commitments/"+hostileID) {
			t.Errorf("left the commitment: %s", eval[string](t, b, `location.href`))
		}
		b.shot(t, "links-api")
	})
}
