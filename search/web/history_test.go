package web

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/ogpsearch/ogpsearch/internal/history"
	"github.com/ogpsearch/ogpsearch/internal/ogp"
	"github.com/ogpsearch/ogpsearch/search"
)

// historySearcher has one commitment, FR0005, in English and French, with
// a history: new in English, then changed (status, completion, policy
// areas, title, description, year) and translated into French.
func historySearcher() answerSearcher {
	change := func(seen string, kind history.Kind, langs []string, fields ...history.FieldChange) search.Change {
		return search.Change{Change: history.Change{Seen: seen, ID: "FR0005", Member: "france", Kind: kind,
			Source: history.SourceSite, Langs: langs, Fields: fields}}
	}
	return answerSearcher{
		c: []ogp.Commitment{
			{ID: "FR0005", Lang: "en", Title: "Make public algorithms transparent", Member: "france", Year: 2021},
			{ID: "FR0005", Lang: "fr", Title: "Rendre transparents les algorithmes publics", Member: "france", Year: 2021},
		},
		changes: []search.Change{
			change("2025-01-15T08:00:00Z", history.KindNew, []string{"en"}),
			change("2026-11-28T09:30:00Z", history.KindChanged, nil,
				history.FieldChange{Field: "status", Old: "inactive", New: "active"},
				history.FieldChange{Field: "completion", New: "substantial"},
				history.FieldChange{Field: "policy_areas", Added: []string{"open-data"}, Removed: []string{"health"}},
				history.FieldChange{Field: "title", Lang: "en", Old: "Open algorithms", New: "Make public algorithms transparent"},
				history.FieldChange{Field: "description", Lang: "en", Old: "sha256:aaaaaaaaaaaa", New: "sha256:bbbbbbbbbbbb", OldLen: 10, NewLen: 40},
				history.FieldChange{Field: "year", Old: "2020", New: "2021"}),
			change("2026-11-28T09:30:00Z", history.KindTranslationAdded, []string{"fr"}),
		},
	}
}

// timelineOf reads the page's timeline: per entry, its datetime, its text
// before the fields, and its field lines.
func timelineOf(doc *goquery.Document) (times, heads []string, lines [][]string) {
	doc.Find("#history ol.timeline > li").Each(func(_ int, li *goquery.Selection) {
		times = append(times, li.Find("time").AttrOr("datetime", ""))
		heads = append(heads, strings.Join(strings.Fields(li.Find("p.when").Text()), " "))
		var ls []string
		li.Find("ul > li").Each(func(_ int, l *goquery.Selection) { ls = append(ls, strings.Join(strings.Fields(l.Text()), " ")) })
		lines = append(lines, ls)
	})
	return times, heads, lines
}

// A commitment's page lists its changes newest first, each dated and
// named in the reader's language, terms labelled through their
// vocabularies, long texts said to be edited, new pages' languages named.
func TestCommitmentTimeline(t *testing.T) {
	h := Handler(historySearcher(), search.ParseRequest, discard())
	for _, c := range []struct {
		lang, heading string
		heads         []string
		changed       []string
	}{
		{"en", "History",
			[]string{"November 28, 2026 · New translation", "November 28, 2026 · Changed", "January 15, 2025 · New commitment"},
			[]string{"Status: Inactive → Active", "Completion: none → Substantial", "Policy areas: added Open Data; removed Health",
				"Title (English): Open algorithms → Make public algorithms transparent", "Description (English): text edited", "Year: 2020 → 2021"}},
		{"fr", "Historique",
			[]string{"28 novembre 2026 · Nouvelle traduction", "28 novembre 2026 · Modifié", "15 janvier 2025 · Nouvel engagement"},
			[]string{"Statut: Inactif → Actif", "Achèvement: aucun → Substantiel", "Domaines d'action: ajouté : Données ouvertes; retiré : Santé",
				"Titre (anglais): Open algorithms → Make public algorithms transparent", "Description (anglais): texte modifié", "Année: 2020 → 2021"}},
	} {
		resp, doc := get(t, h, "/commitments/FR0005?lang="+c.lang)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: status %d", c.lang, resp.StatusCode)
		}
		section := doc.Find("section#history")
		if got := section.Find("h2").Text(); got != c.heading || section.AttrOr("aria-labelledby", "") != section.Find("h2").AttrOr("id", "-") {
			t.Errorf("%s: heading %q labelling the section, want %q", c.lang, got, c.heading)
		}
		times, heads, lines := timelineOf(doc)
		if strings.Join(heads, "\n") != strings.Join(c.heads, "\n") {
			t.Errorf("%s: entries\n%s\nwant\n%s", c.lang, strings.Join(heads, "\n"), strings.Join(c.heads, "\n"))
		}
		if len(times) != 3 || times[0] != "2026-11-28T09:30:00Z" || times[2] != "2025-01-15T08:00:00Z" {
			t.Errorf("%s: <time datetime> %q", c.lang, times)
		}
		if len(lines) != 3 {
			t.Fatalf("%s: %d entries", c.lang, len(lines))
		}
		if strings.Join(lines[1], "\n") != strings.Join(c.changed, "\n") {
			t.Errorf("%s: the change says\n%s\nwant\n%s", c.lang, strings.Join(lines[1], "\n"), strings.Join(c.changed, "\n"))
		}
		wantLangs := map[string][]string{"en": {"Languages: French"}, "fr": {"Langues: français"}}[c.lang]
		if strings.Join(lines[0], "") != wantLangs[0] {
			t.Errorf("%s: the translation says %q, want %q", c.lang, lines[0], wantLangs)
		}
		if got := section.Find(`span[lang=en]`).Length(); got != 2 {
			t.Errorf("%s: the English title's old and new values must say their language: %d marked", c.lang, got)
		}
	}

	// A commitment with no recorded change has no history section.
	s := historySearcher()
	s.changes = nil
	if _, doc := get(t, Handler(s, search.ParseRequest, discard()), "/commitments/FR0005?lang=en"); doc.Find("#history").Length() != 0 {
		t.Error("a history section with no change")
	}
}

// A search's page offers its feed (a link in the head and one to follow),
// a changed-since date kept in the address and shown as a chip, the
// change facets titled in the reader's language, and marks the results the
// site changed lately.
func TestSearchChanges(t *testing.T) {
	now := time.Now().UTC()
	recent := now.Add(-3 * 24 * time.Hour).Truncate(time.Second)
	s := answerSearcher{res: ogp.SearchResult{Total: 4, Page: 1, Size: 10, Hits: []ogp.Hit{
		{ID: "FR0001", Lang: "fr", Title: "Recent", Member: "france", Changed: recent.Format(time.RFC3339), Change: "changed"},
		{ID: "FR0002", Lang: "fr", Title: "New", Member: "france", Changed: recent.Format(time.RFC3339), Change: "new"},
		{ID: "FR0003", Lang: "fr", Title: "Since", Member: "france", Changed: "2024-03-10T08:00:00Z", Change: "removed"},
		{ID: "FR0004", Lang: "fr", Title: "Old", Member: "france", Changed: "2023-06-01T08:00:00Z", Change: "changed"},
	}, Facets: map[string][]ogp.Facet{
		"change":        {{Key: "changed", Label: "Modifié", Count: 2}},
		"changed_field": {{Key: "status", Label: "Statut", Count: 1}},
	}}}
	h := Handler(s, search.ParseRequest, discard())
	resp, doc := get(t, h, "/?lang=fr&q=budget&member=france&changed_since=2024-01-01&sort=-year&page=1")
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, doc.Find("[role=alert]").Text())
	}

	wantFeed := url.Values{"q": {"budget"}, "lang": {"fr"}, "member": {"france"}, "since": {"2024-01-01"}}
	for _, sel := range []string{`head link[rel=alternate][type="application/atom+xml"]`, `#follow`} {
		link := doc.Find(sel)
		u, err := url.Parse(link.AttrOr("href", ""))
		if err != nil || u.Path != "/feeds/search.atom" || u.Query().Encode() != wantFeed.Encode() {
			t.Errorf("%s: href %q, want the feed of the search, /feeds/search.atom?%s", sel, link.AttrOr("href", ""), wantFeed.Encode())
		}
	}
	if title := doc.Find(`head link[rel=alternate]`).AttrOr("title", ""); title != "Changements de cette recherche (flux Atom)" {
		t.Errorf("feed title %q", title)
	}
	if got := doc.Find("#follow").Text(); got != "Suivre cette recherche" {
		t.Errorf("follow link %q", got)
	}

	input := doc.Find(`#filters input[type=date][name=changed_since]`)
	if input.AttrOr("value", "") != "2024-01-01" || doc.Find(`label[for=changed_since]`).Text() != "Modifié depuis le" {
		t.Errorf("changed-since input %q labelled %q", input.AttrOr("value", ""), doc.Find(`label[for=changed_since]`).Text())
	}
	var chip *goquery.Selection
	doc.Find("#chips a.chip").Each(func(_ int, a *goquery.Selection) {
		if strings.Contains(a.Text(), "Modifié depuis le 1 janvier 2024") {
			chip = a
		}
	})
	if chip == nil {
		t.Fatalf("no changed-since chip among %q", doc.Find("#chips").Text())
	}
	if u, _ := url.Parse(chip.AttrOr("href", "")); u.Query().Has("changed_since") || u.Query().Get("member") != "france" {
		t.Errorf("the chip must remove the date only: %q", chip.AttrOr("href", ""))
	}
	for name, title := range map[string]string{"change": "Changement", "changed_field": "Champ modifié"} {
		if got := doc.Find(`.facet[data-name=` + name + `] legend`).Text(); got != title {
			t.Errorf("facet %s titled %q, want %q", name, got, title)
		}
	}

	marks := map[string]string{}
	doc.Find("#hits .hit").Each(func(_ int, hit *goquery.Selection) {
		mark := hit.Find(".meta .changed")
		if mark.Length() > 0 && mark.Find("time[datetime]").Length() != 1 {
			t.Errorf("%s: the mark's date is no <time datetime>", hit.Find("h2").Text())
		}
		marks[hit.Find("h2").Text()] = mark.Text()
	})
	day := longDate(recent, "fr")
	for title, want := range map[string]string{"Recent": "Modifié le " + day, "New": "Nouveau depuis le " + day,
		"Since": "Retiré le 10 mars 2024", "Old": ""} {
		if marks[title] != want {
			t.Errorf("result %q marked %q, want %q", title, marks[title], want)
		}
	}

	// Without a changed-since date, only the recent changes are marked.
	_, doc = get(t, h, "/?lang=en")
	if n := doc.Find("#hits .changed").Length(); n != 2 {
		t.Errorf("%d results marked, want the 2 changed in the last 30 days", n)
	}
	if strings.TrimSpace(doc.Find("#chips").Text()) != "" || doc.Find(`#filters input[name=changed_since]`).AttrOr("value", "x") != "" {
		t.Error("no date asked: no chip, an empty date")
	}
}

// Days are written as each language writes them, as the page script's
// Intl.DateTimeFormat does.
func TestLongDate(t *testing.T) {
	d := time.Date(2026, time.March, 1, 23, 0, 0, 0, time.UTC)
	for lang, want := range map[string]string{"en": "March 1, 2026", "fr": "1 mars 2026", "es": "1 de marzo de 2026", "ko": "2026년 3월 1일"} {
		if got := longDate(d, lang); got != want {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
	for in, want := range map[string]string{"2026-03-01": "March 1, 2026", "2026-03-01T00:00:00Z": "March 1, 2026",
		"2026-03-01T12:00:00Z": "2026-03-01T12:00:00Z"} {
		if got := sinceLabel(in, "en"); got != want {
			t.Errorf("since %s: %q, want %q", in, got, want)
		}
	}
}
