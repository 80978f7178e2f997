package analysis

import (
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	_ "github.com/blevesearch/bleve/v2/search/highlight/highlighter/html"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// fieldAnalyzers gives each test field an index-time analyzer.
var fieldAnalyzers = map[string]string{
	"fr": French, "en": English, "es": Spanish, "ko": Korean, "folded": Folded,
}

// testDocs are indexed after ogp.NormalizeText, as the indexer does.
func testDocs() map[string]map[string]string {
	return map[string]map[string]string{
		"fr1":  {"fr": "L’élaboration des services publics pour les citoyens et l'État"},
		"fr2":  {"fr": "Mettre en œuvre le plan d’action ; rapport 공공서비스 개선"},
		"fr3":  {"fr": "Accès à l'information et engagement des citoyennes"},
		"en1":  {"en": "López's open data portal services for OGP"},
		"es1":  {"es": "La participación ciudadana cada año"},
		"ko1":  {"ko": "공공참여를 확대하고 서비스를 개선한다"},
		"ko2":  {"ko": "공공 서비스의 질을 높인다"},
		"ko3":  {"ko": "공공서비스 혁신"},
		"ko4":  {"ko": "공공데이터를 개방한다"},
		"ko5":  {"ko": "교육 과정부터 다시 본다"},
		"ko6":  {"ko": "정부는 시민과 협력한다"},
		"ko7":  {"ko": "２０１９년 제5차 국가실행계획"},
		"ko8":  {"ko": "개인정보 보호 법 개정"},
		"ko9":  {"ko": "새로운 방법을 찾는다"},
		"ko10": {"ko": "정보공개법을 개정한다"},
		"ko11": {"ko": "세금 감면"},
		"id1":  {"folded": "KR0018 Open data"},
		"id2":  {"folded": "KR 0019 Budget"},
	}
}

// newTestIndex builds a scorch index on disk (fuzzy edit distances are
// counted in characters there, in bytes in bleve's in-memory index).
func newTestIndex(t *testing.T) bleve.Index {
	t.Helper()
	doc := bleve.NewDocumentStaticMapping()
	for field, analyzer := range fieldAnalyzers {
		fm := bleve.NewTextFieldMapping()
		fm.Analyzer = analyzer
		fm.Store = true
		fm.IncludeTermVectors = true
		doc.AddFieldMappingsAt(field, fm)
	}
	im := mapping.NewIndexMapping()
	im.DefaultMapping = doc
	im.DefaultAnalyzer = Folded
	idx, err := bleve.New(t.TempDir(), im)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	b := idx.NewBatch()
	for id, fields := range testDocs() {
		d := map[string]string{}
		for f, v := range fields {
			d[f] = ogp.NormalizeText(v)
		}
		if err := b.Index(id, d); err != nil {
			t.Fatal(err)
		}
	}
	if err := idx.Batch(b); err != nil {
		t.Fatal(err)
	}
	return idx
}

// match runs q on field as the search box does: a match query, operator
// AND, analyzed with the field's query-side analyzer. Hits come in score
// order.
func match(t *testing.T, idx bleve.Index, field, q string) []string {
	t.Helper()
	mq := query.NewMatchQuery(q)
	mq.SetField(field)
	mq.Analyzer = QueryAnalyzer(fieldAnalyzers[field])
	mq.SetOperator(query.MatchQueryOperatorAnd)
	return hits(t, idx, bleve.NewSearchRequestOptions(mq, 20, 0, false))
}

func hits(t *testing.T, idx bleve.Index, req *bleve.SearchRequest) []string {
	t.Helper()
	res, err := idx.Search(req)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	return ids
}

func TestIndexMatches(t *testing.T) {
	idx := newTestIndex(t)
	cases := []struct {
		field, q string
		want     []string // sorted, or nil for none
	}{
		{"fr", "elaboration", []string{"fr1"}},
		{"fr", "Élaboration", []string{"fr1"}},
		{"fr", "etat", []string{"fr1"}},
		{"fr", "État", []string{"fr1"}},
		{"fr", "service", []string{"fr1"}},
		{"fr", "citoyen", []string{"fr1", "fr3"}},
		{"fr", "oeuvre", []string{"fr2"}},
		{"fr", "œuvre", []string{"fr2"}},
		{"fr", "l’engagement", []string{"fr3"}},
		{"fr", "d'information", []string{"fr3"}},
		{"fr", "acces", []string{"fr3"}},
		{"fr", "공공서비스", []string{"fr2"}},
		{"fr", "공공 서비스", []string{"fr2"}},
		{"fr", "서비스를", []string{"fr2"}},
		{"en", "Lopez", []string{"en1"}},
		{"en", "service", []string{"en1"}},
		{"en", "ＯＧＰ", []string{"en1"}},
		{"en", "ogp", []string{"en1"}},
		{"es", "participacion", []string{"es1"}},
		{"es", "ano", []string{"es1"}},
		{"es", "año", []string{"es1"}},
		{"ko", "공공참여", []string{"ko1"}},
		{"ko", "서비스", []string{"ko1", "ko2", "ko3"}},
		{"ko", "서비스를", []string{"ko1", "ko2", "ko3"}},
		{"ko", "서비스의", []string{"ko1", "ko2", "ko3"}},
		{"ko", "공공데이터", []string{"ko4"}},
		// a compound's morphemes, anywhere: the search engine asks for
		// them next to each other
		{"ko", "공공서비스", []string{"ko1", "ko2", "ko3"}},
		{"ko", "공공서비스를", []string{"ko1", "ko2", "ko3"}},
		// words apart: both words anywhere, as with Latin words
		{"ko", "공공 서비스", []string{"ko1", "ko2", "ko3"}},
		{"ko", "2019", []string{"ko7"}},
		{"ko", "２０１９", []string{"ko7"}},
		{"ko", "2019년", []string{"ko7"}},
		{"ko", "5차", []string{"ko7"}},
		// a one-syllable noun, alone or in a compound (정보공개법을)
		{"ko", "법", []string{"ko10", "ko8"}},
		{"ko", "법 개정", []string{"ko10", "ko8"}},
		{"ko", "방법", []string{"ko9"}},
		// conjugated forms
		{"ko", "개방했다", []string{"ko4"}},
		{"ko", "높였다", []string{"ko2"}},
		{"ko", "정보공개 법", []string{"ko10"}},
		// one syllable: only where it is a morpheme of its own
		{"ko", "세", nil},
		{"ko", "세금", []string{"ko11"}},
		{"folded", "KR0018", []string{"id1"}},
		{"folded", "kr0018", []string{"id1"}},
		{"folded", "KR 0018", []string{"id1"}},
		{"folded", "KR0019", []string{"id2"}},
		{"folded", "kr 0019", []string{"id2"}},
		{"folded", "KR0017", nil},
	}
	for _, c := range cases {
		got := match(t, idx, c.field, c.q)
		slices.Sort(got)
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: %q found %v, want %v", c.field, c.q, got, c.want)
		}
	}
}
