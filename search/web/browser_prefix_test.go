package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// Search as you type: while the reader types, the page asks for
// prefix=last, so that the word being typed also finds the words it
// begins. Typed key by key in a real browser over the sample, every
// beginning of a word shows results, and a partial word finds at least
// what the finished word finds.

// prefixAnswer is the part of an API answer these tests read.
type prefixAnswer struct {
	Total int `json:"total"`
	Hits  []struct {
		ID string `json:"id"`
	} `json:"hits"`
}

func (a prefixAnswer) ids() []string {
	var out []string
	for _, h := range a.Hits {
		out = append(out, h.ID)
	}
	return out
}

// fromTest marks the searches the test itself sends to the API, so that
// they are not taken for the page's.
const fromTest = "browser-prefix-test"

// askAPI searches the site's API directly, as the page would with prefix:
// q as given, with prefix=last when prefix is set.
func askAPI(t *testing.T, s *site, q, lang string, prefix bool, size int) prefixAnswer {
	t.Helper()
	v := url.Values{"q": {q}, "lang": {lang}, "size": {strconv.Itoa(size)}, "via": {fromTest}}
	if prefix {
		v.Set("prefix", "last")
	}
	r, err := http.Get(s.url + "/api/v1/search?" + v.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer r.Body.Close()
	if r.StatusCode != http.StatusOK {
		t.Fatalf("search %s: status %d", v.Encode(), r.StatusCode)
	}
	var a prefixAnswer
	if err := json.NewDecoder(r.Body).Decode(&a); err != nil {
		t.Fatalf("search %s: %v", v.Encode(), err)
	}
	return a
}

// pageSearches are the searches the page sent, the test's own left out.
func pageSearches(s *site) []url.Values {
	var out []url.Values
	for _, r := range s.searchRequests() {
		if r.Get("via") != fromTest {
			out = append(out, r)
		}
	}
	return out
}

// typedQuery is what the page asks for while text is in the box: the
// text trimmed, its last word completed unless the text ends with a space.
func typedQuery(text string) (q string, prefix bool) {
	return strings.TrimSpace(text), strings.TrimSpace(text) != "" && !unicode.IsSpace([]rune(text)[len([]rune(text))-1])
}

// shownCount reads the number in the count line ("33 commitments",
// "약속 16건"); -1 when it shows none.
func shownCount(text string) int {
	digits := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, text)
	n, err := strconv.Atoi(digits)
	if err != nil {
		return -1
	}
	return n
}

// typingDelay is the pause after the i-th key: 40 to 80 ms.
func typingDelay(i int) time.Duration {
	return time.Duration(40+(i*23)%41) * time.Millisecond
}

// watchCounts records every text the count line shows from now on.
const watchCounts = `(() => {
	const seen = window.__counts = [document.querySelector("#count").textContent];
	window.__countObserver = new MutationObserver(() => seen.push(document.querySelector("#count").textContent));
	window.__countObserver.observe(document.querySelector("#count"), { childList: true, subtree: true, characterData: true });
	return true;
})()`

// answered waits until the page has shown the answer to a search for what
// text asks (see typedQuery) sent after the first `after` searches of the
// page, and returns that search's parameters.
func (b *tab) answered(t *testing.T, text string, after int) url.Values {
	t.Helper()
	q, _ := typedQuery(text)
	deadline := time.Now().Add(waitFor)
	for {
		var sent url.Values
		if reqs := pageSearches(b.site); len(reqs) > after {
			for _, r := range reqs[after:] {
				if r.Get("q") == q {
					sent = r
				}
			}
		}
		// The page marks itself busy before it sends a search and unmarks
		// it once the answer to its latest search is shown.
		if sent != nil && eval[bool](t, b, `!document.documentElement.classList.contains("busy") && document.querySelector("#q").value === `+jsString(text)) {
			return sent
		}
		if time.Now().After(deadline) {
			b.shot(t, "failed-"+safeName(t.Name()))
			var got []string
			for _, r := range pageSearches(b.site) {
				got = append(got, r.Encode())
			}
			t.Fatalf("no answer shown for %q; the page searched %q", text, got)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// settledFor waits for the answer to the search sent once typing paused
// on text (the one that brings the filters back) to be shown.
func (b *tab) settledFor(t *testing.T, text string) {
	t.Helper()
	b.wait(t, qParam+` === `+jsString(strings.TrimSpace(text))+` && document.querySelector("#q").value === `+jsString(text)+
		` && !document.documentElement.classList.contains("busy") && !document.querySelector("#results").classList.contains("stale")
		&& !document.querySelector("#facets").classList.contains("stale") && document.querySelectorAll("#facets fieldset").length > 0`)
}

func TestBrowserTypesPrefixes(t *testing.T) {
	exe := chromium(t)
	start := time.Now()
	b := &tab{site: startSite(t), shots: screenshotDir(t)}
	b.ctx = openBrowser(t, exe)
	// The API's answers may be cached a minute: with the browser's cache a
	// text typed twice would not reach the site's log the second time.
	b.do(t, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true})
		return err
	}))

	// openEmpty opens the page in lang with the box empty and focused.
	openEmpty := func(t *testing.T, lang string) {
		b.open(t, "/?lang="+lang)
		b.wait(t, `document.querySelectorAll("#hits .hit").length > 0 && document.querySelectorAll("#facets fieldset").length > 0`)
		b.do(t, chromedp.Focus("#q"))
	}

	for i, c := range []struct{ lang, text string }{{"en", "open data"}, {"en", "budget"}, {"fr", "transparence"}} {
		t.Run("key by key "+c.text, func(t *testing.T) {
			// What the API finds for each beginning of the text, asked
			// before the page types it.
			runes := []rune(c.text)
			want := map[string]int{}
			for n := 1; n <= len(runes); n++ {
				q, prefix := typedQuery(string(runes[:n]))
				want[string(runes[:n])] = askAPI(t, b.site, q, c.lang, prefix, 10).Total
			}
			finished := askAPI(t, b.site, c.text, c.lang, false, 10).Total

			openEmpty(t, c.lang)
			b.site.forget()
			eval[bool](t, b, watchPage)
			eval[bool](t, b, watchCounts)
			for n, r := range runes {
				text := string(runes[:n+1])
				before := len(pageSearches(b.site))
				b.do(t, chromedp.KeyEvent(string(r)), chromedp.Sleep(typingDelay(n)))
				sent := b.answered(t, text, before)
				s := eval[keyState](t, b, pageState)
				got := shownCount(s.Count)
				t.Logf("%-16q sent prefix=%-4q count %-20q (API %2d) hits %2d facet groups %d", text, sent.Get("prefix"), s.Count, want[text], s.Hits, s.Facets)
				if _, prefix := typedQuery(text); prefix != (sent.Get("prefix") == "last") {
					t.Errorf("after %q the page searched %s: prefix=last %v, want %v", text, sent.Encode(), !prefix, prefix)
				}
				if got <= 0 || got != want[text] {
					t.Errorf("after %q the count shows %q, want the API's %d for %q with prefix=last", text, s.Count, want[text], text)
				}
				if s.Facets == 0 || s.Hits == 0 || s.Empty {
					t.Errorf("after %q: %d facet groups, %d hits, empty state %v", text, s.Facets, s.Hits, s.Empty)
				}
			}
			b.settledFor(t, c.text)
			w := eval[watched](t, b, `window.__calm.observer.disconnect(), window.__calm`)
			counts := eval[[]string](t, b, `window.__countObserver.disconnect(), window.__counts`)
			if len(w.NoFacets) > 0 || len(w.Blank) > 0 || len(w.Empty) > 0 {
				t.Errorf("of %d states while typing %q, the filter column was gone in %q, the results blank in %q, \"nothing matches\" shown in %q",
					w.States, c.text, w.NoFacets, w.Blank, w.Empty)
			}
			for _, shown := range counts {
				if shownCount(shown) <= 0 {
					t.Errorf("while typing %q the count showed %q (all counts shown: %q)", c.text, shown, counts)
				}
			}
			if got := eval[string](t, b, `document.querySelector("#count").textContent`); shownCount(got) != finished {
				t.Errorf("typed %q: the count shows %q, want %d as for the finished words", c.text, got, finished)
			}
			b.shot(t, "prefix-0"+strconv.Itoa(i+1)+"-"+safeName(c.text))
		})
	}

	t.Run("a partial word finds what the finished word finds", func(t *testing.T) {
		for _, c := range []struct{ lang, partial, finished string }{
			{"en", "ope", "open"}, {"en", "budg", "budget"}, {"en", "transpa", "transparency"}, {"ko", "공공데", "공공데이터"},
		} {
			whole := askAPI(t, b.site, c.finished, c.lang, false, 100)
			part := askAPI(t, b.site, c.partial, c.lang, true, 100)
			if whole.Total == 0 || whole.Total > 100 {
				t.Fatalf("%q finds %d commitments in the sample: want some, all on one page of 100", c.finished, whole.Total)
			}
			found := part.ids()
			for _, id := range whole.ids() {
				if !slices.Contains(found, id) {
					t.Errorf("%s finds %s, %s with prefix=last does not (%d against %d)", c.finished, id, c.partial, whole.Total, part.Total)
				}
			}

			openEmpty(t, c.lang)
			b.site.forget()
			for i, r := range []rune(c.partial) {
				b.do(t, chromedp.KeyEvent(string(r)), chromedp.Sleep(typingDelay(i)))
			}
			b.settledFor(t, c.partial)
			reqs := pageSearches(b.site)
			if len(reqs) == 0 || reqs[len(reqs)-1].Get("q") != c.partial || reqs[len(reqs)-1].Get("prefix") != "last" {
				t.Errorf("typing paused on %q: the last search was %v, want q=%s with prefix=last", c.partial, reqs, c.partial)
			}
			count := eval[string](t, b, `document.querySelector("#count").textContent`)
			shown := eval[[]string](t, b, `[...document.querySelectorAll("#hits .hit a[data-id]")].map(a => a.dataset.id)`)
			t.Logf("%-8q count %-18q (API: %d with prefix=last, %q %d) first shown %q", c.partial, count, part.Total, c.finished, whole.Total, shown)
			if n := shownCount(count); n <= 0 || n != part.Total {
				t.Errorf("typing paused on %q: the count shows %q, want the API's %d", c.partial, count, part.Total)
			}
			if len(shown) == 0 {
				t.Errorf("typing paused on %q: no commitment shown", c.partial)
			}
			for _, id := range shown {
				if !slices.Contains(found, id) {
					t.Errorf("typing paused on %q: the page shows %s, which the API does not find", c.partial, id)
				}
			}
		}
		b.shot(t, "prefix-04-partial-korean")
	})

	t.Run("korean composed with an input method", func(t *testing.T) {
		want := askAPI(t, b.site, "공공데", "ko", true, 10).Total
		openEmpty(t, "ko")
		eval[bool](t, b, `(() => {
			const seen = window.__ime = { start: 0, update: 0, end: 0 };
			for (const e of ["start", "update", "end"]) document.querySelector("#q").addEventListener("composition" + e, () => seen[e]++);
			return true;
		})()`)
		b.site.forget()
		// 공공데 as a Korean keyboard makes it: each syllable composed jamo
		// by jamo, then committed; each step lasts longer than the page's
		// keystroke delay, so a search sent mid-syllable would be seen.
		b.do(t, compose("ㄱ", "고", "공", "commit:공", "ㄱ", "고", "공", "commit:공", "ㄷ", "데", "commit:데"))
		b.settledFor(t, "공공데")
		ime := eval[map[string]int](t, b, `window.__ime`)
		if ime["start"] != 3 || ime["update"] < 3 || ime["end"] != 3 {
			t.Errorf("the page saw compositions %v: want 3 started, updated and ended", ime)
		}
		var sent []string
		for _, r := range pageSearches(b.site) {
			sent = append(sent, r.Get("q"))
			q := []rune(r.Get("q"))
			jamo := slices.ContainsFunc(q, func(r rune) bool {
				return r >= 0x1100 && r <= 0x11ff || r >= 0x3130 && r <= 0x318f || r >= 0xa960 && r <= 0xa97f || r >= 0xd7b0 && r <= 0xd7ff
			})
			if jamo || !slices.Contains([]string{"공", "공공", "공공데"}, string(q)) {
				t.Errorf("searched %q in the middle of a syllable", string(q))
			}
		}
		if len(sent) == 0 || sent[len(sent)-1] != "공공데" {
			t.Errorf("searches %q: the last should be 공공데", sent)
		}
		count := eval[string](t, b, `document.querySelector("#count").textContent`)
		t.Logf("searched %q; count %q, API %d", sent, count, want)
		if n := shownCount(count); n <= 0 || n != want {
			t.Errorf("after 공공데 the count shows %q, want the API's %d with prefix=last", count, want)
		}
		b.shot(t, "prefix-05-korean-ime")
	})
	t.Logf("prefix browser tests took %v", time.Since(start).Round(time.Millisecond))
}
