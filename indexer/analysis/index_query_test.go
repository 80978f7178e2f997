package analysis

import (
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// 정부 is not found in 과정부터 (과정 + 부터), whose middle syllables only
// spell it: morphemes, unlike bigrams of whole words, do not cross a
// particle.
func TestIndexNoFalseBigramMatch(t *testing.T) {
	idx := newTestIndex(t)
	if got := match(t, idx, "ko", "정부"); !slices.Equal(got, []string{"ko6"}) {
		t.Errorf("정부 found %v, want [ko6]", got)
	}
}

// Fuzzy matching must never be used for IDs: one edit turns kr0019 into
// kr0018. The test records why.
func TestIndexFuzzyIDsAreWrong(t *testing.T) {
	idx := newTestIndex(t)
	fq := query.NewFuzzyQuery("kr0019")
	fq.SetField("folded")
	fq.SetFuzziness(1)
	got := hits(t, idx, bleve.NewSearchRequest(fq))
	slices.Sort(got)
	if !slices.Equal(got, []string{"id1", "id2"}) {
		t.Errorf("fuzzy kr0019~1 found %v", got)
	}
}

// Highlights rely on offsets into the stored text.
func TestIndexHighlight(t *testing.T) {
	idx := newTestIndex(t)
	for _, c := range []struct{ field, q, doc, want string }{
		{"fr", "engagement", "fr3", "<mark>engagement</mark>"},
		{"fr", "état", "fr1", "l&#39;<mark>État</mark>"},
		{"ko", "서비스", "ko2", "<mark>서비스</mark>의"},
		{"ko", "2019", "ko7", "<mark>2019</mark>년"},
	} {
		mq := query.NewMatchQuery(c.q)
		mq.SetField(c.field)
		mq.Analyzer = QueryAnalyzer(fieldAnalyzers[c.field])
		req := bleve.NewSearchRequest(mq)
		req.Highlight = bleve.NewHighlightWithStyle("html")
		res, err := idx.Search(req)
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(res.Hits, func(h *search.DocumentMatch) bool { return h.ID == c.doc })
		if i < 0 {
			t.Fatalf("%q: %s not in hits %v", c.q, c.doc, res.Hits)
		}
		frag := strings.Join(res.Hits[i].Fragments[c.field], " ")
		if !strings.Contains(frag, c.want) {
			t.Errorf("%q: fragment %q lacks %q", c.q, frag, c.want)
		}
	}
}

// Positions count Hangul syllables, so a phrase matches with or without
// the space; IDs take one position.
func TestIndexPhrase(t *testing.T) {
	idx := newTestIndex(t)
	for _, c := range []struct {
		field, q string
		want     []string
	}{
		{"ko", "공공 서비스", []string{"ko2", "ko3"}},
		{"ko", "공공서비스", []string{"ko2", "ko3"}},
		{"ko", "서비스를 개선한다", []string{"ko1"}},
		{"ko", "개선한다 서비스를", nil},
		{"fr", "plan d’action", []string{"fr2"}},
		{"fr", "공공서비스 개선", []string{"fr2"}},
		{"folded", "KR 0018 open", []string{"id1"}},
		{"folded", "KR0019 budget", []string{"id2"}},
	} {
		pq := query.NewMatchPhraseQuery(c.q)
		pq.SetField(c.field)
		pq.Analyzer = QueryAnalyzer(fieldAnalyzers[c.field])
		got := hits(t, idx, bleve.NewSearchRequest(pq))
		slices.Sort(got)
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: phrase %q found %v, want %v", c.field, c.q, got, c.want)
		}
	}
}

// The search box may require each word of "KR 0018" on its own; the parts
// the index keeps next to the joined ID make that work too.
func TestIndexIDWordByWord(t *testing.T) {
	idx := newTestIndex(t)
	for _, c := range []struct {
		words []string
		want  []string
	}{
		{[]string{"KR", "0018"}, []string{"id1"}},
		{[]string{"kr", "0019"}, []string{"id2"}},
		{[]string{"KR", "0017"}, nil},
	} {
		var musts []query.Query
		for _, w := range c.words {
			mq := query.NewMatchQuery(w)
			mq.SetField("folded")
			mq.Analyzer = FoldedQuery
			musts = append(musts, mq)
		}
		got := hits(t, idx, bleve.NewSearchRequest(query.NewConjunctionQuery(musts)))
		slices.Sort(got)
		if !slices.Equal(got, c.want) {
			t.Errorf("%v found %v, want %v", c.words, got, c.want)
		}
	}
}
