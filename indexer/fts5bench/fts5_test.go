package fts5bench

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
	"github.com/ogpsearch/ogpsearch/internal/sample"
	"github.com/ogpsearch/ogpsearch/internal/samplecorpus"
)

func TestMatchExpr(t *testing.T) {
	for q, want := range map[string]string{
		"open data":               `"open" "data"`,
		`"open data"`:             `"open data"`,
		`budget "open data" 2019`: `"budget" "open data" "2019"`,
		`NEAR(a b) OR c*`:         `"NEAR(a" "b)" "OR" "c*"`,
		`"unclosed phrase`:        `"unclosed phrase"`,
		"   ":                     "",
		"accès à l'information":   `"accès" "à" "l'information"`,
		`"accès à l'information"`: `"accès à l'information"`,
		"공공데이터":                   `"공공데이터"`,
		`"" empty quotes`:         `"empty" "quotes"`,
	} {
		if got := MatchExpr(q); got != want {
			t.Errorf("MatchExpr(%q) = %s, want %s", q, got, want)
		}
	}
}

// The baseline answers the benchmark queries on the sample corpus: hits,
// snippets and facet counts that add up.
func TestSearchSample(t *testing.T) {
	recs, bad, err := ogp.ReadCorpus(bytes.NewReader(samplecorpus.JSONL()))
	if err != nil || len(bad) > 0 {
		t.Fatal(err, bad)
	}
	path := filepath.Join(t.TempDir(), "fts.db")
	ctx := context.Background()
	if err := Build(ctx, path, Docs(recs)); err != nil {
		t.Fatal(err)
	}
	s, err := Open(path, 2)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	res, err := s.Full(ctx, "transparency")
	if err != nil {
		t.Fatal(err)
	}
	if res.Total == 0 || len(res.Hits) == 0 || !strings.Contains(res.Hits[0].Snippet, "<mark>") {
		t.Fatalf("transparency: %+v", res)
	}
	for _, f := range Facets {
		if len(res.Facets[f]) == 0 && f != "starred" && f != "completion" {
			t.Errorf("no counts for facet %s", f)
		}
	}
	sum := 0
	for _, n := range res.Facets["year"] {
		sum += n
	}
	if sum != res.Total || res.Facets["language"]["en"] != res.Total {
		t.Errorf("year counts add to %d, English %d, of %d matches", sum, res.Facets["language"]["en"], res.Total)
	}
	phrase, _ := s.Full(ctx, `"open data"`)
	words, _ := s.Full(ctx, "open data")
	if phrase.Total == 0 || phrase.Total > words.Total {
		t.Errorf(`"open data" matches %d, open data %d`, phrase.Total, words.Total)
	}
	for _, q := range sample.BenchQueries {
		if _, err := s.Keystroke(ctx, q); err != nil {
			t.Errorf("%s: %v", q, err)
		}
	}
	if ids, _ := s.Keystroke(ctx, "elaboration"); len(ids) == 0 {
		t.Error("accents are not folded")
	}
}
