package web_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// shownIDs are the IDs of the hits the page shows.
const shownIDs = `[...document.querySelectorAll("#hits h2 a")].map(a => a.dataset.id)`

// TestBrowserHangulReading: Korean typed with the keyboard in Latin mode.
// The suggestion list offers the Hangul the keys spell, in the reader's
// language; chosen with the keyboard, it replaces the query and the page
// shows the results of the Hangul. A search for the keys themselves, which
// finds nothing, offers the same reading.
func TestBrowserHangulReading(t *testing.T) {
	exe := chromium(t)
	b := &tab{site: startSite(t), shots: screenshotDir(t)}
	b.ctx = openBrowser(t, exe)
	const offered = `document.querySelector("#suggest [role=option][data-kind=hangul]")`

	// sameAsAPI checks that the page shows what the API answers for 공공.
	sameAsAPI := func(t *testing.T) {
		t.Helper()
		b.settledFor(t, "공공")
		ids := eval[[]string](t, b, shownIDs)
		want := askAPI(t, b.site, "공공", "en", false, max(len(ids), 1))
		if len(ids) == 0 || !slices.Equal(ids, want.ids()) || shownCount(eval[string](t, b, countText)) != want.Total {
			t.Errorf("the page shows %v (%s); the API finds %v of %d for 공공", ids, eval[string](t, b, countText), want.ids(), want.Total)
		}
	}

	t.Run("offered and chosen with the keyboard", func(t *testing.T) {
		b.open(t, "/?lang=en")
		b.do(t, chromedp.Focus("#q"), chromedp.SendKeys("#q", "rhdrhd"))
		b.wait(t, offered+` && !document.querySelector("#suggest").hidden && document.querySelector("#suggest [role=option]").dataset.kind === "hangul"`)
		if text := eval[string](t, b, offered+`.textContent`); text != "Did you mean 공공?" {
			t.Errorf("the offer says %q", text)
		}
		if lang := eval[string](t, b, offered+`.querySelector("[lang]").lang`); lang != "ko" {
			t.Errorf("the Hangul is marked as %q, want ko", lang)
		}
		if names := optionNames(t, b); len(names) < 2 || names[0] != "Did you mean 공공?" || !strings.Contains(strings.Join(names[1:], "\n"), "공공") {
			t.Errorf("the options are named %q", names)
		}
		b.do(t, chromedp.KeyEvent(kb.ArrowDown))
		b.wait(t, `document.querySelector("#q").getAttribute("aria-activedescendant") === "sug-0" &&
			document.querySelector("#sug-0").getAttribute("aria-selected") === "true"`)
		b.shot(t, "hangul-reading-offered")
		b.checkAxe(t, "hangul-reading-offered")
		b.do(t, chromedp.KeyEvent(kb.Enter))
		sameAsAPI(t)
		if q := eval[string](t, b, qParam); q != "공공" {
			t.Errorf("the address asks for %q", q)
		}
		b.shot(t, "hangul-reading-chosen")
		b.checkAxe(t, "hangul-reading-chosen")
	})

	t.Run("in the reader's language", func(t *testing.T) {
		b.open(t, "/?lang=ko")
		b.do(t, chromedp.Focus("#q"), chromedp.SendKeys("#q", "rhdrhd"))
		b.wait(t, offered)
		if text := eval[string](t, b, offered+`.textContent`); text != "혹시 이것을 찾으셨나요? 공공" {
			t.Errorf("the offer says %q in Korean", text)
		}
	})

	t.Run("offered when the keys find nothing", func(t *testing.T) {
		b.open(t, "/?lang=en&q=rhdrhd")
		b.wait(t, `document.querySelector("#message .empty .reading a[lang=ko]")`)
		if text := eval[string](t, b, `document.querySelector("#message .reading").textContent`); text != "Did you mean 공공?" {
			t.Errorf("the empty answer offers %q", text)
		}
		b.shot(t, "hangul-reading-no-results")
		b.checkAxe(t, "hangul-reading-no-results")
		b.do(t, chromedp.Click(`#message .reading a`))
		sameAsAPI(t)
	})
}
