package web_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/ogpsearch/ogpsearch/internal/history"
)

// siteHistory is a history of the sample corpus as of now: FR0005, new in
// English long ago, changed three days ago (status, policy areas, its
// description) and translated into French that day; FR0008 new two days
// ago; KR0044 changed a hundred days ago.
func siteHistory(now time.Time) []history.Change {
	at := func(days int) string {
		return now.Add(-time.Duration(days) * 24 * time.Hour).UTC().Format(time.RFC3339)
	}
	site := func(days int, id, member string, kind history.Kind, langs []string, fields ...history.FieldChange) history.Change {
		return history.Change{Seen: at(days), ID: id, Member: member, Kind: kind, Source: history.SourceSite,
			Langs: langs, Fields: fields, Hash: id + at(days)}
	}
	return []history.Change{
		site(400, "FR0005", "france", history.KindNew, []string{"en"}),
		site(400, "KR0044", "south-korea", history.KindNew, []string{"en", "es", "fr", "ko"}),
		site(100, "KR0044", "south-korea", history.KindChanged, nil, history.FieldChange{Field: "completion", Old: "substantial", New: "complete"}),
		site(3, "FR0005", "france", history.KindChanged, nil,
			history.FieldChange{Field: "status", Old: "inactive", New: "active"},
			history.FieldChange{Field: "policy_areas", Added: []string{"digital-governance"}, Removed: []string{"open-data"}},
			history.FieldChange{Field: "description", Lang: "en", Old: "sha256:aaaaaaaaaaaa", New: "sha256:bbbbbbbbbbbb", OldLen: 80, NewLen: 120}),
		site(3, "FR0005", "france", history.KindTranslationAdded, []string{"fr"}),
		site(2, "FR0008", "france", history.KindNew, []string{"en", "fr"}),
	}
}

const (
	// timelineText is the history's entries, one a line, each its head
	// then its field lines after " | ".
	timelineText = `[...document.querySelectorAll("#detail #history ol.timeline > li")].map(li =>
		[li.querySelector(".when").textContent.replace(/\s+/g, " ").trim(),
		 ...[...li.querySelectorAll("ul > li")].map(l => l.textContent.replace(/\s+/g, " ").trim())].join(" | ")).join("\n")`
	// marksText is the marks of the results, by ID.
	marksText = `Object.fromEntries([...document.querySelectorAll("#hits .hit")].map(hit =>
		[hit.querySelector("h2 a").dataset.id, (hit.querySelector(".meta .changed") || {textContent: ""}).textContent]))`
)

func TestBrowserHistory(t *testing.T) {
	exe := chromium(t)
	now := time.Now().UTC()
	b := &tab{site: startSite(t, siteHistory(now)...), shots: screenshotDir(t)}
	b.ctx = openBrowser(t, exe)
	recently := now.Add(-3 * 24 * time.Hour).Format("January 2, 2006")

	t.Run("timeline", func(t *testing.T) {
		b.open(t, "/commitments/FR0005?lang=en")
		b.wait(t, `document.querySelector("#detail #history h2") && document.querySelector("#detail .facts")`)
		got := eval[string](t, b, timelineText)
		want := strings.Join([]string{
			recently + " · New translation | Languages: French",
			recently + " · Changed | Status: Inactive → Active | Policy areas: added Digital Governance; removed Open Data | Description (English): text edited",
			now.Add(-400*24*time.Hour).Format("January 2, 2006") + " · New commitment | Languages: English",
		}, "\n")
		if got != want {
			t.Errorf("timeline\n%s\nwant\n%s", got, want)
		}
		if n := eval[int](t, b, `document.querySelectorAll("#detail #history time[datetime]").length`); n != 3 {
			t.Errorf("%d dates are <time datetime>, want 3", n)
		}
		b.do(t, chromedp.ScrollIntoView("#history"))
		b.shot(t, "history-01-timeline")
		b.checkAxe(t, "history-01-timeline")

		// In place, in French: the script takes the French timeline from
		// the server, terms labelled through the vocabularies.
		b.do(t, chromedp.Click(`#detail .others a[data-lang=fr]`))
		b.wait(t, `document.documentElement.lang === "fr" && document.querySelector("#detail #history h2")?.textContent === "Historique"`)
		fr := eval[string](t, b, timelineText)
		for _, s := range []string{"Nouvelle traduction | Langues: français", "Modifié | Statut: Inactif → Actif",
			"Domaines d'action: ajouté : Gouvernance numérique; retiré : Données ouvertes", "Description (anglais): texte modifié",
			"Nouvel engagement | Langues: anglais"} {
			if !strings.Contains(fr, s) {
				t.Errorf("French timeline lacks %q:\n%s", s, fr)
			}
		}
		if day := eval[string](t, b, `new Intl.DateTimeFormat("fr", {day: "numeric", month: "long", year: "numeric", timeZone: "UTC"}).format(new Date(`+
			jsString(now.Add(-3*24*time.Hour).Format(time.RFC3339))+`))`); !strings.HasPrefix(fr, day+" · ") {
			t.Errorf("French timeline dates: want %q first:\n%s", day, fr)
		}
		b.do(t, chromedp.ScrollIntoView("#history"))
		b.shot(t, "history-02-timeline-fr")
		b.checkAxe(t, "history-02-timeline-fr")

		// Opened from a result, in place: its timeline comes with it; one
		// with no recorded change has none.
		b.open(t, "/?lang=en&q=algorithms")
		b.wait(t, `document.querySelector("#hits a[data-id=FR0005]")`)
		b.do(t, chromedp.Click(`#hits a[data-id=FR0005]`))
		b.wait(t, `location.pathname === "/commitments/FR0005" && document.querySelectorAll("#detail #history ol.timeline > li").length === 3`)
		b.open(t, "/commitments/FR0001?lang=en")
		b.wait(t, `document.querySelector("#detail .facts")`)
		if eval[bool](t, b, `document.querySelector("#history") !== null || document.querySelector("#detail").textContent.includes("null")`) {
			t.Error("a commitment with no change shows a history, or a missing part as null")
		}
	})

	var all string
	t.Run("changed since", func(t *testing.T) {
		b.open(t, "/?lang=en")
		b.wait(t, `document.querySelectorAll("#hits .hit").length > 0 && document.querySelector("#facets [data-name=change]")`)
		all = eval[string](t, b, countText)
		if legend := eval[string](t, b, `document.querySelector("#facets [data-name=change] legend").textContent`); legend != "Change" {
			t.Errorf("change facet titled %q", legend)
		}
		// The date typed with the keyboard, as the date input's fields
		// take it in English (month, day, year).
		since := now.Add(-10 * 24 * time.Hour)
		b.do(t, chromedp.Focus("#changed_since"), chromedp.KeyEvent(since.Format("01022006")))
		b.wait(t, `new URLSearchParams(location.search).get("changed_since") === `+jsString(since.Format(time.DateOnly))+
			` && document.querySelector("#count").textContent === "2 commitments"`)
		chip := eval[string](t, b, `document.querySelector("#chips").innerText`)
		if !strings.Contains(chip, "Changed since "+since.Format("January 2, 2006")) {
			t.Errorf("no changed-since chip: %q", chip)
		}
		b.shot(t, "history-03-changed-since")
		b.checkAxe(t, "history-03-changed-since")

		// The results say when they changed, as the server says it.
		marks := eval[map[string]string](t, b, marksText)
		want := map[string]string{"FR0005": "Changed on " + recently, "FR0008": "New on " + now.Add(-2*24*time.Hour).Format("January 2, 2006")}
		for id, mark := range want {
			if marks[id] != mark {
				t.Errorf("%s marked %q, want %q (all: %q)", id, marks[id], mark, marks)
			}
		}
		_, body := fetch(t, b.site.url+"/?lang=en&changed_since="+since.Format(time.DateOnly))
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		doc.Find("#hits .hit").Each(func(_ int, hit *goquery.Selection) {
			id := hit.Find("h2 a").AttrOr("data-id", "")
			if got := hit.Find(".meta .changed").Text(); got != marks[id] {
				t.Errorf("%s: the server marks it %q, the script %q", id, got, marks[id])
			}
		})

		// Removing the chip by keyboard brings every commitment back.
		b.do(t, chromedp.Focus(`#chips .chip`), chromedp.KeyEvent(kb.Enter))
		b.wait(t, `!location.search.includes("changed_since") && document.querySelector("#count").textContent === `+jsString(all)+
			` && document.querySelector("#changed_since").value === ""`)
	})

	t.Run("recent marks", func(t *testing.T) {
		b.open(t, "/?lang=fr&change=changed")
		b.wait(t, `document.querySelectorAll("#hits .hit").length === 2`)
		marks := eval[map[string]string](t, b, marksText)
		if !strings.HasPrefix(marks["FR0005"], "Modifié le ") || marks["KR0044"] != "" {
			t.Errorf("only the change of three days ago is marked: %q", marks)
		}
		b.open(t, "/?lang=en&q=KR0044&changed_since="+now.Add(-200*24*time.Hour).Format(time.DateOnly))
		b.wait(t, `document.querySelectorAll("#hits .hit").length === 1`)
		if mark := eval[map[string]string](t, b, marksText)["KR0044"]; mark != "Changed on "+now.Add(-100*24*time.Hour).Format("January 2, 2006") {
			t.Errorf("a change since the date asked is marked, however old: %q", mark)
		}
	})

	t.Run("follow this search", func(t *testing.T) {
		since := now.Add(-10 * 24 * time.Hour).Format(time.DateOnly)
		b.open(t, "/?lang=en&q=data&member=france&sort=-year&changed_since="+since)
		b.wait(t, `document.querySelectorAll("#hits .hit").length > 0`)
		b.do(t, chromedp.Click(`#facets input[name=change][value=new]`))
		b.wait(t, `location.search.includes("change=new") && document.querySelector("#facets input[name=change][value=new]").checked`)
		// The feed follows what the search finds, its changes since the
		// date asked.
		want := url.Values{"q": {"data"}, "lang": {"en"}, "member": {"france"}, "change": {"new"}, "since": {since}}
		for _, sel := range []string{"#follow", `link[rel=alternate][type="application/atom+xml"]`} {
			href := eval[string](t, b, `document.querySelector(`+jsString(sel)+`).getAttribute("href")`)
			u, err := url.Parse(href)
			if err != nil || u.Path != "/feeds/search.atom" || u.Query().Encode() != want.Encode() {
				t.Errorf("%s: href %q, want /feeds/search.atom?%s", sel, href, want.Encode())
			}
		}
		resp, feed := fetch(t, b.site.url+eval[string](t, b, `document.querySelector("#follow").getAttribute("href")`))
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/atom+xml") ||
			strings.Count(feed, "<entry") != 1 || !strings.Contains(feed, "FR0008") {
			t.Errorf("the feed followed: %d %s, want FR0008's entry alone:\n%.600s", resp.StatusCode, resp.Header.Get("Content-Type"), feed)
		}
		// Reached with the keyboard: the next stop after the sort order.
		b.do(t, chromedp.Focus("#sort"), chromedp.KeyEvent(kb.Tab))
		if id := eval[string](t, b, `document.activeElement.id`); id != "follow" {
			t.Errorf("Tab from the sort order goes to %q, not the follow link", id)
		}
		b.shot(t, "history-04-follow")
		b.checkAxe(t, "history-04-follow")
	})
}
