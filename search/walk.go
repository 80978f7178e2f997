package search

import (
	"context"
	"fmt"

	bsearch "github.com/blevesearch/bleve/v2/search"

	"github.com/ogpsearch/ogpsearch/indexer"
	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// defaultWalkStep is how many commitments one step of Walk reads
// (Engine.walkStep).
const defaultWalkStep = 1000

// Walk calls fn with every commitment req matches, in the request's order:
// the hit as Search shows it, every page of the commitment, and the total.
// Page, Size and After of req are ignored; facets and snippets are not
// computed. The whole walk reads one index version, even when a new one
// is switched in meanwhile; each step is one search of e.walkStep
// commitments after the last one's sort keys, with their pages read in the
// same search, so a walk costs about total/e.walkStep searches.
func (e *Engine) Walk(ctx context.Context, req ogp.SearchRequest, fn func(h ogp.Hit, pages []ogp.Commitment, total int) error) error {
	return e.walk(ctx, req, func(_ *bsearch.DocumentMatch, h ogp.Hit, pages []ogp.Commitment, total int) error {
		return fn(h, pages, total)
	})
}

// walk is Walk with each hit's document too, for its other stored fields.
func (e *Engine) walk(ctx context.Context, req ogp.SearchRequest, fn func(d *bsearch.DocumentMatch, h ogp.Hit, pages []ogp.Commitment, total int) error) error {
	req.Page, req.Size, req.After = 1, 1, ""
	req.Facets, req.Snippets = false, false
	req, err := checkRequest(req)
	if err != nil {
		return err
	}
	step := e.walkStep
	req.Size = step
	v, err := e.acquire()
	if err != nil {
		return err
	}
	defer e.release(v)
	tq, err := v.queryBuilder(e.an, req.Lang).build(parseQuery(req.Query, req.Prefix == ogp.PrefixLast))
	if err != nil {
		return err
	}
	text := tq.strict()
	order := sortOrder(req.Sort)
	var after cursor
	total := -1
	for first := true; ; first = false {
		stepCtx, cancel := withDeadline(ctx)
		res, _, err := e.page(stepCtx, v, req, text, after)
		if err == nil && first && res.Total == 0 {
			// Search answers an empty strict query with its relaxed form.
			if loose := tq.relaxed(); loose != nil {
				text = loose
				res, _, err = e.page(stepCtx, v, req, text, after)
			}
		}
		if err != nil {
			err = searchError(stepCtx, err)
			cancel()
			return err
		}
		cancel()
		if total < 0 {
			total = int(res.Total)
		}
		hits := res.Hits[:min(len(res.Hits), step)]
		for _, d := range hits {
			pages, err := indexer.Pages(d.Fields)
			if err != nil {
				return fmt.Errorf("commitment %s: stored pages: %w", d.ID, err)
			}
			if len(pages) == 0 {
				return fmt.Errorf("commitment %s: no stored page", d.ID)
			}
			if err := fn(d, e.an.hitOf(d, pages, req, tq.marks), pages, total); err != nil {
				return err
			}
		}
		if len(res.Hits) <= step {
			return ctx.Err()
		}
		after = cursor{Sort: req.Sort, Keys: sortKeys(order, hits[len(hits)-1])}
	}
}
