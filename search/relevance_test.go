package search

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/ogpsearch/ogpsearch/indexer"
	"github.com/ogpsearch/ogpsearch/internal/ogp"
	"github.com/ogpsearch/ogpsearch/scraper/extract"
	"github.com/ogpsearch/ogpsearch/scraper/sitemodel"
)

// relevanceFile is one theme of testdata/relevance (see its README).
type relevanceFile struct {
	About            string           `json:"about"`
	Docs             []ogp.Commitment `json:"docs"`
	DocsFromTestdata []string         `json:"docs_from_testdata"`
	Queries          []struct {
		Q       string   `json:"q"`
		Lang    string   `json:"lang"`
		Prefix  string   `json:"prefix"`
		Suggest bool     `json:"suggest"`
		First   string   `json:"first"`
		Must    []string `json:"must"`
		MustNot []string `json:"must_not"`
		Why     string   `json:"why"`
	} `json:"queries"`
}

// TestRelevance runs every case of testdata/relevance through the search
// engine over a real index built by the indexer on disk, each file in its
// own index.
func TestRelevance(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "testdata", "relevance", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no relevance cases: %v", err)
	}
	total := 0
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".json"), func(t *testing.T) {
			total += runRelevanceFile(t, f)
		})
	}
	t.Logf("%d relevance queries", total)
}

func runRelevanceFile(t *testing.T, path string) int {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var rf relevanceFile
	if err := json.Unmarshal(data, &rf); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	docs := append([]ogp.Commitment(nil), rf.Docs...)
	for _, rel := range rf.DocsFromTestdata {
		docs = append(docs, extractTestdata(t, rel))
	}
	engine := buildTestEngine(t, docs)
	for _, q := range rf.Queries {
		found, err := relevanceFound(engine, q.Q, q.Lang, q.Prefix, q.Suggest)
		if err != nil {
			t.Errorf("%q: %v", q.Q, err)
			continue
		}
		got := map[string]bool{}
		ids := slices.Clone(found)
		for _, id := range found {
			got[id] = true
		}
		sort.Strings(ids)
		for _, id := range q.Must {
			if !got[id] {
				t.Errorf("%q (lang %s) misses %s; got %v — %s", q.Q, q.Lang, id, ids, q.Why)
			}
		}
		for _, id := range q.MustNot {
			if got[id] {
				t.Errorf("%q (lang %s) must not find %s; got %v — %s", q.Q, q.Lang, id, ids, q.Why)
			}
		}
		if q.First != "" && (len(found) == 0 || found[0] != q.First) {
			t.Errorf("%q (lang %s) ranks %v, want %s first — %s", q.Q, q.Lang, found, q.First, q.Why)
		}
	}
	return len(rf.Queries)
}

// relevanceFound runs one case as the search box does and returns the IDs
// it finds, in order: the search (a relaxed answer, where no hit has every
// word, counts as finding nothing, since the suite states what every-word
// search must and must not find), or with suggest the commitments the
// suggestions name.
func relevanceFound(engine *Engine, q, lang, prefix string, suggest bool) ([]string, error) {
	var found []string
	if suggest {
		sugg, err := engine.Suggest(context.Background(), q, lang, ogp.MaxSuggestions)
		for _, s := range sugg {
			if s.ID != "" && !slices.Contains(found, s.ID) {
				found = append(found, s.ID)
			}
		}
		return found, err
	}
	res, err := engine.Search(context.Background(), ogp.SearchRequest{Query: q, Lang: lang, Size: 100, Prefix: prefix})
	if err != nil || res.Relaxed {
		return nil, err
	}
	for _, h := range res.Hits {
		found = append(found, h.ID)
	}
	return found, nil
}

// buildTestEngine indexes records with the real indexer and opens an
// engine over them.
func buildTestEngine(t testing.TB, recs []ogp.Commitment) *Engine {
	t.Helper()
	dir := t.TempDir()
	buildTestIndex(t, recs, dir)
	e, err := OpenEngine(filepath.Join(dir, "index"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

// buildTestIndex indexes records with the real indexer into dir/index
// (scorch on disk, as in production).
func buildTestIndex(t testing.TB, recs []ogp.Commitment, dir string) {
	t.Helper()
	corpus := filepath.Join(dir, "commitments.jsonl")
	f, err := os.Create(corpus)
	if err != nil {
		t.Fatal(err)
	}
	if err := ogp.WriteCorpus(f, recs); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if _, err := indexer.Build(context.Background(), corpus, filepath.Join(dir, "index"), indexer.Options{}); err != nil {
		t.Fatal(err)
	}
}

// extractTestdata extracts a real page kept under testdata/ (rel is relative
// to that folder, e.g. kr0018/KR0018.fr.html).
func extractTestdata(t testing.TB, rel string) ogp.Commitment {
	f, err := os.Open(filepath.Join("..", "testdata", filepath.FromSlash(rel)))
	if err != nil {
		t.Fatalf("testdata page: %v", err)
	}
	defer f.Close()
	rec, err := extract.Extract(f, "", sitemodel.Default())
	if err != nil {
		t.Fatal(err)
	}
	return rec
}
