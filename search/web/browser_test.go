package web_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/ogpsearch/ogpsearch/indexer"
	"github.com/ogpsearch/ogpsearch/internal/history"
	"github.com/ogpsearch/ogpsearch/internal/ogp"
	"github.com/ogpsearch/ogpsearch/internal/samplecorpus"
	"github.com/ogpsearch/ogpsearch/search"
	"github.com/ogpsearch/ogpsearch/search/httpapi"
	"github.com/ogpsearch/ogpsearch/search/web"
)

// Browser tests drive headless Chromium over the real server and the
// sample corpus. They skip when no Chromium is installed, unless
// OGPSEARCH_BROWSER_TESTS=require; screenshots of each state go to
// OGPSEARCH_SCREENSHOTS, by default ogpsearch-screenshots in the temporary
// directory.

const waitFor = 10 * time.Second

// site is the server under test, with a log of the searches the page asked
// the API for (their q, and all their parameters) and a switch that makes
// the API unreachable.
type site struct {
	url      string
	down     atomic.Bool
	mu       sync.Mutex
	queries  []string
	requests []url.Values
	// suggest, when set, rewrites the suggestions the API answers.
	suggest atomic.Pointer[func([]ogp.Suggestion) []ogp.Suggestion]
	// slow, when set, delays every search answer by that many nanoseconds.
	slow atomic.Int64
}

func (s *site) searchRequests() []url.Values {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requests)
}

func (s *site) searched() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.queries)
}

func (s *site) forget() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.queries, s.requests = nil, nil
}

// sampleEngine indexes the sample corpus in a temporary directory, with
// changes as its history, and opens an engine on it, with a logger that
// writes nowhere.
func sampleEngine(t *testing.T, changes ...history.Change) (*search.Engine, *slog.Logger) {
	t.Helper()
	dir := t.TempDir()
	corpus := filepath.Join(dir, "commitments.jsonl")
	if err := os.WriteFile(corpus, samplecorpus.JSONL(), 0o644); err != nil {
		t.Fatal(err)
	}
	if len(changes) > 0 {
		var lines []byte
		for _, c := range changes {
			line, err := json.Marshal(c)
			if err != nil {
				t.Fatal(err)
			}
			lines = append(append(lines, line...), '\n')
		}
		if err := os.WriteFile(filepath.Join(dir, history.FileName), lines, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := indexer.Build(context.Background(), corpus, filepath.Join(dir, "index"), indexer.Options{}); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	engine, err := search.OpenEngine(filepath.Join(dir, "index"), log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = engine.Close() })
	return engine, log
}

// startSite indexes the sample corpus, with changes as its history, and
// serves the API and the page.
func startSite(t *testing.T, changes ...history.Change) *site {
	t.Helper()
	engine, log := sampleEngine(t, changes...)
	api := httpapi.New(engine, httpapi.Config{ParseRequest: search.ParseRequest,
		Page: web.Handler(engine, search.ParseRequest, log)}, log)
	s := &site{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/") && s.down.Load() {
			if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
				_ = conn.Close() // the connection drops, as when the server is gone
			}
			return
		}
		if r.URL.Path == "/api/v1/search" {
			if d := time.Duration(s.slow.Load()); d > 0 {
				time.Sleep(d)
			}
			s.mu.Lock()
			s.queries = append(s.queries, r.URL.Query().Get("q"))
			s.requests = append(s.requests, r.URL.Query())
			s.mu.Unlock()
		}
		if f := s.suggest.Load(); f != nil && r.URL.Path == "/api/v1/suggest" {
			rewriteSuggestions(w, r, api, *f)
			return
		}
		api.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	s.url = srv.URL
	return s
}

// rewriteSuggestions answers a suggest request with the API's answer as f
// rewrites it.
func rewriteSuggestions(w http.ResponseWriter, r *http.Request, api http.Handler, f func([]ogp.Suggestion) []ogp.Suggestion) {
	rec := httptest.NewRecorder()
	api.ServeHTTP(rec, r)
	var body map[string]any
	var list struct {
		Suggestions []ogp.Suggestion `json:"suggestions"`
	}
	if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &body) != nil || json.Unmarshal(rec.Body.Bytes(), &list) != nil {
		w.WriteHeader(http.StatusBadGateway)
		return
	}
	body["suggestions"] = f(list.Suggestions)
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(body)
}

// chromium finds the browser, or skips the test when browser tests are
// not required.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome-stable", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("OGPSEARCH_BROWSER_TESTS") == "require" {
		t.Fatal("no Chromium found and OGPSEARCH_BROWSER_TESTS=require: install it (apt-get install chromium, or `make browser`)")
	}
	t.Skip("browser tests skipped: no Chromium found (apt-get install chromium, or `make browser`); set OGPSEARCH_BROWSER_TESTS=require to make this a failure")
	return ""
}

func screenshotDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("OGPSEARCH_SCREENSHOTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "ogpsearch-screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots in %s", dir)
	return dir
}

// tab is one browser tab on the site.
type tab struct {
	ctx   context.Context
	site  *site
	shots string
}

func openBrowser(t *testing.T, exe string) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("lang", "en-US"), chromedp.WindowSize(1280, 860))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 860)); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return ctx
}

func (b *tab) do(t *testing.T, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 2*waitFor)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.shot(t, "failed-"+safeName(t.Name()))
		t.Fatalf("browser: %v", err)
	}
}

func (b *tab) open(t *testing.T, path string) {
	t.Helper()
	b.do(t, chromedp.Navigate(b.site.url+path), chromedp.WaitReady("#state"))
}

// eval returns the value of a JavaScript expression.
func eval[T any](t *testing.T, b *tab, expr string) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, waitFor)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// wait waits until a JavaScript expression is true.
func (b *tab) wait(t *testing.T, expr string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 2*waitFor)
	defer cancel()
	_, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](expr,
		chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(waitFor)))
	if err != nil {
		b.shot(t, "failed-"+safeName(t.Name()))
		ctx, cancel := context.WithTimeout(b.ctx, waitFor)
		defer cancel()
		page, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href + "\n" + document.body.innerText.slice(0, 600)`))
		t.Fatalf("waiting for %s: %v\npage: %s", expr, err, page)
	}
}

// shot writes a screenshot of the viewport as NAME.png.
func (b *tab) shot(t *testing.T, name string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, waitFor)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err == nil {
		err = os.WriteFile(filepath.Join(b.shots, name+".png"), png, 0o644)
	}
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
	}
}

func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '/' || r == ' ' {
			return '-'
		}
		return r
	}, s)
}

// compose plays an input method: the text being composed, then committed.
func compose(steps ...string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for _, s := range steps {
			var err error
			if text, ok := strings.CutPrefix(s, "commit:"); ok {
				_, err = cdp.Call(ctx, t, input.InsertText, input.InsertTextParams{Text: text})
			} else {
				n := int64(len([]rune(s)))
				_, err = cdp.Call(ctx, t, input.ImeSetComposition, input.ImeSetCompositionParams{Text: s, SelectionStart: n, SelectionEnd: n})
			}
			if err != nil {
				return err
			}
			time.Sleep(140 * time.Millisecond) // longer than the page's debounce
		}
		return nil
	})
}

const (
	hitTitles = `[...document.querySelectorAll("#hits h2")].map(e => e.textContent).join("\n")`
	countText = `document.querySelector("#count").textContent`
	qParam    = `new URLSearchParams(location.search).get("q")`
)

func TestBrowser(t *testing.T) {
	exe := chromium(t)
	start := time.Now()
	b := &tab{site: startSite(t), shots: screenshotDir(t)}
	b.ctx = openBrowser(t, exe)

	t.Run("french query", func(t *testing.T) {
		b.open(t, "/?lang=fr")
		b.do(t, chromedp.Focus("#q"), chromedp.SendKeys("#q", "transparence"))
		b.wait(t, qParam+` === "transparence" && document.querySelector("#hits mark") !== null`)
		titles := eval[string](t, b, hitTitles)
		if !strings.Contains(strings.ToLower(titles), "transparence") {
			t.Errorf("French results should show French titles about transparence; got\n%s", titles)
		}
		if c := eval[string](t, b, countText); !strings.Contains(c, "engagements") {
			t.Errorf("count %q should be in French", c)
		}
		if live := eval[string](t, b, `document.querySelector("#count").getAttribute("aria-live")`); live != "polite" {
			t.Errorf("the count is not a live region (aria-live=%q)", live)
		}
		b.shot(t, "01-french-query")
		b.checkAxe(t, "01-french-query")
	})

	t.Run("korean query composed with an input method", func(t *testing.T) {
		b.open(t, "/?lang=ko")
		b.site.forget()
		b.do(t, chromedp.Focus("#q"), compose("ㄱ", "고", "공", "commit:공", "ㄱ", "고", "공", "commit:공"))
		b.wait(t, qParam+` === "공공" && document.querySelectorAll("#hits .hit").length > 0`)
		for _, q := range b.site.searched() {
			if strings.ContainsAny(q, "ㄱ") || q == "고" || q == "공고" {
				t.Errorf("searched %q in the middle of a composition (all: %q)", q, b.site.searched())
			}
		}
		if titles := eval[string](t, b, hitTitles); !strings.Contains(titles, "공공") {
			t.Errorf("Korean results should show titles with 공공; got\n%s", titles)
		}
		b.shot(t, "02-korean-query")
		b.checkAxe(t, "02-korean-query")
	})

	t.Run("suggestions by keyboard", func(t *testing.T) {
		b.open(t, "/?lang=en")
		b.do(t, chromedp.Focus("#q"), chromedp.SendKeys("#q", "open"))
		b.wait(t, `!document.querySelector("#suggest").hidden && document.querySelectorAll("#suggest [role=option]").length > 0`)
		b.do(t, chromedp.KeyEvent(kb.ArrowDown))
		b.wait(t, `document.querySelector("#q").getAttribute("aria-activedescendant") === "sug-0" &&
			document.querySelector("#sug-0").getAttribute("aria-selected") === "true"`)
		b.shot(t, "03-suggestions")
		b.checkAxe(t, "03-suggestions")
		b.do(t, chromedp.KeyEvent(kb.Enter))
		b.wait(t, `location.pathname.startsWith("/commitments/") || /policy_area=|member=|status=/.test(location.search) ||
			(`+qParam+` || "").length > 4`)
	})

	var before string
	t.Run("facet", func(t *testing.T) {
		b.open(t, "/?lang=en&q=data")
		b.wait(t, `document.querySelectorAll("#hits .hit").length > 0 && document.querySelector("#facets input[name=member][value=south-korea]")`)
		before = eval[string](t, b, countText)
		statusBefore := eval[string](t, b, `document.querySelector("[data-name=status]").innerText`)
		b.do(t, chromedp.Click(`#facets input[name=member][value=south-korea]`))
		b.wait(t, `location.search.includes("member=south-korea") && document.querySelector("#count").textContent !== `+jsString(before)+
			` && document.querySelector("#facets input[name=member][value=south-korea]").checked`)
		if s := eval[string](t, b, `document.querySelector("[data-name=status]").innerText`); s == statusBefore {
			t.Errorf("status counts did not change with the member filter: %q", s)
		}
		if chip := eval[string](t, b, `document.querySelector("#chips").innerText`); !strings.Contains(chip, "South Korea") {
			t.Errorf("no chip for the filter: %q", chip)
		}
		b.shot(t, "04-facet-checked")
		b.checkAxe(t, "04-facet-checked")
	})

	t.Run("back and forward", func(t *testing.T) {
		b.do(t, chromedp.Evaluate[chromedp.Void](`history.back()`))
		b.wait(t, `!location.search.includes("member=") && document.querySelector("#count").textContent === `+jsString(before)+
			` && !document.querySelector("#facets input[name=member][value=south-korea]").checked && document.querySelector("#chips").innerText === ""`)
		b.shot(t, "05-back")
		b.checkAxe(t, "05-back")
		b.do(t, chromedp.Evaluate[chromedp.Void](`history.forward()`))
		b.wait(t, `location.search.includes("member=south-korea") && document.querySelector("#facets input[name=member][value=south-korea]").checked`)
	})

	t.Run("switch language", func(t *testing.T) {
		b.do(t, chromedp.Click(`#langs a[data-lang=es]`))
		b.wait(t, `document.documentElement.lang === "es" && location.search.includes("lang=es") &&
			document.querySelector("#count").textContent.includes("compromiso") && document.querySelector("label[for=q]").textContent === "Buscar compromisos"`)
		if n := eval[int](t, b, `document.querySelectorAll("#hits a[lang=es]").length`); n == 0 {
			t.Error("no result shown in Spanish")
		}
		b.shot(t, "06-spanish")
		b.checkAxe(t, "06-spanish")
	})

	t.Run("open a commitment", func(t *testing.T) {
		b.wait(t, `document.querySelectorAll("#hits h2 a").length > 0`)
		id := eval[string](t, b, `document.querySelector("#hits h2 a").dataset.id`)
		title := eval[string](t, b, `document.querySelector("#hits h2 a").textContent`)
		b.do(t, chromedp.Click(`#hits h2 a`))
		b.wait(t, `!document.querySelector("#detail").hidden && location.pathname === "/commitments/`+id+`" && document.querySelector("#detail h1")`)
		if h1 := eval[string](t, b, `document.querySelector("#detail h1").textContent`); h1 != title {
			t.Errorf("commitment title %q, the result said %q", h1, title)
		}
		if n := eval[int](t, b, `document.querySelectorAll("#detail .facts dt").length`); n < 6 {
			t.Errorf("only %d fields shown", n)
		}
		if src := eval[string](t, b, `document.querySelector("#detail a.source").href`); !strings.HasPrefix(src, "https://sample.ogpsearch.example/") {
			t.Errorf("source link %q", src)
		}
		b.shot(t, "07-commitment")
		b.checkAxe(t, "07-commitment")
		b.do(t, chromedp.Click(`#detail .others a[data-lang=en]`))
		b.wait(t, `document.documentElement.lang === "en" && location.search === "?lang=en" && document.querySelector("#detail h1").lang === "en"`)
		b.do(t, chromedp.Click(`#back`))
		b.wait(t, `location.pathname === "/" && !document.querySelector("#layout").hidden && document.querySelectorAll("#hits .hit").length > 0`)

		b.open(t, "/commitments/KR0044?lang=ko")
		b.wait(t, `document.querySelector("#detail h1").textContent === "공공데이터 개방" && document.querySelector("#detail .others a[hreflang=fr]")`)
	})

	t.Run("browser language", func(t *testing.T) {
		ctx, cancel := chromedp.NewContext(b.ctx)
		defer cancel()
		ko := &tab{ctx: ctx, site: b.site, shots: b.shots}
		// The tab's first action runs without a deadline: a deadline on it
		// would close the tab when it passes.
		err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{
				UserAgent: "Mozilla/5.0 (X11; Linux x86_64) ogpsearch-test", AcceptLanguage: "ko-KR,ko"})
			return err
		}), chromedp.EmulateViewport(1280, 860))
		if err != nil {
			t.Fatal(err)
		}
		ko.open(t, "/")
		ko.wait(t, `document.documentElement.lang === "ko" && document.querySelector("label[for=q]").textContent === "약속 검색" && location.search === "?lang=ko"`)
	})

	t.Run("empty and error states", func(t *testing.T) {
		b.open(t, "/?lang=en&q=qqzzxxvv&member=kenya")
		b.wait(t, `document.querySelector("#message .empty") && document.querySelector("#message").innerText.includes("Try removing a filter")`)
		b.shot(t, "08-no-results")
		b.checkAxe(t, "08-no-results")
		b.site.down.Store(true)
		b.do(t, chromedp.Click(`#message .empty .chip`))
		b.wait(t, `document.querySelector("#message [role=alert]") && document.querySelector("#message").innerText.includes("not answering")`)
		b.shot(t, "09-api-down")
		b.checkAxe(t, "09-api-down")
		b.site.down.Store(false)
		b.do(t, chromedp.Click(`#message .retry`))
		b.wait(t, `document.querySelector("#message [role=alert]") === null && document.querySelector("#count").textContent !== ""`)
	})

	t.Run("phone width", func(t *testing.T) {
		b.do(t, chromedp.EmulateViewport(375, 812, chromedp.EmulateMobile))
		defer b.do(t, chromedp.EmulateViewport(1280, 860))
		for _, path := range []string{"/?lang=fr&q=transparence&policy_area=budget-transparency", "/commitments/KR0044?lang=ko", "/?lang=es&q=datos"} {
			b.open(t, path)
			b.wait(t, `document.querySelector("#hits .hit, #detail h1")`)
			if w := eval[[]int](t, b, `[document.documentElement.scrollWidth, document.documentElement.clientWidth]`); w[0] > w[1] {
				t.Errorf("%s scrolls sideways at 375px: content %dpx wide", path, w[0])
			}
		}
		b.open(t, "/?lang=fr&q=transparence&policy_area=budget-transparency")
		b.wait(t, `document.querySelector("#hits mark")`)
		b.shot(t, "10-phone")
		b.checkAxe(t, "10-phone")
	})

	t.Run("readme screenshot", func(t *testing.T) {
		b.open(t, "/?lang=en&q=open+data&status=active")
		b.wait(t, `document.querySelector("#hits mark") && document.querySelector("#facets .histogram")`)
		b.shot(t, "screenshot")
	})
	t.Logf("browser tests took %v", time.Since(start).Round(time.Millisecond))
}

// jsString quotes s as a JavaScript string.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
