package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ogpsearch/ogpsearch/indexer"
	"github.com/ogpsearch/ogpsearch/internal"
	"github.com/ogpsearch/ogpsearch/internal/sample"
	"github.com/ogpsearch/ogpsearch/search"
)

func writeCorpusFile(t *testing.T, path string, recs []internal.Commitment) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := internal.WriteCorpus(f, recs); err != nil {
		t.Fatal(err)
	}
}

// checkIndexAnswers opens the current index of dir as the server does
// and checks it holds want commitments and answers a real search.
func checkIndexAnswers(t *testing.T, dir string, want uint64) {
	t.Helper()
	engine, err := search.OpenEngine(dir, nil)
	if err != nil {
		t.Fatalf("the index does not open: %v", err)
	}
	defer engine.Close()
	n, version := engine.Stats()
	if n != want {
		t.Errorf("version %s holds %d commitments, want %d", version, n, want)
	}
	res, err := engine.Search(context.Background(), internal.SearchRequest{Query: "services personnalisés", Lang: "fr"})
	if err != nil || res.Total == 0 || res.Relaxed {
		t.Errorf("version %s does not answer: %v, %d hits", version, err, res.Total)
	}
}

// TestIndexCommand builds an index with the real binary, reports a bad
// line, then re-runs incrementally.
func TestIndexCommand(t *testing.T) {
	dir := t.TempDir()
	corpus := filepath.Join(dir, "commitments.jsonl")
	data := append([]byte("{not json\n"), sample.Corpus()...)
	if err := os.WriteFile(corpus, data, 0o644); err != nil {
		t.Fatal(err)
	}
	r := runBinary(t, "index", "--corpus", corpus, "--index", filepath.Join(dir, "index"), "--quiet")
	if r.code != 0 || !strings.Contains(r.stdout, "76 commitments (76 indexed") || !strings.Contains(r.stderr, "rejected: line 1: invalid JSON") {
		t.Fatalf("index: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	checkIndexAnswers(t, filepath.Join(dir, "index"), 76)
	r = runBinary(t, "index", "--corpus", corpus, "--index", filepath.Join(dir, "index"), "--quiet")
	if r.code != 0 || !strings.Contains(r.stdout, "(0 indexed, 76 unchanged") {
		t.Errorf("incremental re-index: exit %d %s %s", r.code, r.stdout, r.stderr)
	}
	if r := runBinary(t, "index", "--corpus", corpus); r.code != 2 {
		t.Errorf("index without --index: exit %d, want 2", r.code)
	}
}

// TestIndexKilledMidBuild kills a real indexer process with SIGKILL while it
// builds a new version; the previous version must still open and answer,
// and the next build must succeed and clear the debris.
func TestIndexKilledMidBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds large indexes")
	}
	dir := t.TempDir()
	small := filepath.Join(dir, "small.jsonl")
	if err := os.WriteFile(small, sample.Corpus(), 0o644); err != nil {
		t.Fatal(err)
	}
	big, err := sample.Scale(6000, 1)
	if err != nil {
		t.Fatal(err)
	}
	bigPath := filepath.Join(dir, "big.jsonl")
	writeCorpusFile(t, bigPath, big)
	index := filepath.Join(dir, "index")
	if r := runBinary(t, "index", "--corpus", small, "--index", index, "--quiet"); r.code != 0 {
		t.Fatalf("first build: %s", r.stderr)
	}
	for trial, after := range []time.Duration{0, 700 * time.Millisecond, 2 * time.Second} {
		cmd := exec.Command(binary, "index", "--corpus", bigPath, "--index", index, "--full", "--quiet")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		waitForBuild(t, index)
		time.Sleep(after)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		err := cmd.Wait()
		if err == nil {
			t.Fatalf("trial %d: the build finished before it was killed; use a bigger corpus", trial)
		}
		checkIndexAnswers(t, index, 76)
	}
	if r := runBinary(t, "index", "--corpus", small, "--index", index, "--full", "--quiet"); r.code != 0 {
		t.Fatalf("build after the kills: %s", r.stderr)
	}
	checkIndexAnswers(t, index, 76)
	if tmps, _ := filepath.Glob(filepath.Join(index, "*.tmp")); len(tmps) > 0 {
		t.Errorf("debris of killed builds left: %v", tmps)
	}
}

// waitForBuild waits until a build has started writing its new version.
func waitForBuild(t *testing.T, index string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if tmps, _ := filepath.Glob(filepath.Join(index, "*.tmp")); len(tmps) > 0 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("the build never started")
}

// TestImportCommand imports the CSV fixture with the real binary: good
// rows become records, bad rows are reported by number, and the corpus
// indexes.
func TestImportCommand(t *testing.T) {
	out := filepath.Join(t.TempDir(), "corpus")
	r := runBinary(t, "import", "--format", "ogp-csv", filepath.Join("..", "..", "testdata", "import", "ogp-commitments.csv"), "--out", out)
	if r.code != 0 || !strings.Contains(r.stdout, "import: 3 commitments") {
		t.Fatalf("import: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{"row 4: \"\" is not a commitment ID", "row 5: year \"twenty-twenty\"", "row 6: \"XX12\""} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	data, err := os.ReadFile(filepath.Join(out, "commitments.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"member":"south-korea"`, `"key":"open-data"`, `"key":"quantum-budgeting"`, "every quarter.\\n\\nCitizens", `"completion":{"label":"Not Started","key":"not-started"}`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("corpus lacks %s", want)
		}
	}
	if r := runBinary(t, "index", "--corpus", out, "--index", filepath.Join(out, "..", "index"), "--quiet"); r.code != 0 {
		t.Errorf("index of the import: %s", r.stderr)
	}
	if r := runBinary(t, "import", "--format", "xlsx", "x.csv", "--out", out); r.code != 2 {
		t.Errorf("unknown format: exit %d, want 2", r.code)
	}
	if r := runBinary(t, "import", "--format", "ogp-csv", "--map", "nope=X", "x.csv", "--out", out); r.code != 2 {
		t.Errorf("bad --map: exit %d, want 2", r.code)
	}
}

// TestStatsCommand checks the quality view of the sample index.
func TestStatsCommand(t *testing.T) {
	dir := t.TempDir()
	corpus := filepath.Join(dir, "c.jsonl")
	if err := os.WriteFile(corpus, sample.Corpus(), 0o644); err != nil {
		t.Fatal(err)
	}
	index := filepath.Join(dir, "index")
	if r := runBinary(t, "index", "--corpus", corpus, "--index", index, "--quiet"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	r := runBinary(t, "stats", "--index", index)
	for _, want := range []string{"76 commitments, 191 pages (en 76, fr 48, es 22, ko 45)", "member", "south-korea 48", "es: 54 commitments", "policy_areas"} {
		if r.code != 0 || !strings.Contains(r.stdout, want) {
			t.Errorf("stats lacks %q (exit %d):\n%s%s", want, r.code, r.stdout, r.stderr)
		}
	}
	r = runBinary(t, "stats", "--index", index, "--json")
	var st indexer.Stats
	if err := json.Unmarshal([]byte(r.stdout), &st); err != nil || st.Empty["en"]["policy_areas"] != 2 || len(st.Missing["fr"]) != 28 {
		t.Errorf("stats --json: %v, empty en policy areas %d, missing fr %d", err, st.Empty["en"]["policy_areas"], len(st.Missing["fr"]))
	}
	if r := runBinary(t, "stats", "--index", filepath.Join(dir, "none")); r.code != 1 || !strings.Contains(r.stderr, "no index built yet") {
		t.Errorf("stats on no index: exit %d %s", r.code, r.stderr)
	}
}
