package search

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/ogpsearch/ogpsearch/indexer"
	"github.com/ogpsearch/ogpsearch/internal/ogp"
	"github.com/ogpsearch/ogpsearch/internal/samplecorpus"
)

// The sample corpus: 76 commitments, 191 pages in en/fr/es/ko.
const sampleCommitments = 76

// fixtureRoot holds the indexes the tests of this binary build once; it is
// removed when they are done.
var fixtureRoot = sync.OnceValues(func() (string, error) { return os.MkdirTemp("", "ogpsearch-search-test") })

func TestMain(m *testing.M) {
	code := m.Run()
	if root, err := fixtureRoot(); err == nil {
		os.RemoveAll(root)
	}
	os.Exit(code)
}

// sampleIndex is the index of the embedded sample corpus, built once.
var sampleIndex = sync.OnceValues(func() (string, error) {
	recs, _, err := ogp.ReadCorpus(bytes.NewReader(samplecorpus.JSONL()))
	if err != nil {
		return "", err
	}
	return buildIndex("sample", recs)
})

// buildIndex writes recs as a corpus under the fixture root and indexes
// it into a directory of its own, which it returns.
func buildIndex(name string, recs []ogp.Commitment) (string, error) {
	root, err := fixtureRoot()
	if err != nil {
		return "", err
	}
	dir := filepath.Join(root, name)
	if err := writeCorpus(filepath.Join(dir, "corpus.jsonl"), recs); err != nil {
		return "", err
	}
	_, err = indexer.Build(context.Background(), filepath.Join(dir, "corpus.jsonl"), filepath.Join(dir, "index"), indexer.Options{Full: true})
	return filepath.Join(dir, "index"), err
}

func writeCorpus(path string, recs []ogp.Commitment) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := ogp.WriteCorpus(f, recs); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// sampleEngine opens an engine over the sample index.
func sampleEngine(t testing.TB) *Engine {
	t.Helper()
	dir, err := sampleIndex()
	if err != nil {
		t.Fatal(err)
	}
	e, err := OpenEngine(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

// sampleVersion opens an engine over the sample index and holds its
// version until the test ends.
func sampleVersion(t testing.TB) (*Engine, *version) {
	t.Helper()
	e := sampleEngine(t)
	v, err := e.acquire()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.release(v) })
	return e, v
}

// search runs a request and fails the test on error.
func search(t testing.TB, e *Engine, req ogp.SearchRequest) ogp.SearchResult {
	t.Helper()
	res, err := e.Search(context.Background(), req)
	if err != nil {
		t.Fatalf("search %+v: %v", req, err)
	}
	return res
}

func ids(res ogp.SearchResult) []string {
	out := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		out[i] = h.ID
	}
	return out
}

func errCode(err error) string {
	if err == nil {
		return ""
	}
	return ogp.ErrorCode(err)
}

func TestOpenEngineWithoutIndex(t *testing.T) {
	_, err := OpenEngine(t.TempDir(), nil)
	if !errors.Is(err, indexer.ErrNoIndex) {
		t.Fatalf("got %v, want ErrNoIndex", err)
	}
}

func TestStatsReadyCommitment(t *testing.T) {
	e := sampleEngine(t)
	if docs, version := e.Stats(); docs != sampleCommitments || version == "" {
		t.Errorf("Stats = %d, %q", docs, version)
	}
	if err := e.Ready(context.Background()); err != nil {
		t.Errorf("Ready: %v", err)
	}
	pages, err := e.Commitment(context.Background(), "kr0018")
	if err != nil {
		t.Fatal(err)
	}
	var langs []string
	for _, p := range pages {
		langs = append(langs, p.Lang)
	}
	if fmt.Sprint(langs) != "[en fr ko]" || pages[1].Title != "Fournir des services personnalisés" {
		t.Errorf("KR0018 pages: %v %q", langs, pages[1].Title)
	}
	for id, code := range map[string]string{"KR9999": ogp.ENotFound, "nonsense": ogp.EInvalid, "": ogp.EInvalid} {
		if _, err := e.Commitment(context.Background(), id); errCode(err) != code {
			t.Errorf("Commitment(%q) = %v, want %s", id, err, code)
		}
	}
}

func TestClosedEngine(t *testing.T) {
	e := sampleEngine(t)
	e.Close()
	if _, err := e.Search(context.Background(), ogp.SearchRequest{}); errCode(err) != ogp.EUnavailable {
		t.Errorf("search on a closed engine: %v", err)
	}
	if err := e.Ready(context.Background()); err == nil {
		t.Error("a closed engine is ready")
	}
}

// TestReloadUnderLoad switches versions while searches run: no search
// fails, and each answer comes from one version (its total and its counts
// agree).
func TestReloadUnderLoad(t *testing.T) {
	recs, _, err := ogp.ReadCorpus(bytes.NewReader(samplecorpus.JSONL()))
	if err != nil {
		t.Fatal(err)
	}
	fewer := recs[:0:0]
	for _, r := range recs {
		if r.Member != "kenya" && r.Member != "seoul-korea" { // 9 commitments fewer
			fewer = append(fewer, r)
		}
	}
	dir := t.TempDir()
	corpora := []string{filepath.Join(dir, "all.jsonl"), filepath.Join(dir, "fewer.jsonl")}
	for i, rs := range [][]ogp.Commitment{recs, fewer} {
		if err := writeCorpus(corpora[i], rs); err != nil {
			t.Fatal(err)
		}
	}
	index := filepath.Join(dir, "index")
	build := func(corpus string) {
		t.Helper()
		if _, err := indexer.Build(context.Background(), corpus, index, indexer.Options{Full: true, AllowRemovals: true}); err != nil {
			t.Fatal(err)
		}
	}
	build(corpora[0])
	e, err := OpenEngine(index, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()

	stop := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for g := 0; g < 4; g++ {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				if err := checkOneVersion(e, i+g); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	for i := 0; i < 4; i++ {
		build(corpora[(i+1)%2])
		if switched, err := e.Reload(); err != nil || !switched {
			t.Errorf("reload %d: %v %v", i, switched, err)
		}
	}
	close(stop)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if switched, err := e.Reload(); switched || err != nil {
		t.Errorf("reload without a new version: %v %v", switched, err)
	}
	if docs, _ := e.Stats(); docs != sampleCommitments {
		t.Errorf("after the last reload: %d commitments", docs)
	}
	e.mu.Lock()
	if refs := e.cur.refs; refs != 0 {
		t.Errorf("%d searches still hold the version", refs)
	}
	e.mu.Unlock()
}

// checkOneVersion runs one of a few requests and checks its answer. It
// gives them time: the race detector slows searches while indexes build.
func checkOneVersion(e *Engine, i int) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	switch i % 4 {
	case 0, 1:
		res, err := e.Search(ctx, ogp.SearchRequest{Query: []string{"", "data"}[i%2], Facets: true, Snippets: true, Size: 100,
			Filters: map[string][]string{"language": {"en"}}})
		if err != nil {
			return err
		}
		en := counts(res.Facets["language"])["en"]
		if en != res.Total || len(res.Hits) != res.Total || (i%2 == 0 && res.Total != sampleCommitments && res.Total != sampleCommitments-9) {
			return fmt.Errorf("mixed answer: total %d, %d hits, en %d", res.Total, len(res.Hits), en)
		}
	case 2:
		if _, err := e.Suggest(ctx, "ope", "en", 10); err != nil {
			return err
		}
	case 3:
		if _, err := e.Commitment(ctx, "KR0018"); err != nil {
			return err
		}
	}
	return nil
}

func TestReloadRefusesABrokenVersion(t *testing.T) {
	recs, _, err := ogp.ReadCorpus(bytes.NewReader(samplecorpus.JSONL()))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := writeCorpus(filepath.Join(dir, "c.jsonl"), recs[:20]); err != nil {
		t.Fatal(err)
	}
	index := filepath.Join(dir, "index")
	if _, err := indexer.Build(context.Background(), filepath.Join(dir, "c.jsonl"), index, indexer.Options{}); err != nil {
		t.Fatal(err)
	}
	e, err := OpenEngine(index, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	docs, version := e.Stats()
	broken := "v99999999999999999999"
	if err := os.MkdirAll(filepath.Join(index, broken), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(index, broken, "index_meta.json"), []byte("{not json"), 0o644)
	if err := os.WriteFile(filepath.Join(index, "CURRENT"), []byte(broken+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if switched, err := e.Reload(); err == nil || switched {
		t.Errorf("a broken version was taken: %v %v", switched, err)
	}
	if d, v := e.Stats(); d != docs || v != version {
		t.Errorf("after a refused reload: %d %s", d, v)
	}
	if res := search(t, e, ogp.SearchRequest{}); res.Total != int(docs) {
		t.Errorf("the old version does not answer: %d", res.Total)
	}
}
