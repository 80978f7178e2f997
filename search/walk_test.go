package search

import (
	"context"
	"slices"
	"testing"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// Walk gives the commitments Search gives, page after page, in the same
// order and with every page of each.
func TestWalkMatchesSearch(t *testing.T) {
	e := sampleEngine(t)
	ctx := context.Background()
	for _, req := range []ogp.SearchRequest{
		{},
		{Query: "données", Lang: "fr"},
		{Query: "open data", Sort: SortYearDesc, Filters: map[string][]string{"member": {"south-korea"}}},
		{Query: "zzzz nothing here"},
		{Query: "공공데이터", Lang: "ko"},
		{Query: `"open data"`, Lang: "en"},
		{Query: `"accès à l'information"`, Lang: "fr"},
	} {
		var want []string
		total := 0
		r := req
		r.Size = MaxSize
		for {
			res, err := e.Search(ctx, r)
			if err != nil {
				t.Fatal(err)
			}
			total = res.Total
			for _, h := range res.Hits {
				want = append(want, h.ID+"/"+h.Lang)
			}
			if res.Next == "" {
				break
			}
			r.After = res.Next
		}
		var got []string
		err := e.Walk(ctx, req, func(h ogp.Hit, pages []ogp.Commitment, n int) error {
			got = append(got, h.ID+"/"+h.Lang)
			if n != total {
				t.Errorf("%+v: total %d, want %d", req, n, total)
			}
			if len(pages) == 0 || pages[0].ID != h.ID || len(pages) != len(h.Languages) {
				t.Errorf("%s: %d pages for languages %v", h.ID, len(pages), h.Languages)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%+v: walk %v\nsearch %v", req, got, want)
		}
	}
	if err := e.Walk(ctx, ogp.SearchRequest{Lang: "xyz"}, func(ogp.Hit, []ogp.Commitment, int) error { return nil }); ogp.ErrorCode(err) != ogp.EInvalid {
		t.Errorf("bad request: %v", err)
	}
}

// A walk of more than one step (the sample has 76 commitments) goes on
// from the last one's sort keys without losing or repeating any.
func TestWalkSteps(t *testing.T) {
	e := sampleEngine(t)
	e.walkStep = 7
	seen := map[string]bool{}
	err := e.Walk(context.Background(), ogp.SearchRequest{Sort: SortYear}, func(h ogp.Hit, _ []ogp.Commitment, n int) error {
		if seen[h.ID] {
			t.Errorf("%s twice", h.ID)
		}
		seen[h.ID] = true
		return nil
	})
	if err != nil || len(seen) != 76 {
		t.Errorf("walk in steps of 7: %d commitments, %v", len(seen), err)
	}
}
