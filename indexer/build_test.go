package indexer

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
	"github.com/ogpsearch/ogpsearch/internal/samplecorpus"
)

func sampleRecords(t *testing.T) []ogp.Commitment {
	t.Helper()
	recs, bad, err := ogp.ReadCorpus(bytes.NewReader(samplecorpus.JSONL()))
	if err != nil || len(bad) > 0 {
		t.Fatal(err, bad)
	}
	return recs
}

func writeCorpus(t *testing.T, path string, recs []ogp.Commitment, extra string) {
	t.Helper()
	var buf bytes.Buffer
	buf.WriteString(extra)
	if err := ogp.WriteCorpus(&buf, recs); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func build(t *testing.T, corpus, dir string, full bool) Summary {
	t.Helper()
	return buildWith(t, corpus, dir, Options{Full: full})
}

func buildWith(t *testing.T, corpus, dir string, opts Options) Summary {
	t.Helper()
	opts.BatchSize = 7
	sum, err := Build(context.Background(), corpus, dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

func TestBuildMergesTranslationsAndRejectsBadLines(t *testing.T) {
	dir := t.TempDir()
	corpus := filepath.Join(dir, "c.jsonl")
	bad := "{broken\n" + `{"id":"","lang":"fr"}` + "\n" + "{\"id\":\"X\xff\",\"lang\":\"fr\"}\n" + strings.Repeat("x", ogp.MaxLineBytes+10) + "\n"
	writeCorpus(t, corpus, sampleRecords(t), bad)
	if _, err := Build(context.Background(), corpus, filepath.Join(dir, "index"), Options{}); !errors.As(err, new(*RejectedError)) {
		t.Fatalf("rejected lines without --max-rejected: %v, want a RejectedError", err)
	}
	sum := buildWith(t, corpus, filepath.Join(dir, "index"), Options{MaxRejected: 4})
	if sum.Commitments != 76 || sum.Records != 191 || sum.Indexed != 76 {
		t.Errorf("summary %+v", sum)
	}
	want := map[int]string{1: "invalid JSON", 2: "no id", 3: "invalid UTF-8", 4: "line longer"}
	for _, r := range sum.Rejected {
		if !strings.Contains(r.Reason, want[r.Line]) {
			t.Errorf("line %d rejected for %q, want %q", r.Line, r.Reason, want[r.Line])
		}
		delete(want, r.Line)
	}
	if len(want) > 0 {
		t.Errorf("lines not reported: %v", want)
	}
	idx, _, err := Open(filepath.Join(dir, "index"))
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	req := bleve.NewSearchRequest(bleve.NewDocIDQuery([]string{"KR0018"}))
	req.Fields = []string{"*"}
	res, err := idx.Search(req)
	if err != nil || len(res.Hits) != 1 {
		t.Fatalf("KR0018: %v %v", err, res)
	}
	pages, err := Pages(res.Hits[0].Fields)
	if err != nil {
		t.Fatal(err)
	}
	var langs []string
	for _, p := range pages {
		langs = append(langs, p.Lang)
	}
	if strings.Join(langs, ",") != "en,fr,ko" || pages[1].Title != "Fournir des services personnalisés" || pages[1].Description == "" {
		t.Errorf("stored pages: %v, %q", langs, pages[1].Title)
	}
	facets := bleve.NewSearchRequest(bleve.NewMatchAllQuery())
	facets.AddFacet("lang", bleve.NewFacetRequest(FieldLanguage, 10))
	res, _ = idx.Search(facets)
	if res.Total != 76 {
		t.Errorf("%d documents, want one per commitment (76)", res.Total)
	}
	for _, tf := range res.Facets["lang"].Terms.Terms() {
		if tf.Term == "en" && tf.Count != 76 {
			t.Errorf("language facet counts %d English commitments, want 76", tf.Count)
		}
	}
}

func TestIncrementalBuild(t *testing.T) {
	dir := t.TempDir()
	corpus := filepath.Join(dir, "c.jsonl")
	index := filepath.Join(dir, "index")
	recs := sampleRecords(t)
	writeCorpus(t, corpus, recs, "")
	first := build(t, corpus, index, false)

	var next []ogp.Commitment
	for _, r := range recs {
		switch {
		case r.ID == "KR0001":
			continue // gone from the corpus
		case r.ID == "KR0018" && r.Lang == "fr":
			r.Title = "Fournir des services publics personnalisés"
			r.ContentHash = "changed"
		}
		next = append(next, r)
	}
	writeCorpus(t, corpus, next, "")
	sum := build(t, corpus, index, false) // one of 76 removed: within a tenth
	if sum.Indexed != 1 || sum.Removed != 1 || sum.Unchanged != 74 || sum.Commitments != 75 {
		t.Errorf("incremental summary %+v", sum)
	}
	if sum.Version <= first.Version {
		t.Errorf("version %s does not follow %s", sum.Version, first.Version)
	}
	third := build(t, corpus, index, true)
	if third.Indexed != 75 {
		t.Errorf("a full build re-indexed %d, want 75", third.Indexed)
	}
	var versions []string
	entries, _ := os.ReadDir(index)
	for _, e := range entries {
		if e.Name() != "LOCK" {
			versions = append(versions, e.Name())
		}
	}
	if len(versions) != 3 || !strings.Contains(strings.Join(versions, " "), sum.Version) {
		t.Errorf("want CURRENT, the current and the previous version; got %v", versions)
	}
}

func TestBuildFailureKeepsCurrentVersion(t *testing.T) {
	dir := t.TempDir()
	corpus := filepath.Join(dir, "c.jsonl")
	index := filepath.Join(dir, "index")
	writeCorpus(t, corpus, sampleRecords(t), "")
	first := build(t, corpus, index, false)
	if _, err := Build(context.Background(), filepath.Join(dir, "missing.jsonl"), index, Options{}); err == nil {
		t.Error("a missing corpus must fail")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Build(ctx, corpus, index, Options{Full: true}); err == nil {
		t.Error("a cancelled build must fail")
	}
	if _, v, err := Current(index); err != nil || v != first.Version {
		t.Errorf("current version %s (%v), want %s", v, err, first.Version)
	}
	if tmps, _ := filepath.Glob(filepath.Join(index, "*.tmp")); len(tmps) > 0 {
		t.Errorf("failed builds left %v", tmps)
	}
	if err := os.WriteFile(filepath.Join(index, "CURRENT"), []byte("../../etc\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Open(index); err == nil || !strings.Contains(err.Error(), "not a version") {
		t.Errorf("a corrupt CURRENT must be refused: %v", err)
	}
}

// TestCommonTermsFromTheCorpus: a full build chooses the common terms of
// its pairs from the corpus it indexes, not from the sample, and an
// incremental build keeps those of the version it copies.
func TestCommonTermsFromTheCorpus(t *testing.T) {
	dir := t.TempDir()
	corpus := filepath.Join(dir, "c.jsonl")
	index := filepath.Join(dir, "index")
	recs := sampleRecords(t)
	for i := range recs {
		recs[i].Description += " zyzzyva quokka zyzzyva quokka zyzzyva"
	}
	writeCorpus(t, corpus, recs, "")
	build(t, corpus, index, true)
	common := func() []any {
		idx, _, err := Open(index)
		if err != nil {
			t.Fatal(err)
		}
		defer idx.Close()
		im := idx.Mapping().(*mapping.IndexMappingImpl)
		list, _ := im.CustomAnalysis.Analyzers[PairsAnalyzer]["common"].([]any)
		return list
	}
	first := common()
	if !slices.Contains(first, any("zyzzyva")) || !slices.Contains(first, any("quokka")) {
		t.Fatalf("the corpus' most frequent words are not common terms: %v", first[:min(10, len(first))])
	}
	recs[0].Title += " changed"
	recs[0].ContentHash = "changed"
	writeCorpus(t, corpus, recs, "")
	if sum := build(t, corpus, index, false); sum.Indexed != 1 {
		t.Fatalf("incremental build: %+v", sum)
	}
	if !slices.Equal(common(), first) {
		t.Error("an incremental build changed the common terms")
	}
}
