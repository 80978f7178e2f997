package search

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/ogpsearch/ogpsearch/internal/history"
	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// historyEngine indexes three commitments and a history beside their
// corpus: FR0001 new in January, its status changed in March; FR0002 new
// in January, a policy area added in June; FR0003 new in June. An
// extractor revision of FR0003 in July is not a change on the site.
func historyEngine(t *testing.T) *Engine {
	t.Helper()
	dir := t.TempDir()
	recs := []ogp.Commitment{
		{ID: "FR0001", Lang: "fr", Member: "france", Year: 2021, Title: "Données ouvertes des marchés publics", Description: "Publier les marchés.", URL: "https://example.org/fr/0001", Status: ogp.Term{Key: "active", Label: "Actif"}},
		{ID: "FR0002", Lang: "fr", Member: "france", Year: 2021, Title: "Budget participatif", Description: "Les citoyens votent.", URL: "https://example.org/fr/0002"},
		{ID: "FR0003", Lang: "fr", Member: "france", Year: 2023, Title: "Registre des lobbies", Description: "Publier le registre.", URL: "https://example.org/fr/0003"},
	}
	lines := []history.Change{
		{Seen: "2026-01-10T08:00:00Z", ID: "FR0001", Member: "france", Kind: history.KindNew, Source: history.SourceSite, Langs: []string{"fr"}, Hash: "a1"},
		{Seen: "2026-01-10T08:00:00Z", ID: "FR0002", Member: "france", Kind: history.KindNew, Source: history.SourceSite, Langs: []string{"fr"}, Hash: "b1"},
		{Seen: "2026-03-05T08:00:00Z", ID: "FR0001", Member: "france", Kind: history.KindChanged, Source: history.SourceSite, Hash: "a2",
			Fields: []history.FieldChange{{Field: "status", Old: "inactive", New: "active"}}},
		{Seen: "2026-06-01T08:00:00Z", ID: "FR0002", Member: "france", Kind: history.KindChanged, Source: history.SourceSite, Hash: "b2",
			Fields: []history.FieldChange{{Field: "policy_areas", Added: []string{"open-data"}}}},
		{Seen: "2026-06-01T08:00:00Z", ID: "FR0003", Member: "france", Kind: history.KindNew, Source: history.SourceSite, Langs: []string{"fr"}, Hash: "c1"},
		{Seen: "2026-07-01T08:00:00Z", ID: "FR0003", Member: "france", Kind: history.KindChanged, Source: history.SourceExtractor, Hash: "c2",
			Fields: []history.FieldChange{{Field: "title", Lang: "fr", Old: "Registre", New: "Registre des lobbies"}}},
	}
	var data []byte
	for _, c := range lines {
		line, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		data = append(append(data, line...), '\n')
	}
	if err := os.WriteFile(filepath.Join(dir, history.FileName), data, 0o644); err != nil {
		t.Fatal(err)
	}
	buildTestIndex(t, recs, dir)
	e, err := OpenEngine(filepath.Join(dir, "index"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

func TestSearchByChange(t *testing.T) {
	e := historyEngine(t)
	for _, c := range []struct {
		name    string
		since   string
		filters map[string][]string
		want    []string
	}{
		{"changed since March", "2026-03-01", nil, []string{"FR0001", "FR0002", "FR0003"}},
		{"changed since April", "2026-04-01", nil, []string{"FR0002", "FR0003"}},
		{"changed in July: an extractor revision is no change", "2026-06-15", nil, nil},
		{"status changed, ever", "", map[string][]string{"changed_field": {"status"}}, []string{"FR0001"}},
		{"status changed since March", "2026-03-01", map[string][]string{"changed_field": {"status"}}, []string{"FR0001"}},
		{"status changed since April", "2026-04-01", map[string][]string{"changed_field": {"status"}}, nil},
		{"policy areas or status since February", "2026-02-01", map[string][]string{"changed_field": {"status", "policy_areas"}}, []string{"FR0001", "FR0002"}},
		{"new commitments", "", map[string][]string{"change": {"new"}}, []string{"FR0001", "FR0002", "FR0003"}},
		{"changed commitments", "", map[string][]string{"change": {"changed"}}, []string{"FR0001", "FR0002"}},
		{"new since April", "2026-04-01", map[string][]string{"change": {"new"}}, []string{"FR0003"}},
		{"changed since April", "2026-04-01", map[string][]string{"change": {"changed"}}, []string{"FR0002"}},
		{"new or status changed since February", "2026-02-01", map[string][]string{"change": {"new"}, "changed_field": {"status"}}, nil},
	} {
		res := search(t, e, ogp.SearchRequest{Filters: c.filters, ChangedSince: c.since, Facets: true})
		got := ids(res)
		slices.Sort(got)
		if len(got) == 0 {
			got = nil
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: found %v, want %v", c.name, got, c.want)
		}
	}
	res := search(t, e, ogp.SearchRequest{Facets: true, Lang: "en"})
	counts := map[string]int{}
	for _, f := range res.Facets["change"] {
		counts[f.Key] = f.Count
	}
	if counts["new"] != 3 || counts["changed"] != 2 {
		t.Errorf("change facet %v, want new 3, changed 2", res.Facets["change"])
	}
	for _, f := range res.Facets["changed_field"] {
		if f.Key == "status" && f.Label != "Status" {
			t.Errorf("changed_field facet labels status %q", f.Label)
		}
	}
	for _, h := range res.Hits {
		if h.ID == "FR0002" && (h.Changed != "2026-06-01T08:00:00Z" || h.Change != "changed") {
			t.Errorf("hit FR0002 says changed %q (%q), want 2026-06-01T08:00:00Z (changed)", h.Changed, h.Change)
		}
	}
	if _, err := e.Search(context.Background(), ogp.SearchRequest{ChangedSince: "last week"}); err == nil {
		t.Error("changed_since=last week: no error")
	}
}

func TestChangesNewestFirst(t *testing.T) {
	e := historyEngine(t)
	ctx := context.Background()
	page, err := e.Changes(ctx, ogp.SearchRequest{}, time.Time{}, 0, "")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range page.Changes {
		got = append(got, c.Seen[:10]+" "+c.ID+" "+string(c.Kind))
		if c.Source != history.SourceSite || c.Title == "" || c.URL == "" || c.EntryID == "" {
			t.Errorf("change %+v", c)
		}
	}
	want := []string{"2026-06-01 FR0002 changed", "2026-06-01 FR0003 new", "2026-03-05 FR0001 changed", "2026-01-10 FR0001 new", "2026-01-10 FR0002 new"}
	if !slices.Equal(got, want) {
		t.Errorf("changes\n got %q\nwant %q", got, want)
	}
	// Two at a time, with the cursor: the same list, the same entry IDs.
	var walked []string
	after := ""
	for {
		p, err := e.Changes(ctx, ogp.SearchRequest{}, time.Time{}, 2, after)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range p.Changes {
			walked = append(walked, c.EntryID)
		}
		if p.Next == "" {
			break
		}
		after = p.Next
	}
	var entries []string
	for _, c := range page.Changes {
		entries = append(entries, c.EntryID)
	}
	if !slices.Equal(walked, entries) {
		t.Errorf("paged entry IDs %v, want %v", walked, entries)
	}
	// A search and a date narrow it.
	p, err := e.Changes(ctx, ogp.SearchRequest{Query: "budget"}, time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), 0, "")
	if err != nil || len(p.Changes) != 1 || p.Changes[0].ID != "FR0002" || p.Matched != 1 {
		t.Errorf("budget since February: %+v, %v", p, err)
	}
	if _, err := e.Changes(ctx, ogp.SearchRequest{}, time.Time{}, 0, "not-a-cursor!"); err == nil {
		t.Error("a bad cursor gives no error")
	}
}

func TestCommitmentHistory(t *testing.T) {
	e := historyEngine(t)
	pages, changes, err := e.History(context.Background(), "fr0001")
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 1 || len(changes) != 2 || changes[0].Kind != history.KindNew || changes[1].Fields[0].Field != "status" {
		t.Errorf("history of FR0001: %d pages, %+v", len(pages), changes)
	}
	_, changes, err = e.History(context.Background(), "FR0003")
	if err != nil || len(changes) != 1 {
		t.Errorf("history of FR0003 (an extractor revision left out): %+v, %v", changes, err)
	}
	if _, _, err := e.History(context.Background(), "FR9999"); err == nil {
		t.Error("FR9999: no error")
	}
}
