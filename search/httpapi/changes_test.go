package httpapi

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"

	"github.com/ogpsearch/ogpsearch/internal/history"
)

// TestChangesAPI: the changes of a search, newest first, since a date,
// a page at a time by the cursor; the search's own paging stays out of
// the request the engine gets, and a bad since is a 400.
func TestChangesAPI(t *testing.T) {
	ts := startServer(t, Config{}, nil)
	changes := func(query string) history.EntryPage {
		t.Helper()
		resp, body := ts.get(t, "/api/v1/changes"+query)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d %s", query, resp.StatusCode, body)
		}
		var page history.EntryPage
		if err := json.Unmarshal(body, &page); err != nil {
			t.Fatal(err)
		}
		return page
	}
	ids := func(p history.EntryPage) (out []string) {
		for _, c := range p.Changes {
			out = append(out, c.EntryID)
		}
		return out
	}
	if got := ids(changes("")); !slices.Equal(got, []string{"e3", "e2", "e1"}) {
		t.Errorf("all changes: %v", got)
	}
	page := changes("?since=2026-01-01&q=services&member=south-korea&size=200&page=3&sort=year")
	if got := ids(page); !slices.Equal(got, []string{"e3", "e2"}) || page.Since != "2026-01-01T00:00:00Z" {
		t.Errorf("changes since 2026: %v since %q", got, page.Since)
	}
	if since := *ts.fake.lastSince.Load(); !since.Equal(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("the engine was asked for the changes since %v", since)
	}
	if req := ts.fake.lastReq.Load(); req.Query != "services" || !slices.Equal(req.Filters["member"], []string{"south-korea"}) || req.Page != 1 {
		t.Errorf("the engine's request: %+v", req)
	}
	var walked []string
	for after := ""; ; {
		p := changes("?size=2&after=" + after)
		walked = append(walked, ids(p)...)
		if after = p.Next; after == "" {
			break
		}
	}
	if !slices.Equal(walked, []string{"e3", "e2", "e1"}) {
		t.Errorf("walked by the cursor: %v", walked)
	}
	for query, want := range map[string]string{
		"?since=last+week": "since must be a date",
		"?size=0":          "size must be",
		"?size=501":        "size must be",
		"?after=zz":        "after is not a cursor",
	} {
		resp, body := ts.get(t, "/api/v1/changes"+query)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), want) {
			t.Errorf("%s: %d %s", query, resp.StatusCode, body)
		}
	}
}

// TestHistoryAPI: a commitment's changes, oldest first, with its title
// and address in the reader's language.
func TestHistoryAPI(t *testing.T) {
	ts := startServer(t, Config{}, nil)
	resp, body := ts.get(t, "/api/v1/commitments/kr0018/history?lang=fr")
	if resp.StatusCode != http.StatusOK || resp.Header.Get("ETag") == "" {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	var h historyAnswer
	if err := json.Unmarshal(body, &h); err != nil {
		t.Fatal(err)
	}
	if h.ID != "KR0018" || h.Lang != "fr" || h.Title != "Fournir des services" || !slices.Equal(h.Languages, []string{"en", "fr", "ko"}) {
		t.Errorf("history of KR0018 in French: %+v", h)
	}
	if len(h.Changes) != 2 || h.Changes[0].EntryID != "e1" || h.Changes[1].EntryID != "e3" {
		t.Fatalf("changes, oldest first: %+v", h.Changes)
	}
	for _, c := range h.Changes {
		if c.Title != h.Title || c.Lang != "fr" || c.URL != h.URL {
			t.Errorf("change %s titled %q in %s at %s", c.EntryID, c.Title, c.Lang, c.URL)
		}
	}
	for path, want := range map[string]int{"/api/v1/commitments/KR9999/history": 404, "/api/v1/commitments/K/history": 400,
		"/api/v1/commitments/KR0018/history?lang=french": 400} {
		if resp, body := ts.get(t, path); resp.StatusCode != want || !strings.Contains(resp.Header.Get("Content-Type"), "json") {
			t.Errorf("%s: %d %s", path, resp.StatusCode, body)
		}
	}
}

// TestFeed parses the feed of a search with a feed reader's parser: one
// entry per change, newest first, titled and summarised in the reader's
// language; the same search written otherwise has the same feed ID, and
// the feed is revalidated by its ETag.
func TestFeed(t *testing.T) {
	ts := startServer(t, Config{}, nil)
	fetch := func(query string, headers ...string) (*http.Response, *gofeed.Feed) {
		t.Helper()
		resp, body := ts.get(t, "/feeds/search.atom"+query, headers...)
		if resp.StatusCode != http.StatusOK {
			return resp, nil
		}
		if ct := resp.Header.Get("Content-Type"); ct != "application/atom+xml; charset=utf-8" {
			t.Errorf("Content-Type %q", ct)
		}
		feed, err := gofeed.NewParser().Parse(bytes.NewReader(body))
		if err != nil || feed.FeedType != "atom" || feed.FeedVersion != "1.0" {
			t.Fatalf("not an Atom 1.0 feed: %v %+v\n%s", err, feed, body)
		}
		return resp, feed
	}
	resp, feed := fetch("?q=services&member=south-korea,kenya&lang=en")
	if len(feed.Items) != 3 || feed.Language != "en" || feed.Title != "ogpsearch: “services”, South Korea | Kenya" {
		t.Fatalf("feed %q in %q with %d entries", feed.Title, feed.Language, len(feed.Items))
	}
	if feed.UpdatedParsed == nil || !feed.UpdatedParsed.Equal(time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("feed updated %v, want the newest change's time", feed.Updated)
	}
	if feed.FeedLink != ts.base+"/feeds/search.atom?q=services&member=south-korea,kenya&lang=en" || !strings.HasPrefix(feed.Link, ts.base+"/?") {
		t.Errorf("self %q, alternate %q", feed.FeedLink, feed.Link)
	}
	seen := map[string]bool{}
	for _, it := range feed.Items {
		if seen[it.GUID] || !strings.HasPrefix(it.GUID, "tag:ogpsearch,2026:change:") {
			t.Errorf("entry ID %q", it.GUID)
		}
		seen[it.GUID] = true
	}
	first := feed.Items[0]
	if first.Title != "Provide services — Changed: Status, Policy areas, Description" {
		t.Errorf("title %q", first.Title)
	}
	for _, want := range []string{"Status: Inactive → Active", "Policy areas: + Health, − Open Data", "Description (en)"} {
		if !strings.Contains(first.Description, want) {
			t.Errorf("summary lacks %q:\n%s", want, first.Description)
		}
	}
	if first.Link != ts.base+"/commitments/KR0018?lang=en" {
		t.Errorf("link %q", first.Link)
	}
	if ke := feed.Items[1]; ke.Title != "Youth budgets — New commitment (en)" {
		t.Errorf("a new commitment: %q", ke.Title)
	}
	_, body := ts.get(t, "/feeds/search.atom?lang=en")
	entries, err := (&atom.Parser{}).Parse(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	links := func(e *atom.Entry) (out []string) {
		for _, l := range e.Links {
			out = append(out, l.Rel+" "+l.Href)
		}
		return out
	}
	if got := links(entries.Entries[0]); !slices.Equal(got, []string{"alternate " + ts.base + "/commitments/KR0018?lang=en", "related https://www.opengovpartnership.org/en/KR0018/"}) {
		t.Errorf("links of a change: %q", got)
	}
	if got := links(entries.Entries[1]); len(got) != 1 {
		t.Errorf("links of a commitment whose address is no web address: %q", got)
	}

	_, same := fetch("?member=kenya&member=south-korea&q=services&lang=fr")
	if same.Title != "ogpsearch: “services”, Kenya | Corée du Sud" {
		t.Errorf("French title %q", same.Title)
	}
	if feedID(t, ts, "?member=kenya&member=south-korea&q=services&lang=fr") != feedID(t, ts, "?q=services&member=south-korea,kenya") {
		t.Error("the same search written otherwise has another feed ID")
	}
	for i, it := range same.Items {
		if it.GUID != feed.Items[i].GUID {
			t.Errorf("entry %d: ID %q in French, %q in English", i, it.GUID, feed.Items[i].GUID)
		}
	}
	if !strings.Contains(same.Items[0].Description, "Statut: inactif → actif") {
		t.Errorf("French summary:\n%s", same.Items[0].Description)
	}

	if resp, _ := fetch("?q=services&member=south-korea,kenya&lang=en", "If-None-Match: "+resp.Header.Get("ETag")); resp.StatusCode != http.StatusNotModified {
		t.Errorf("revalidation: %d", resp.StatusCode)
	}
	if _, since := fetch("?since=2026-03-02"); len(since.Items) != 1 || since.Items[0].GUID != feed.Items[0].GUID {
		t.Errorf("since 2 March: %d entries", len(since.Items))
	}
	if _, none := fetch("?since=2030-01-01"); len(none.Items) != 0 || none.Updated != "2030-01-01T00:00:00Z" {
		t.Errorf("no change since 2030: %d entries, updated %s", len(none.Items), none.Updated)
	}
	if resp, _ := fetch("?since=tomorrow"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("a bad since: %d", resp.StatusCode)
	}
}

// feedID is the id of the feed of a search.
func feedID(t *testing.T, ts *testServer, query string) string {
	t.Helper()
	_, body := ts.get(t, "/feeds/search.atom"+query)
	feed, err := (&atom.Parser{}).Parse(bytes.NewReader(body))
	if err != nil || !strings.HasPrefix(feed.ID, "tag:ogpsearch,2026:search?") {
		t.Fatalf("feed ID: %v %+v", err, feed)
	}
	return feed.ID
}
