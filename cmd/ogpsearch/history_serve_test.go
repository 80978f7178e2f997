package main

import (
	"encoding/csv"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/ogpsearch/ogpsearch/internal/history"
	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// changesPage is the answer of GET /api/v1/changes.
type changesPage struct {
	Since   string          `json:"since"`
	Matched int             `json:"matched"`
	Changes []history.Entry `json:"changes"`
	Next    string          `json:"next"`
}

// getJSON GETs an API answer, which must be 200, into v.
func getJSON(t *testing.T, u string, v any) {
	t.Helper()
	status, body := get(t, u)
	if status != 200 {
		t.Fatalf("%s: %d %s", u, status, body)
	}
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("%s: %v", u, err)
	}
}

// fetchFeed reads a feed with a feed reader's parser and returns it with
// its entry IDs, which must be unique.
func fetchFeed(t *testing.T, u string) (*gofeed.Feed, []string) {
	t.Helper()
	feed, err := gofeed.NewParser().ParseURL(u)
	if err != nil || feed.FeedType != "atom" {
		t.Fatalf("%s: %v", u, err)
	}
	var ids []string
	for _, it := range feed.Items {
		if slices.Contains(ids, it.GUID) {
			t.Errorf("%s: entry %s twice", u, it.GUID)
		}
		ids = append(ids, it.GUID)
	}
	return feed, ids
}

// checkServedChanges serves the index built from the corpus after the
// second crawl (second: the changes it recorded, all seen at seen) and
// checks what the site changed through the changes API, the search
// filters, a commitment's history and the feed of a search. It returns
// the server and the entry IDs of the feed of every change, for later
// crawls to compare.
func checkServedChanges(t *testing.T, index, seen string, second []history.Change) (base string, feedIDs []string) {
	t.Helper()
	base = startServe(t, "--index", index, "--reload-every", "100ms")
	since := url.QueryEscape(seen)

	// Every change, newest first: the second crawl's seven, then the first
	// crawl's new commitments; by the cursor, page after page.
	var all []history.Entry
	for after := ""; ; {
		var page changesPage
		getJSON(t, base+"/api/v1/changes?size=40&after="+url.QueryEscape(after), &page)
		all = append(all, page.Changes...)
		if after = page.Next; after == "" {
			break
		}
	}
	if !slices.IsSortedFunc(all, func(a, b history.Entry) int { return strings.Compare(b.Seen, a.Seen) }) {
		t.Error("changes are not newest first")
	}
	if len(all) < len(second) || slices.ContainsFunc(all[:len(second)], func(c history.Entry) bool { return c.Seen != seen }) {
		t.Fatalf("the %d newest of %d changes are not the second crawl's", len(second), len(all))
	}
	var page changesPage
	getJSON(t, base+"/api/v1/changes?since="+since, &page)
	if len(page.Changes) != len(second) || page.Matched != len(second) || page.Since != seen {
		t.Errorf("changes since %s: %d of %d commitments, since %q", seen, len(page.Changes), page.Matched, page.Since)
	}
	kinds := map[string]string{}
	for _, c := range page.Changes {
		kinds[c.ID] = string(c.Kind)
		if c.Source != history.SourceSite || c.Title == "" || !ogp.IsWebURL(c.URL) || c.EntryID == "" {
			t.Errorf("change %+v", c)
		}
	}
	for _, c := range second {
		if kinds[c.ID] != string(c.Kind) {
			t.Errorf("%s: %s served, %s recorded", c.ID, kinds[c.ID], c.Kind)
		}
	}
	getJSON(t, base+"/api/v1/changes?changed_field=status&since="+since, &page)
	if len(page.Changes) != 1 || page.Changes[0].ID != "KR0018" || len(page.Changes[0].Fields) != 1 ||
		page.Changes[0].Fields[0].Old != "inactive" || page.Changes[0].Fields[0].New != "active" {
		t.Errorf("status changes: %+v", page.Changes)
	}
	getJSON(t, base+"/api/v1/changes?q=KE0006&since="+since+"&lang=fr", &page)
	if len(page.Changes) != 1 || page.Changes[0].Kind != history.KindNew || page.Changes[0].ID != "KE0006" {
		t.Errorf("changes of KE0006: %+v", page.Changes)
	}
	if status, body := get(t, base+"/api/v1/changes?since=last+year"); status != 400 || !strings.Contains(body, "since must be") {
		t.Errorf("a bad since: %d %s", status, body)
	}

	// Search by change.
	var res ogp.SearchResult
	getJSON(t, base+"/api/v1/search?changed_since="+since+"&changed_field=status", &res)
	if res.Total != 1 || res.Hits[0].ID != "KR0018" || res.Hits[0].Changed != seen || res.Hits[0].Change != "changed" {
		t.Errorf("commitments whose status changed: %+v", res.Hits)
	}
	getJSON(t, base+"/api/v1/search?changed_since="+since+"&size=20", &res)
	if res.Total != len(second) {
		t.Errorf("%d commitments changed since %s, want %d", res.Total, seen, len(second))
	}

	// The researchers' example: every commitment of a member whose status
	// changed this year, as CSV; and the same search from the shell.
	r := runOK(t, "export", "--index", index, "--format", "csv", "--member", "south-korea", "--changed-since", seen[:4]+"-01-01", "--changed-field", "status")
	rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if err != nil || len(rows) != 2 || rows[1][0] != "KR0018" {
		t.Errorf("export of the status changes: %v\n%s", err, r.stdout)
	}
	if r := runOK(t, "query", "--index", index, "--json", "--changed-since", seen, "--change", "translation_added"); !strings.Contains(r.stdout, `"id":"KE0005"`) || !strings.Contains(r.stdout, `"total":1,`) {
		t.Errorf("query of the commitments translated since the second crawl: %.300s", r.stdout)
	}
	if r := runBinary(t, "query", "--index", index, "--changed-since", "yesterday"); r.code != 2 || !strings.Contains(r.stderr, "changed_since") {
		t.Errorf("query --changed-since yesterday: exit %d %s", r.code, r.stderr)
	}

	// A commitment's history, in the reader's language.
	var h struct {
		ID, Lang, Title string
		Changes         []history.Entry
	}
	getJSON(t, base+"/api/v1/commitments/kr0018/history?lang=fr", &h)
	if h.ID != "KR0018" || h.Lang != "fr" || len(h.Changes) != 2 || h.Changes[0].Kind != history.KindNew ||
		h.Changes[1].Kind != history.KindChanged || h.Changes[1].Title != h.Title || h.Changes[1].Lang != "fr" {
		t.Errorf("KR0018's history: %+v", h)
	}
	for path, want := range map[string]int{"/api/v1/commitments/XX9999/history": 404, "/api/v1/commitments/0018/history": 400} {
		if status, body := get(t, base+path); status != want {
			t.Errorf("%s: %d %s", path, status, body)
		}
	}

	// The feed of a search: one entry per change, the same IDs fetch after
	// fetch.
	feed, ids := fetchFeed(t, base+"/feeds/search.atom?since="+since)
	if len(ids) != len(second) || feed.Updated != seen {
		t.Errorf("feed since %s: %d entries, updated %s", seen, len(ids), feed.Updated)
	}
	if _, again := fetchFeed(t, base+"/feeds/search.atom?since="+since); !slices.Equal(again, ids) {
		t.Errorf("entry IDs changed from one fetch to the next:\n%v\n%v", ids, again)
	}
	feed, korea := fetchFeed(t, base+"/feeds/search.atom?member=south-korea&lang=en")
	i := slices.IndexFunc(feed.Items, func(it *gofeed.Item) bool { return strings.Contains(it.Link, "/commitments/KR0018?") })
	if len(korea) == 0 || i < 0 || !strings.Contains(feed.Items[i].Title, "Changed: Status") ||
		!strings.Contains(feed.Items[i].Description, "Status: Inactive → Active") || !strings.HasPrefix(feed.Items[i].Link, base) {
		t.Fatalf("South Korea's feed has no entry for KR0018's status: %d entries", len(korea))
	}
	for _, it := range feed.Items {
		if !strings.Contains(it.Link, "/commitments/KR") {
			t.Errorf("South Korea's feed has an entry for %s", it.Link)
		}
	}
	_, feedIDs = fetchFeed(t, base+"/feeds/search.atom")
	t.Logf("served: %d changes, %d in South Korea's feed, %d in the feed of every change", len(all), len(korea), len(feedIDs))
	return base, feedIDs
}

// checkFeedUnchanged: the feed of every change still has the same
// entries, and the changes since the second crawl are still its seven.
func checkFeedUnchanged(t *testing.T, base, seen string, want []string, what string) {
	t.Helper()
	if _, ids := fetchFeed(t, base+"/feeds/search.atom"); !slices.Equal(ids, want) {
		t.Errorf("after %s, the feed's entries changed: %d entries, %d before", what, len(ids), len(want))
	}
	var page changesPage
	getJSON(t, base+"/api/v1/changes?since="+url.QueryEscape(seen), &page)
	if len(page.Changes) != 7 {
		t.Errorf("after %s, %d changes since the second crawl", what, len(page.Changes))
	}
}

// reindexNewExtractor re-extracts the corpus with a site model that no
// longer knows the English label of the action plan: every English page
// loses it, extractor revisions the served feed must not show.
func reindexNewExtractor(t *testing.T, corpus, index, base, seen string, feedIDs []string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "scraper", "sitemodel", "sitemodel.json"))
	if err != nil {
		t.Fatal(err)
	}
	changed := strings.Replace(string(data), `"action_plan": {"en": ["Action Plan"]`, `"action_plan": {"en": ["Plan of Action"]`, 1)
	if changed == string(data) {
		t.Fatal("the site model has no English action plan label")
	}
	model := filepath.Join(t.TempDir(), "sitemodel.json")
	if err := os.WriteFile(model, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	before := readyVersion(t, base)
	r := runOK(t, "reindex", "--corpus", corpus, "--index", index, "--site-model", model, "--quiet")
	if strings.Contains(r.stdout, " 0 extractor revisions recorded") {
		t.Fatalf("reindex with another extractor: %s", r.stdout)
	}
	deadline := time.Now().Add(20 * time.Second)
	for readyVersion(t, base) == before {
		if time.Now().After(deadline) {
			t.Fatal("the server did not switch to the re-extracted index")
		}
		time.Sleep(50 * time.Millisecond)
	}
	checkFeedUnchanged(t, base, seen, feedIDs, "reindex with another extractor")
	var page changesPage
	getJSON(t, base+"/api/v1/changes?changed_field=action_plan", &page)
	if len(page.Changes) != 0 {
		t.Errorf("extractor revisions served as site changes: %+v", page.Changes[0])
	}
}
