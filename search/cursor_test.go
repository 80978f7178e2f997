package search

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

func TestSortOrders(t *testing.T) {
	e := sampleEngine(t)
	for _, q := range []string{"", "data"} {
		for _, sort := range []string{SortRelevance, SortYear, SortYearDesc, SortID} {
			res := search(t, e, ogp.SearchRequest{Query: q, Sort: sort, Size: 100})
			hits := res.Hits
			ordered := slices.IsSortedFunc(hits, func(a, b ogp.Hit) int {
				switch sort {
				case SortYear:
					return a.Year - b.Year
				case SortYearDesc:
					return b.Year - a.Year
				case SortID:
					return strings.Compare(a.ID, b.ID)
				}
				if a.Score > b.Score {
					return -1
				}
				if a.Score < b.Score {
					return 1
				}
				return strings.Compare(a.ID, b.ID)
			})
			if !ordered || len(hits) != res.Total {
				t.Errorf("%q by %s: not in order or incomplete: %v", q, sort, ids(res))
			}
		}
	}
}

func TestPagesFollowOneOrder(t *testing.T) {
	e := sampleEngine(t)
	for _, q := range []string{"", "data", "services"} {
		for _, sort := range []string{SortRelevance, SortYear, SortYearDesc, SortID} {
			whole := ids(search(t, e, ogp.SearchRequest{Query: q, Sort: sort, Size: 100}))
			var paged []string
			for page := 1; len(paged) < len(whole); page++ {
				res := search(t, e, ogp.SearchRequest{Query: q, Sort: sort, Size: 9, Page: page})
				if len(res.Hits) == 0 || res.Page != page || res.Size != 9 {
					t.Fatalf("%q by %s: page %d: %+v", q, sort, page, res)
				}
				paged = append(paged, ids(res)...)
			}
			if !slices.Equal(paged, whole) {
				t.Errorf("%q by %s: pages %v\nwhole %v", q, sort, paged, whole)
			}
		}
	}
}

// walk follows the cursor from page 1 to the end.
func walk(t *testing.T, e *Engine, req ogp.SearchRequest) []string {
	t.Helper()
	var out []string
	for i := 0; i < 200; i++ {
		res := search(t, e, req)
		out = append(out, ids(res)...)
		if res.Next == "" {
			return out
		}
		if len(res.Hits) != req.Size {
			t.Fatalf("a page with a next one holds %d hits", len(res.Hits))
		}
		req.After, req.Page = res.Next, 0
	}
	t.Fatal("the walk does not end")
	return nil
}

func TestCursorWalk(t *testing.T) {
	e := sampleEngine(t)
	for _, q := range []string{"", "data", "open data zzzqqq", "member:south-korea"} {
		for _, sort := range []string{SortRelevance, SortYear, SortYearDesc, SortID} {
			// The same reader: the reader's language weighs in the order.
			whole := search(t, e, ogp.SearchRequest{Query: q, Sort: sort, Size: 100, Lang: "fr"})
			got := walk(t, e, ogp.SearchRequest{Query: q, Sort: sort, Size: 7, Lang: "fr"})
			if !slices.Equal(got, ids(whole)) {
				t.Errorf("%q by %s: walk %v\nwant %v", q, sort, got, ids(whole))
			}
			seen := map[string]bool{}
			for _, id := range got {
				if seen[id] {
					t.Errorf("%q by %s: %s twice", q, sort, id)
				}
				seen[id] = true
			}
		}
	}
	// A walk can start from any page.
	res := search(t, e, ogp.SearchRequest{Sort: SortID, Size: 10, Page: 3})
	rest := walk(t, e, ogp.SearchRequest{Sort: SortID, Size: 10, After: res.Next})
	if len(rest) != sampleCommitments-30 {
		t.Errorf("from page 3: %d hits", len(rest))
	}
}

func TestCursorBelongsToItsSearch(t *testing.T) {
	e := sampleEngine(t)
	res := search(t, e, ogp.SearchRequest{Query: "data", Size: 5})
	if res.Next == "" {
		t.Fatal("no cursor")
	}
	bad := []ogp.SearchRequest{
		{Query: "budget", After: res.Next},
		{Query: "data", Sort: SortYear, After: res.Next},
		{Query: "data", Lang: "ko", After: res.Next},
		{Query: "data", Filters: map[string][]string{"member": {"france"}}, After: res.Next},
		{Query: "data", After: "not-a-cursor"},
		{Query: "data", After: res.Next[:len(res.Next)/2]},
		{Query: "data", After: "eyJzIjoicmVsZXZhbmNlIiwiayI6WyJ4IiwieSJdfQ"},
	}
	for _, req := range bad {
		if _, err := e.Search(context.Background(), req); errCode(err) != ogp.EInvalid {
			t.Errorf("%+v: %v", req, err)
		}
	}
	if _, err := e.Search(context.Background(), ogp.SearchRequest{Query: "data", Size: 50, After: res.Next}); err != nil {
		t.Errorf("another page size continues the walk: %v", err)
	}
}
