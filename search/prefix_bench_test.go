package search

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/ogpsearch/ogpsearch/indexer"
	"github.com/ogpsearch/ogpsearch/indexer/analysis"
)

// BenchmarkPrefixWays compares ways of finding the word being typed, on
// the same index and the same typed queries, the words before it built
// alike:
//   - edge: what search as you type does (builder.startsWith): a prefix of
//     up to three letters is one term of the prefixes field, a longer one
//     is expanded to its 16 most frequent completions;
//   - expand-N: the prefix expanded, as Meilisearch's prefix databases
//     do, to the N most frequent terms of the title, body and folded
//     fields that start with it (the dictionary walked at each keystroke);
//   - expand-all: to every such term, as bleve's prefix query does.
//
// It reports the latency of the bleve search alone (no hits decoded) and,
// in recall-%, the share of the edge way's matches each way finds. The
// prefixes field exists for the short prefixes: expanded, they are the
// slow ones.
func BenchmarkPrefixWays(b *testing.B) {
	fx := benchFixture(b)
	v, err := fx.engine.acquire()
	if err != nil {
		b.Fatal(err)
	}
	defer fx.engine.release(v)
	ways := []struct {
		name string
		k    int // 0: edge; -1: every term
	}{{"edge", 0}, {"expand-64", 64}, {"expand-all", -1}}
	totals := map[string][]uint64{}
	for _, w := range ways {
		for _, q := range typedQueries {
			res, err := v.idx.Search(bleve.NewSearchRequestOptions(prefixWayQuery(b, v, fx.engine.an, q, w.k), 10, 0, false))
			if err != nil {
				b.Fatal(err)
			}
			totals[w.name] = append(totals[w.name], res.Total)
		}
	}
	for _, w := range ways {
		b.Run(w.name, func(b *testing.B) {
			measure(b, 1, typedQueries, func(ctx context.Context, i int) error {
				q := prefixWayQuery(b, v, fx.engine.an, typedQueries[i%len(typedQueries)], w.k)
				_, err := v.idx.SearchInContext(ctx, bleve.NewSearchRequestOptions(q, 10, 0, false))
				return err
			})
			var found, edge uint64
			for i, n := range totals[w.name] {
				found += min(n, totals["edge"][i])
				edge += totals["edge"][i]
			}
			b.ReportMetric(100*float64(found)/float64(max(edge, 1)), "recall-%")
		})
	}
}

// prefixWayQuery builds the strict query of a typed query with its last
// word found one way or the other.
func prefixWayQuery(b *testing.B, v *version, an *analyzers, typed string, k int) query.Query {
	bl := v.queryBuilder(an, "en")
	clauses := parseQuery(typed, true)
	tq, err := bl.build(clauses)
	if err != nil {
		b.Fatal(err)
	}
	if k == 0 {
		return tq.strict()
	}
	last := clauses[len(clauses)-1]
	if !last.prefix {
		return tq.strict()
	}
	words := strings.Fields(last.text)
	prefix := an.terms(analysis.EdgeQuery, words[len(words)-1])
	if len(prefix) == 0 {
		return tq.strict()
	}
	type entry struct {
		field, term string
		count       uint64
	}
	var entries []entry
	for _, f := range []string{indexer.FieldTitle, indexer.FieldBody, indexer.FieldFolded} {
		d, err := v.idx.FieldDictPrefix(f, []byte(prefix[0]))
		if err != nil {
			b.Fatal(err)
		}
		for e, err := d.Next(); e != nil && err == nil; e, err = d.Next() {
			if !strings.Contains(e.Term, " ") && !strings.Contains(e.Term, "_") { // not a pair of words
				entries = append(entries, entry{f, e.Term, e.Count})
			}
		}
		d.Close()
	}
	slices.SortFunc(entries, func(a, b entry) int { return int(b.count) - int(a.count) })
	if k > 0 && len(entries) > k {
		entries = entries[:k]
	}
	var alts []query.Query
	for _, e := range entries {
		t := query.NewTermQuery(e.term)
		t.SetField(e.field)
		alts = append(alts, t)
	}
	completion := query.Query(query.NewDisjunctionQuery(alts))
	if len(words) > 1 {
		before := bl.wordQuery(strings.Join(words[:len(words)-1], " "), true, newMarks())
		completion = query.NewConjunctionQuery([]query.Query{before, completion})
	}
	must := append(slices.Clone(tq.must[:len(tq.must)-1]), completion)
	return query.NewBooleanQuery(append(must, tq.fields...), nil, tq.not)
}
