package web_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// The page stays calm while the reader types: the result list and the
// filter column never blank out between keys, "nothing matches" waits for
// the reader to stop typing, the suggestion list gives way to the results,
// and every view passes axe-core.

// watchPage installs in the page a recorder of every state the result
// list, the filter column and the message go through, from now on: a
// MutationObserver takes a snapshot after each change.
const watchPage = `(() => {
	const m = window.__calm = { states: 0, blank: [], noFacets: [], empty: [], firstEmptyAt: 0, lastInputAt: 0 };
	document.querySelector("#q").addEventListener("input", () => { m.lastInputAt = performance.now(); });
	const snap = () => {
		const hits = document.querySelectorAll("#hits .hit").length;
		const filters = document.querySelector("#filters");
		const facets = document.querySelectorAll("#facets fieldset").length;
		const shown = !document.querySelector("#layout").hidden && !filters.hidden && filters.getBoundingClientRect().height > 0 && facets > 0;
		const empty = document.querySelector("#message .empty") !== null;
		const what = JSON.stringify(document.querySelector("#q").value) + " count " + JSON.stringify(document.querySelector("#count").textContent);
		m.states++;
		if (!hits) m.blank.push(what);
		if (!shown) m.noFacets.push(what);
		if (empty) { m.empty.push(what); m.firstEmptyAt = m.firstEmptyAt || performance.now(); }
	};
	m.observer = new MutationObserver(snap);
	m.observer.observe(document.querySelector("#layout"), { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ["hidden"] });
	snap();
	return true;
})()`

// watched is what the recorder saw.
type watched struct {
	States       int      `json:"states"`
	Blank        []string `json:"blank"`
	NoFacets     []string `json:"noFacets"`
	Empty        []string `json:"empty"`
	FirstEmptyAt float64  `json:"firstEmptyAt"`
	LastInputAt  float64  `json:"lastInputAt"`
}

// keyState is the page after one key.
type keyState struct {
	Q      string `json:"q"`
	Hits   int    `json:"hits"`
	Facets int    `json:"facets"`
	Count  string `json:"count"`
	Empty  bool   `json:"empty"`
	Stale  bool   `json:"stale"`
}

const pageState = `({q: document.querySelector("#q").value, hits: document.querySelectorAll("#hits .hit").length,
	facets: document.querySelectorAll("#facets fieldset").length, count: document.querySelector("#count").textContent,
	empty: document.querySelector("#message .empty") !== null, stale: document.querySelector("#results").classList.contains("stale")})`

// keyDelay is the pause after the i-th key: 40 to 80 ms, as a practised
// typist, with a hesitation of 150 ms after every third key, long enough
// for the page's keystroke search (100 ms) and shorter than its pause
// (450 ms).
func keyDelay(i int) time.Duration {
	if i%3 == 2 {
		return 150 * time.Millisecond
	}
	return time.Duration(40+(i*23)%41) * time.Millisecond
}

// typeSlowly types text into the focused box one key at a time and
// returns the page after each key.
func (b *tab) typeSlowly(t *testing.T, text string) []keyState {
	t.Helper()
	var states []keyState
	for i, r := range []rune(text) {
		b.do(t, chromedp.KeyEvent(string(r)), chromedp.Sleep(keyDelay(i)))
		states = append(states, eval[keyState](t, b, pageState))
	}
	return states
}

func logKeys(t *testing.T, states []keyState) {
	t.Helper()
	for _, s := range states {
		t.Logf("%-22q hits %2d  facet groups %d  count %-18q empty %-5v stale %v", s.Q, s.Hits, s.Facets, s.Count, s.Empty, s.Stale)
	}
}

// axeSource is axe-core's script, from OGPSEARCH_AXE or testdata/axe.min.js.
func axeSource(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("OGPSEARCH_AXE"), filepath.Join("testdata", "axe.min.js")} {
		if p == "" {
			continue
		}
		if b, err := os.ReadFile(p); err == nil {
			return string(b)
		}
	}
	return ""
}

// checkAxe runs axe-core's WCAG 2.1 A and AA rules and its best practices on the page as it is
// and fails on any violation. Without axe-core's script (OGPSEARCH_AXE, or
// search/web/testdata/axe.min.js) it says so and checks nothing.
func (b *tab) checkAxe(t *testing.T, view string) {
	t.Helper()
	src := axeSource(t)
	if src == "" {
		if os.Getenv("OGPSEARCH_BROWSER_TESTS") == "require" {
			t.Fatalf("axe-core's script not found for %s: set OGPSEARCH_AXE to axe.min.js (`make browser` fetches it)", view)
		}
		t.Logf("axe-core not run on %s: set OGPSEARCH_AXE to axe.min.js (`make browser` fetches it)", view)
		return
	}
	if !eval[bool](t, b, `typeof window.axe === "object"`) {
		eval[bool](t, b, src+"\n;true")
	}
	ctx, cancel := context.WithTimeout(b.ctx, 2*waitFor)
	defer cancel()
	violations, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}})
		.then(r => r.violations.map(v => v.id + ": " + v.help + " at " + v.nodes.slice(0, 4).map(n => n.target.join(" ") + " (" + n.failureSummary.replace(/\s+/g, " ") + ")").join("; ")))`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe on %s: %v", view, err)
	}
	for _, v := range violations {
		t.Errorf("axe, %s: %s", view, v)
	}
}

func TestBrowserCalmTyping(t *testing.T) {
	exe := chromium(t)
	b := &tab{site: startSite(t), shots: screenshotDir(t)}
	b.ctx = openBrowser(t, exe)

	// typeAndWatch opens path, types text key by key, waits for the answer
	// to the whole query and checks that the results and the filter column
	// stayed on the page all along.
	typeAndWatch := func(t *testing.T, path, text string) []keyState {
		b.open(t, path)
		b.wait(t, `document.querySelectorAll("#hits .hit").length > 0 && document.querySelectorAll("#facets fieldset").length > 0`)
		b.site.forget()
		b.do(t, chromedp.Focus("#q"))
		eval[bool](t, b, watchPage)
		states := b.typeSlowly(t, text)
		b.wait(t, qParam+` === `+jsString(text)+` && !document.documentElement.classList.contains("busy") &&
			!document.querySelector("#results").classList.contains("stale") && !document.querySelector("#facets").classList.contains("stale")`)
		logKeys(t, states)
		w := eval[watched](t, b, `window.__calm.observer.disconnect(), window.__calm`)
		for _, s := range states {
			if s.Hits == 0 || s.Facets == 0 || s.Empty {
				t.Errorf("after %q: %d hits, %d facet groups, empty state %v", s.Q, s.Hits, s.Facets, s.Empty)
			}
		}
		if len(w.Blank) > 0 || len(w.NoFacets) > 0 || len(w.Empty) > 0 {
			t.Errorf("of %d states while typing %q, the results were blank in %q, the filter column gone in %q, \"nothing matches\" shown in %q",
				w.States, text, w.Blank, w.NoFacets, w.Empty)
		}
		if n := eval[int](t, b, `document.querySelectorAll("#hits .hit").length`); n == 0 {
			t.Errorf("no result for %q", text)
		}
		return states
	}

	t.Run("open data", func(t *testing.T) {
		typeAndWatch(t, "/?lang=en", "open data")
		b.shot(t, "calm-01-open-data")
		// Every search while typing completes the last word, unless it
		// ends with a space; the address never says so.
		reqs := b.site.searchRequests()
		if len(reqs) < 3 {
			t.Fatalf("only %d searches while typing", len(reqs))
		}
		for _, r := range reqs {
			if want := "last"; r.Get("prefix") != want && r.Get("q") != "open" {
				t.Errorf("search while typing %q: prefix=%q, want %q", r.Get("q"), r.Get("prefix"), want)
			}
		}
		if strings.Contains(eval[string](t, b, `location.href`), "prefix") {
			t.Errorf("the address carries prefix: %s", eval[string](t, b, `location.href`))
		}
		// A search the reader submits takes the words as written.
		b.site.forget()
		b.do(t, chromedp.KeyEvent(kb.Enter))
		b.wait(t, `!document.documentElement.classList.contains("busy") && document.querySelectorAll("#hits .hit").length > 0`)
		reqs = b.site.searchRequests()
		if len(reqs) == 0 || reqs[len(reqs)-1].Has("prefix") {
			t.Errorf("a submitted search must not complete the last word: %v", reqs)
		}
		b.checkAxe(t, "results after typing")
	})

	t.Run("french query", func(t *testing.T) {
		states := typeAndWatch(t, "/?lang=fr", "transparence budgétaire")
		if last := states[len(states)-1]; !strings.Contains(last.Count, "engagement") {
			t.Errorf("count %q should be in French", last.Count)
		}
		b.shot(t, "calm-02-french")
	})

	t.Run("stale results are dimmed and readable", func(t *testing.T) {
		b.open(t, "/?lang=en&q=budget")
		b.wait(t, `document.querySelectorAll("#hits .hit").length > 0`)
		b.do(t, chromedp.Focus("#q"), chromedp.KeyEvent(kb.End))
		// An answer slow to come: the previous one stays, not dimmed at
		// once (a quick answer would make it flicker), then dimmed.
		const title = `getComputedStyle(document.querySelector("#hits .hit h2 a")).color`
		accent := eval[string](t, b, title)
		b.site.slow.Store(int64(2 * time.Second))
		defer b.site.slow.Store(0)
		b.do(t, chromedp.KeyEvent("s"))
		if c := eval[string](t, b, title); c != accent {
			t.Errorf("the results were dimmed at once (title colour %s, was %s)", c, accent)
		}
		b.do(t, chromedp.Sleep(700*time.Millisecond)) // the keystroke search is sent, the dimming's delay and transition pass
		if c := eval[string](t, b, title); c == accent || !eval[bool](t, b, `document.querySelector("#results").classList.contains("stale")`) {
			t.Errorf("stale results are not dimmed (title colour %s, was %s)", c, accent)
		}
		if n := eval[int](t, b, `document.querySelectorAll("#hits .hit").length`); n == 0 {
			t.Error("the previous results must stay while the answer is on its way")
		}
		b.shot(t, "calm-03-stale")
		b.checkAxe(t, "stale results")
		b.site.slow.Store(0)
		b.wait(t, `!document.querySelector("#results").classList.contains("stale") && `+qParam+` === "budgets"`)
	})

	t.Run("no match after typing stops, with the filters", func(t *testing.T) {
		b.open(t, "/?lang=en&status=active")
		b.wait(t, `document.querySelectorAll("#hits .hit").length > 0 && document.querySelector("#facets input[name=status][value=active]").checked`)
		b.do(t, chromedp.Focus("#q"))
		eval[bool](t, b, watchPage)
		states := b.typeSlowly(t, "qqzzxxvv")
		logKeys(t, states)
		b.wait(t, `document.querySelector("#message .empty") !== null && !document.documentElement.classList.contains("busy")`)
		w := eval[watched](t, b, `window.__calm.observer.disconnect(), window.__calm`)
		if len(w.Blank) > 0 && w.FirstEmptyAt == 0 || len(w.NoFacets) > 0 {
			t.Errorf("the results blanked in %q, the filter column went in %q", w.Blank, w.NoFacets)
		}
		// "Nothing matches" comes with the answer to the query the reader
		// stopped typing (450 ms after the last key), not with a keystroke's.
		if since := w.FirstEmptyAt - w.LastInputAt; w.LastInputAt == 0 || since < 440 {
			t.Errorf("the empty state came %.0f ms after the last key, while keys might still come (states %q)", since, w.Empty)
		}
		for _, s := range states {
			if s.Empty || s.Hits == 0 {
				t.Errorf("after %q: empty state %v, %d hits", s.Q, s.Empty, s.Hits)
			}
		}
		if !eval[bool](t, b, `!document.querySelector("#filters").hidden && document.querySelector("#filters").getBoundingClientRect().height > 0 &&
			document.querySelector("#facets input[name=status][value=active]").checked`) {
			t.Error("the filter column must stay with the chosen status, so that it can be removed")
		}
		if eval[string](t, b, qParam) != "qqzzxxvv" {
			t.Errorf("address %s", eval[string](t, b, `location.search`))
		}
		b.shot(t, "calm-04-no-match")
		b.checkAxe(t, "no match with a filter")
		// The filter is removed from the column.
		b.do(t, chromedp.Click(`#facets input[name=status][value=active]`))
		b.wait(t, `!location.search.includes("status=") && document.querySelector("#message .empty") !== null`)
	})

	t.Run("suggestions give way to the results", func(t *testing.T) {
		b.open(t, "/?lang=en")
		b.wait(t, `document.querySelectorAll("#hits .hit").length > 0`)
		b.do(t, chromedp.Focus("#q"))
		b.typeSlowly(t, "open")
		b.wait(t, `!document.querySelector("#suggest").hidden`)
		b.checkAxe(t, "suggestion list")
		// Typing stopped and the answer is shown: the count and the first
		// result are not covered for long.
		b.wait(t, qParam+` === "open" && document.querySelector("#suggest").hidden`)
		uncovered := `(() => {
			const visible = (el) => { const r = el.getBoundingClientRect(); return el.contains(document.elementFromPoint(r.left + 4, r.top + r.height / 2)); };
			return visible(document.querySelector("#count")) && visible(document.querySelector("#hits .hit h2 a"));
		})()`
		if !eval[bool](t, b, uncovered) {
			t.Error("the count or the first result is covered once typing stopped")
		}
		if focused := eval[bool](t, b, `document.activeElement === document.querySelector("#q")`); !focused {
			t.Error("the box must keep the focus")
		}
		// The reader moving into the list keeps it open.
		b.typeSlowly(t, " d")
		b.do(t, chromedp.KeyEvent(kb.ArrowDown))
		b.wait(t, `!document.querySelector("#suggest").hidden && document.querySelector("#q").getAttribute("aria-activedescendant") === "sug-0"`)
		b.do(t, chromedp.Sleep(1500*time.Millisecond))
		if eval[bool](t, b, `document.querySelector("#suggest").hidden`) {
			t.Error("the list closed while the reader was choosing in it")
		}
		// Closed, ArrowDown brings it back.
		b.do(t, chromedp.KeyEvent(kb.Escape))
		b.wait(t, `document.querySelector("#suggest").hidden`)
		b.do(t, chromedp.KeyEvent(kb.ArrowDown))
		b.wait(t, `!document.querySelector("#suggest").hidden && document.querySelector("#q").getAttribute("aria-activedescendant") === "sug-0"`)
		b.do(t, chromedp.KeyEvent(kb.Escape))
	})

	t.Run("one suggestion per thing, told apart by kind", func(t *testing.T) {
		twice := func(in []ogp.Suggestion) []ogp.Suggestion {
			var out []ogp.Suggestion
			for _, s := range in {
				out = append(out, s, s) // every suggestion twice: exact duplicates
			}
			return out
		}
		b.site.suggest.Store(&twice)
		defer b.site.suggest.Store(nil)
		b.open(t, "/?lang=en")
		b.do(t, chromedp.Focus("#q"))
		b.typeSlowly(t, "data")
		b.wait(t, `!document.querySelector("#suggest").hidden && document.querySelectorAll("#suggest [role=option]").length > 1`)
		b.shot(t, "calm-05-suggestions")
		shown := eval[[][]string](t, b, `[...document.querySelectorAll("#suggest [role=option]")].map(o => [o.querySelector(".text").textContent, o.dataset.kind,
			String(o.querySelector(".kind").getBoundingClientRect().width > 0 && getComputedStyle(o.querySelector(".kind")).visibility === "visible")])`)
		seen := map[string]bool{}
		for _, s := range shown {
			if seen[s[0]+"/"+s[1]] {
				t.Errorf("%q (%s) is suggested twice", s[0], s[1])
			}
			seen[s[0]+"/"+s[1]] = true
			if s[2] != "true" {
				t.Errorf("the kind of %q is not shown", s[0])
			}
		}
		if !seen["Open Data/policy_area"] || !seen["Open Data/title"] {
			t.Fatalf("expected both the policy area and the commitment Open Data: %q", shown)
		}
		// Announced: each option's accessible name says its kind, so the
		// two "Open Data" are not twins to a screen reader either.
		names := optionNames(t, b)
		for _, want := range []string{"Open Data, policy area", "Open Data, commitment"} {
			if !slices.Contains(names, want) {
				t.Errorf("no option named %q: %q", want, names)
			}
		}
		if dup := firstDuplicate(names); dup != "" {
			t.Errorf("two options are named %q", dup)
		}
		b.do(t, chromedp.KeyEvent(kb.Escape))
	})

	t.Run("commitment and histogram views", func(t *testing.T) {
		b.open(t, "/?lang=fr&q=donn%C3%A9es&status=inactive")
		b.wait(t, `document.querySelector("#facets .histogram .bar")`)
		bar := eval[[]string](t, b, `[...document.querySelectorAll("#facets .histogram .bar")].filter(b => b.querySelector("span").style.height !== "0%")
			.map(b => b.getAttribute("title") + "|" + b.getAttribute("aria-label"))`)
		if len(bar) == 0 || !strings.Contains(bar[0], "engagement") || strings.Split(bar[0], "|")[0] != strings.Split(bar[0], "|")[1] {
			t.Errorf("year bars must say their year and count: %q", bar)
		}
		if s := eval[string](t, b, `document.querySelector("#facets [data-name=status] .label").textContent`); s != "Inactif" {
			t.Errorf("status label %q, want Inactif", s)
		}
		b.checkAxe(t, "French search with the histogram")
		b.open(t, "/commitments/KR0044?lang=en")
		b.wait(t, `document.querySelector("#detail h1")`)
		if dd := eval[[]string](t, b, `[...document.querySelectorAll("#detail .facts dd")].map(d => d.textContent).filter(v => /^\s*n\/?a\s*$/i.test(v))`); len(dd) > 0 {
			t.Errorf("the commitment page shows %q", dd)
		}
		b.checkAxe(t, "commitment")
	})
}

// optionNames are the accessible names of the suggestion list's options, as
// the browser computes them for assistive technology.
func optionNames(t *testing.T, b *tab) []string {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, waitFor)
	defer cancel()
	var names []string
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		res, err := cdp.Call(ctx, tg, accessibility.GetFullAXTree, accessibility.GetFullAXTreeParams{})
		if err != nil {
			return err
		}
		roles := map[accessibility.NodeID]string{}
		for _, n := range res.Nodes {
			if n.Role != nil {
				var role string
				_ = json.Unmarshal(n.Role.Value, &role)
				roles[n.NodeID] = role
			}
		}
		for _, n := range res.Nodes {
			var name string
			if roles[n.NodeID] != "option" || roles[n.ParentID] != "listbox" || n.Name == nil || json.Unmarshal(n.Name.Value, &name) != nil {
				continue
			}
			// The browser puts a space between the option's parts.
			names = append(names, strings.Join(strings.Fields(strings.ReplaceAll(name, " ,", ",")), " "))
		}
		return nil
	}))
	if err != nil {
		t.Fatalf("accessibility tree: %v", err)
	}
	return names
}

func firstDuplicate(list []string) string {
	seen := map[string]bool{}
	for _, s := range list {
		if seen[s] {
			return s
		}
		seen[s] = true
	}
	return ""
}
