package main

import (
	"bytes"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	"github.com/ogpsearch/ogpsearch/indexer"
	"github.com/ogpsearch/ogpsearch/internal/ogp"
	"github.com/ogpsearch/ogpsearch/internal/sample"
	"github.com/ogpsearch/ogpsearch/internal/samplecorpus"
)

// The tests of this file run the binary as cron would, with the inputs a
// bad night produces, and check that the served data stays as it was and
// that the exit status says the job failed.

// servedTotal is how many commitments a running server answers for
// everything.
func servedTotal(t *testing.T, base string) int {
	t.Helper()
	res, _ := searchAPI(t, base, url.Values{"size": {"1"}, "facets": {"false"}})
	return res.Total
}

// sampleRecords reads the sample corpus.
func sampleRecords(t *testing.T) []ogp.Commitment {
	t.Helper()
	recs, bad, err := ogp.ReadCorpus(bytes.NewReader(samplecorpus.JSONL()))
	if err != nil || len(bad) > 0 {
		t.Fatal(err, bad)
	}
	return recs
}

func TestIndexRefusesToShrink(t *testing.T) {
	corpus, index := indexedSample(t)
	_, good, _ := indexer.Current(index)
	base := startServe(t, "--index", index, "--reload-every", "100ms")
	dir := filepath.Dir(corpus)

	empty := filepath.Join(dir, "empty.jsonl")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	var half []ogp.Commitment
	ids := map[string]bool{}
	for _, r := range sampleRecords(t) {
		if len(ids) < 38 || ids[r.ID] {
			ids[r.ID] = true
			half = append(half, r)
		}
	}
	halfPath := filepath.Join(dir, "half.jsonl")
	writeCorpusFile(t, halfPath, half)
	// The only good line behind a line too long to read.
	behind := filepath.Join(dir, "behind.jsonl")
	long := `{"id":"KR0018","lang":"en","description":"` + strings.Repeat("x", ogp.MaxLineBytes) + "\"}\n"
	var one bytes.Buffer
	if err := ogp.WriteCorpus(&one, sampleRecords(t)[:1]); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(behind, append([]byte(long), one.Bytes()...), 0o644); err != nil {
		t.Fatal(err)
	}

	cases := []struct {
		name, corpus string
		args         []string
		stderr       []string
	}{
		{"empty", empty, nil, []string{"would leave none of its 76 commitments", "--allow-removals"}},
		{"empty, full", empty, []string{"--full"}, []string{"would leave none of its 76 commitments"}},
		{"half", halfPath, nil, []string{"would remove 38 of its 76 commitments, more than a tenth", "--allow-removals"}},
		{"half, full", halfPath, []string{"--full"}, []string{"would remove 38 of its 76"}},
		{"behind a long line", behind, nil, []string{"rejected: line 1: line longer than", "1 corpus lines rejected, 0 allowed", "--max-rejected 1"}},
		{"behind a long line, allowed", behind, []string{"--max-rejected", "1"}, []string{"would remove 74 of its 76"}},
	}
	// Three failed nights in a row, as cron would run them: the good
	// version must still be there, current and served.
	for night := range 3 {
		for _, c := range cases {
			r := runBinary(t, append([]string{"index", "--corpus", c.corpus, "--index", index, "--quiet"}, c.args...)...)
			if r.code != 1 {
				t.Errorf("night %d, %s corpus: exit %d, want 1\n%s%s", night, c.name, r.code, r.stdout, r.stderr)
			}
			for _, want := range c.stderr {
				if !strings.Contains(r.stderr, want) {
					t.Errorf("night %d, %s corpus: stderr lacks %q:\n%s", night, c.name, want, r.stderr)
				}
			}
		}
	}
	if _, now, _ := indexer.Current(index); now != good {
		t.Errorf("CURRENT moved from %s to %s", good, now)
	}
	if _, err := os.Stat(filepath.Join(index, good)); err != nil {
		t.Errorf("the good version was pruned: %v", err)
	}
	time.Sleep(300 * time.Millisecond) // past a reload
	if n := servedTotal(t, base); n != 76 {
		t.Errorf("the server answers %d commitments, want 76", n)
	}

	// Said on purpose, the removals happen.
	r := runOK(t, "index", "--corpus", halfPath, "--index", index, "--quiet", "--allow-removals")
	if !strings.Contains(r.stdout, "38 commitments (0 indexed, 38 unchanged, 38 removed)") {
		t.Errorf("allowed removals: %s", r.stdout)
	}
	// A first build into an empty directory is not a shrink.
	runOK(t, "index", "--corpus", halfPath, "--index", filepath.Join(dir, "fresh"), "--quiet")
}

func TestIndexRejectsBadIDsAndURLs(t *testing.T) {
	corpus, index := indexedSample(t)
	recs := sampleRecords(t)
	var extra []string
	for _, mutate := range []func(*ogp.Commitment){
		func(c *ogp.Commitment) { c.ID = "../../etc" },
		func(c *ogp.Commitment) { c.ID = "ZZ" },
		func(c *ogp.Commitment) { c.URL = "javascript:alert(document.cookie)" },
	} {
		c := recs[0]
		mutate(&c)
		var b bytes.Buffer
		if err := ogp.WriteCorpus(&b, []ogp.Commitment{c}); err != nil {
			t.Fatal(err)
		}
		extra = append(extra, b.String())
	}
	data := append([]byte(strings.Join(extra, "")), samplecorpus.JSONL()...)
	if err := os.WriteFile(corpus, data, 0o644); err != nil {
		t.Fatal(err)
	}
	r := runBinary(t, "index", "--corpus", corpus, "--index", index, "--quiet")
	for _, want := range []string{
		`rejected: line 1: id "../../etc" is not a commitment ID`,
		`rejected: line 2: id "ZZ" is not a commitment ID`,
		`rejected: line 3: url "javascript:alert(document.cookie)" is not an http(s) address`,
		"3 corpus lines rejected, 0 allowed",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if r.code != 1 {
		t.Errorf("exit %d, want 1", r.code)
	}
	// Allowed, the rest is indexed; the rejected lines never are, and the
	// commitment whose line had the bad URL keeps its good document.
	r = runOK(t, "index", "--corpus", corpus, "--index", index, "--quiet", "--max-rejected", "3", "--full")
	if !strings.Contains(r.stdout, "76 commitments") {
		t.Errorf("summary: %s", r.stdout)
	}
	base := startServe(t, "--index", index)
	for _, q := range []string{"etc", "ZZ", "javascript"} {
		res, _ := searchAPI(t, base, url.Values{"q": {q}})
		for _, h := range res.Hits {
			if _, ok := ogp.ParseID(h.ID); !ok || strings.Contains(h.URL, "javascript") {
				t.Errorf("q=%s finds %s %s", q, h.ID, h.URL)
			}
		}
	}
	if code, body := get(t, base+"/api/v1/commitments/"+recs[0].ID); code != 200 || strings.Contains(body, "javascript:") {
		t.Errorf("%s: %d %.200s", recs[0].ID, code, body)
	}
}

func TestImportLatin1OverAGoodCorpus(t *testing.T) {
	csvPath := filepath.Join("..", "..", "testdata", "import", "ogp-commitments.csv")
	out := filepath.Join(t.TempDir(), "corpus")
	runOK(t, "import", "--format", "ogp-csv", csvPath, "--out", out, "--max-rejected", "3")
	corpusFile := filepath.Join(out, "commitments.jsonl")
	before, err := os.ReadFile(corpusFile)
	if err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(corpusFile); st.Mode().Perm() != 0o644 {
		t.Errorf("corpus mode %v, want 0644", st.Mode().Perm())
	}

	// The same rows, with accents, saved by a spreadsheet in Latin-1.
	utf8CSV := "Commitment Unique Identifier,Country/Locality,Theme,Year Of Submission,Commitment Title\n" +
		"KR9101,South Korea,Open Data,2018,Données budgétaires ouvertes\n" +
		"FR9102,France,Public Participation,2021,Accès à l'information\n" +
		"KE9104,Kenya,Health,2019,Réforme de la santé\n"
	latin1, err := charmap.ISO8859_1.NewEncoder().String(utf8CSV)
	if err != nil {
		t.Fatal(err)
	}
	latinPath := filepath.Join(t.TempDir(), "latin1.csv")
	if err := os.WriteFile(latinPath, []byte(latin1), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runBinary(t, "import", "--format", "ogp-csv", latinPath, "--out", out)
	if r.code != 1 || !strings.Contains(r.stderr, "not UTF-8 text (line 2 is not)") || !strings.Contains(r.stderr, "--encoding latin1") {
		t.Errorf("Latin-1 CSV: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if after, _ := os.ReadFile(corpusFile); !bytes.Equal(after, before) {
		t.Error("a failed import changed the corpus")
	}
	for _, bad := range []struct{ name, data, stderr string }{
		{"empty.csv", "", "the CSV file is empty"},
		{"utf16.csv", "\xff\xfeC\x00", "UTF-16 text (little-endian)"},
		{"header-only.csv", strings.SplitAfter(utf8CSV, "\n")[0], "would leave none of its 3 commitments"},
	} {
		p := filepath.Join(t.TempDir(), bad.name)
		if err := os.WriteFile(p, []byte(bad.data), 0o644); err != nil {
			t.Fatal(err)
		}
		if r := runBinary(t, "import", "--format", "ogp-csv", p, "--out", out); r.code != 1 || !strings.Contains(r.stderr, bad.stderr) {
			t.Errorf("%s: exit %d, stderr %q, want 1 and %q", bad.name, r.code, r.stderr, bad.stderr)
		}
		if after, _ := os.ReadFile(corpusFile); !bytes.Equal(after, before) {
			t.Errorf("%s: a failed import changed the corpus", bad.name)
		}
	}

	r = runOK(t, "import", "--format", "ogp-csv", latinPath, "--out", out, "--encoding", "latin1")
	if !strings.Contains(r.stdout, "import: 3 commitments") {
		t.Errorf("--encoding latin1: %s", r.stdout)
	}
	after, _ := os.ReadFile(corpusFile)
	if !strings.Contains(string(after), "Données budgétaires ouvertes") || !strings.Contains(string(after), "Accès à l'information") {
		t.Errorf("Latin-1 text not converted:\n%s", after)
	}

	// Fewer commitments than the corpus has: refused unless said so.
	twoRows := strings.Join(strings.SplitAfter(utf8CSV, "\n")[:2], "")
	small := filepath.Join(t.TempDir(), "small.csv")
	if err := os.WriteFile(small, []byte(twoRows), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := runBinary(t, "import", "--format", "ogp-csv", small, "--out", out); r.code != 1 || !strings.Contains(r.stderr, "would remove 2 of its 3 commitments") {
		t.Errorf("shrinking import: exit %d %s", r.code, r.stderr)
	}
	runOK(t, "import", "--format", "ogp-csv", small, "--out", out, "--allow-removals")
}

// TestBuildsSideBySide runs a long build and short ones into the same
// directory at once: the short ones fail at once saying who holds the
// directory, the long one is not disturbed, and --wait waits its turn.
func TestBuildsSideBySide(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a large index")
	}
	dir := t.TempDir()
	big, err := sample.Scale(3000, 1)
	if err != nil {
		t.Fatal(err)
	}
	bigPath := filepath.Join(dir, "big.jsonl")
	writeCorpusFile(t, bigPath, big)
	small := sampleCorpus(t)
	index := filepath.Join(dir, "index")

	long := exec.Command(binary, "index", "--corpus", bigPath, "--index", index, "--quiet")
	var longErr bytes.Buffer
	long.Stderr = &longErr
	if err := long.Start(); err != nil {
		t.Fatal(err)
	}
	waitForBuild(t, index)
	for i := range 3 {
		r := runBinary(t, "index", "--corpus", small, "--index", index, "--quiet", "--allow-removals")
		want := fmt.Sprintf("locked by pid %d (started ", long.Process.Pid)
		if r.code != 1 || !strings.Contains(r.stderr, want) {
			t.Errorf("short build %d beside the long one: exit %d, stderr %q, want 1 and %q", i, r.code, r.stderr, want)
		}
	}
	// A build that waits runs after the long one.
	waiting := runBinary(t, "index", "--corpus", small, "--index", index, "--quiet", "--allow-removals", "--wait")
	if err := long.Wait(); err != nil {
		t.Fatalf("the long build failed beside the short ones: %v\n%s", err, longErr.String())
	}
	if waiting.code != 0 || !strings.Contains(waiting.stdout, "76 commitments") {
		t.Errorf("the waiting build: exit %d\n%s%s", waiting.code, waiting.stdout, waiting.stderr)
	}
	checkIndexAnswers(t, index, 76)
	if tmps, _ := filepath.Glob(filepath.Join(index, "*.tmp")); len(tmps) > 0 {
		t.Errorf("builds left %v", tmps)
	}
}
