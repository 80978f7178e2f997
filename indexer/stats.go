package indexer

import (
	"context"
	"fmt"
	"sort"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// Stats is the extraction-quality view of an index: what it holds, which
// translations are missing, which fields came out empty.
type Stats struct {
	Version     string                    `json:"version"`
	Commitments int                       `json:"commitments"`
	Pages       int                       `json:"pages"`
	Facets      map[string]map[string]int `json:"facets"`               // facet → key → commitments
	Missing     map[string][]string       `json:"missing_translations"` // language → IDs without that page
	Empty       map[string]map[string]int `json:"empty_fields"`         // language → field → pages where it is empty
	PagesByLang map[string]int            `json:"pages_by_language"`
}

// ComputeStats walks every document of an open index.
func ComputeStats(ctx context.Context, idx bleve.Index, version string) (Stats, error) {
	st := Stats{Version: version, Facets: map[string]map[string]int{}, Missing: map[string][]string{},
		Empty: map[string]map[string]int{}, PagesByLang: map[string]int{}}
	if err := facetCounts(ctx, idx, &st); err != nil {
		return st, err
	}
	var after []string
	for {
		req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 1000, 0, false)
		req.Fields = []string{FieldMeta}
		req.SortBy([]string{"_id"})
		if after != nil {
			req.SearchAfter = after
		}
		res, err := idx.SearchInContext(ctx, req)
		if err != nil {
			return st, fmt.Errorf("stats: %w", err)
		}
		for _, h := range res.Hits {
			if err := st.add(h); err != nil {
				return st, err
			}
		}
		if len(res.Hits) < 1000 {
			break
		}
		after = []string{res.Hits[len(res.Hits)-1].ID}
	}
	for _, ids := range st.Missing {
		sort.Strings(ids)
	}
	return st, nil
}

func facetCounts(ctx context.Context, idx bleve.Index, st *Stats) error {
	req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 0, 0, false)
	for _, f := range FacetFields() {
		req.AddFacet(f, bleve.NewFacetRequest(f, 1000))
	}
	res, err := idx.SearchInContext(ctx, req)
	if err != nil {
		return fmt.Errorf("stats: facets: %w", err)
	}
	st.Commitments = int(res.Total)
	for name, fr := range res.Facets {
		counts := map[string]int{}
		for _, t := range fr.Terms.Terms() {
			counts[t.Term] = t.Count
		}
		if fr.Missing > 0 {
			counts["(none)"] = fr.Missing
		}
		st.Facets[name] = counts
	}
	return nil
}

// add counts one commitment.
func (st *Stats) add(h *bsearch.DocumentMatch) error {
	pages, err := Pages(h.Fields)
	if err != nil {
		return fmt.Errorf("stats: %s: %w", h.ID, err)
	}
	has := map[string]bool{}
	for _, p := range pages {
		st.Pages++
		st.PagesByLang[p.Lang]++
		has[p.Lang] = true
		empty := st.Empty[p.Lang]
		if empty == nil {
			empty = map[string]int{}
			st.Empty[p.Lang] = empty
		}
		for field, isEmpty := range emptyFields(p) {
			if isEmpty {
				empty[field]++
			}
		}
	}
	for _, l := range ogp.Languages() {
		if !has[l] {
			st.Missing[l] = append(st.Missing[l], h.ID)
		}
	}
	return nil
}

// emptyFields tells, field by field, whether a page left it empty.
func emptyFields(p ogp.Commitment) map[string]bool {
	return map[string]bool{
		"title": p.Title == "", "action_plan": p.ActionPlan == "", "year": p.Year == 0,
		"status": p.Status.IsZero(), "lead_institution": p.LeadInstitution == "",
		"support_institutions": p.SupportInstitutions == "", "policy_areas": len(p.PolicyAreas) == 0,
		"irm_report": p.IRMReport == "", "starred": p.Starred.IsZero(), "verifiable": p.Verifiable.IsZero(),
		"early_results": p.EarlyResults.IsZero(), "relevant_values": len(p.RelevantValues) == 0,
		"potential_impact": p.PotentialImpact.IsZero(), "completion": p.Completion.IsZero(),
		"description": p.Description == "", "irm_summary": p.IRMSummary == "",
	}
}
