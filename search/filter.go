package search

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/ogpsearch/ogpsearch/indexer"
	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// The bleve queries of fields and filters: a field:value clause of the
// query syntax, the request's filters (facets and years) and the facets
// they select, and the filtering of a text query by them.

// fieldName recognises a documented field of the query syntax.
func fieldName(s string) (string, bool) {
	s = strings.ToLower(s)
	if s == "id" || s == facetYear || slices.Contains(ogp.FilterNames(), s) {
		return s, true
	}
	return "", false
}

// fieldQuery is the query of a field:value clause. Facet fields take a key
// or a label in any language (member:france, status:actif); year takes a
// year or a range (2012-2016); id an ID.
func fieldQuery(name, value string) (query.Query, error) {
	switch name {
	case "id":
		id, ok := asID(value)
		if !ok {
			id = strings.ToUpper(value)
		}
		return termQuery(indexer.FieldID, id), nil
	case facetYear:
		from, to, ok := yearRange(value)
		if !ok {
			return nil, ogp.Errorf(ogp.EInvalid, "year: write a year (2014) or a range (2012-2016)")
		}
		return yearQuery(from, to), nil
	}
	return termQuery(name, keyOf(name, value)), nil
}

// keyOf reads a facet value typed in a query as a canonical key.
func keyOf(name, value string) string {
	v := strings.ToLower(value)
	voc := vocabOf(name)
	if voc == "" || ogp.Vocab(voc).Known(v) {
		return v
	}
	if key, ok := ogp.Vocab(voc).Lookup(strings.ReplaceAll(value, "-", " ")); ok {
		return key
	}
	return ogp.Slug(value)
}

func yearRange(s string) (int, int, bool) {
	a, b, isRange := strings.Cut(strings.ReplaceAll(s, "..", "-"), "-")
	from, err1 := strconv.Atoi(a)
	to, err2 := from, error(nil)
	if isRange {
		to, err2 = strconv.Atoi(b)
	}
	ok := err1 == nil && err2 == nil && from >= ogp.MinYear && to <= ogp.MaxYear && from <= to
	return from, to, ok
}

func termQuery(field, term string) query.Query {
	q := query.NewTermQuery(term)
	q.SetField(field)
	return q
}

// sinceApplied reports whether a filter of the request (other than skip)
// already asks for changes since req.ChangedSince.
func sinceApplied(req ogp.SearchRequest, skip string) bool {
	for _, name := range []string{indexer.FieldChangedField, indexer.FieldChange} {
		if name != skip && len(req.Filters[name]) > 0 {
			return true
		}
	}
	return false
}

// changedSinceQuery matches the commitments whose field (or kind of
// change, indexer.KindAt) changed at or
// after since (RFC 3339 in UTC, as cleanSince leaves it): the terms of
// FieldChangedAt from field@since to the last of that field.
func changedSinceQuery(field, since string) query.Query {
	t, _ := time.Parse(time.RFC3339, since)
	inc := true
	q := query.NewTermRangeInclusiveQuery(indexer.ChangedAt(field, t), field+"@~", &inc, &inc)
	q.SetField(indexer.FieldChangedAt)
	return q
}

// lastChangedQuery matches the commitments the site changed at or after
// since, a new one included.
func lastChangedQuery(since string) query.Query {
	t, _ := time.Parse(time.RFC3339, since)
	lo := float64(t.Unix())
	inc := true
	q := query.NewNumericRangeInclusiveQuery(&lo, nil, &inc, nil)
	q.SetField(indexer.FieldLastChanged)
	return q
}

// yearQuery matches action plan cycles from..to, inclusive; 0 leaves a
// side open.
func yearQuery(from, to int) query.Query {
	var lo, hi *float64
	if from > 0 {
		f := float64(from)
		lo = &f
	}
	if to > 0 {
		t := float64(to)
		hi = &t
	}
	inc := true
	q := query.NewNumericRangeInclusiveQuery(lo, hi, &inc, &inc)
	q.SetField(indexer.FieldYear)
	return q
}

// filterQuery is the conjunction of the request's filters, leaving out the
// facet skip (for its disjunctive counts), or nil when none applies.
func filterQuery(req ogp.SearchRequest, skip string) query.Query {
	var and []query.Query
	for _, name := range ogp.FilterNames() {
		if name == skip || len(req.Filters[name]) == 0 {
			continue
		}
		var or []query.Query
		for _, key := range req.Filters[name] {
			if req.ChangedSince != "" && name == indexer.FieldChangedField {
				or = append(or, changedSinceQuery(key, req.ChangedSince))
				continue
			}
			if req.ChangedSince != "" && name == indexer.FieldChange {
				or = append(or, changedSinceQuery(indexer.KindAt(key), req.ChangedSince))
				continue
			}
			or = append(or, termQuery(name, key))
		}
		and = append(and, query.NewDisjunctionQuery(or))
	}
	if req.ChangedSince != "" && !sinceApplied(req, skip) {
		and = append(and, lastChangedQuery(req.ChangedSince))
	}
	if skip != facetYear {
		if req.Year > 0 {
			and = append(and, yearQuery(req.Year, req.Year))
		}
		if req.YearFrom > 0 || req.YearTo > 0 {
			and = append(and, yearQuery(req.YearFrom, req.YearTo))
		}
	}
	if len(and) == 0 {
		return nil
	}
	return query.NewConjunctionQuery(and)
}

// selected lists the facets the request filters on: each needs its own
// count request, whose filters leave that facet out.
func selected(req ogp.SearchRequest) []string {
	var out []string
	for _, name := range ogp.FilterNames() {
		if len(req.Filters[name]) > 0 {
			out = append(out, name)
		}
	}
	if req.Year > 0 || req.YearFrom > 0 || req.YearTo > 0 {
		out = append(out, facetYear)
	}
	return out
}

// unselected lists the facets the request does not filter on: the page
// request counts them.
func unselected(req ogp.SearchRequest) []string {
	sel := selected(req)
	var out []string
	for _, name := range facetNames() {
		if !slices.Contains(sel, name) {
			out = append(out, name)
		}
	}
	return out
}

// withFilter restricts q to the documents filter matches, without
// changing their scores.
func withFilter(q, filter query.Query) query.Query {
	if filter == nil {
		return q
	}
	bq := query.NewBooleanQuery([]query.Query{q}, nil, nil)
	bq.AddFilter(filter)
	return bq
}
