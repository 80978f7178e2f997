package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserErrorPages: the not-found page and the page of an unreadable
// address are the site's, accessible (axe), in the reader's language, and
// their search box searches.
func TestBrowserErrorPages(t *testing.T) {
	exe := chromium(t)
	b := &tab{site: startSite(t), shots: screenshotDir(t)}
	b.ctx = openBrowser(t, exe)
	for _, c := range []struct{ path, want string }{
		{"/nonexistent?lang=fr", "Il n'y a pas de page à cette adresse."},
		{"/assets/x?lang=en", "There is no page at this address."},
		{"/?q=%ZZ&lang=es", "Esta dirección no se puede leer"},
	} {
		t.Run(c.path, func(t *testing.T) {
			b.open(t, c.path)
			if msg := eval[string](t, b, `document.querySelector(".error[role=alert]")?.innerText ?? ""`); !strings.Contains(msg, c.want) {
				t.Errorf("message %q, want %q", msg, c.want)
			}
			b.checkAxe(t, c.path)
			b.shot(t, "error-"+safeName(strings.TrimPrefix(c.path, "/")))
		})
	}
	b.open(t, "/nonexistent?lang=en")
	b.do(t, chromedp.SendKeys("#q", "open data\n"), chromedp.WaitVisible("#hits .hit"))
	if q := eval[string](t, b, `location.pathname + " " + new URLSearchParams(location.search).get("q")`); q != "/ open data" {
		t.Errorf("the search box of the 404 page went to %q", q)
	}
}
