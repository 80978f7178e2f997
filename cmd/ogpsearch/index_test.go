package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ogpsearch/ogpsearch/indexer"
	"github.com/ogpsearch/ogpsearch/internal/atomicfile"
	"github.com/ogpsearch/ogpsearch/internal/ogp"
	"github.com/ogpsearch/ogpsearch/internal/sample"
	"github.com/ogpsearch/ogpsearch/internal/samplecorpus"
	"github.com/ogpsearch/ogpsearch/search"
)

func writeCorpusFile(t *testing.T, path string, recs []ogp.Commitment) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := ogp.WriteCorpus(f, recs); err != nil {
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
	res, err := engine.Search(context.Background(), ogp.SearchRequest{Query: "services personnalisés", Lang: "fr"})
	if err != nil || res.Total == 0 || res.Relaxed {
		t.Errorf("version %s does not answer: %v, %d hits", version, err, res.Total)
	}
}

// TestIndexCommand builds an index with the real binary, reports a bad
// line, then re-runs incrementally.
func TestIndexCommand(t *testing.T) {
	dir := t.TempDir()
	corpus := filepath.Join(dir, "commitments.jsonl")
	data := append([]byte("{not json\n"), samplecorpus.JSONL()...)
	if err := os.WriteFile(corpus, data, 0o644); err != nil {
		t.Fatal(err)
	}
	r := runBinary(t, "index", "--corpus", corpus, "--index", filepath.Join(dir, "index"), "--quiet")
	if r.code != 1 || !strings.Contains(r.stderr, "rejected: line 1: invalid JSON") || !strings.Contains(r.stderr, "--max-rejected 1") {
		t.Fatalf("index with a bad line: exit %d, want 1\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	r = runBinary(t, "index", "--corpus", corpus, "--index", filepath.Join(dir, "index"), "--quiet", "--max-rejected", "1")
	if r.code != 0 || !strings.Contains(r.stdout, "191 records read, 76 commitments (76 indexed") || !strings.Contains(r.stderr, "rejected: line 1: invalid JSON") {
		t.Fatalf("index: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	checkIndexAnswers(t, filepath.Join(dir, "index"), 76)
	r = runBinary(t, "index", "--corpus", corpus, "--index", filepath.Join(dir, "index"), "--quiet", "--max-rejected", "1")
	if r.code != 0 || !strings.Contains(r.stdout, "(0 indexed, 76 unchanged") {
		t.Errorf("incremental re-index: exit %d %s %s", r.code, r.stdout, r.stderr)
	}
	if r := runBinary(t, "index", "--corpus", corpus); r.code != 2 {
		t.Errorf("index without --index: exit %d, want 2", r.code)
	}
}

// TestIndexKilledMidBuild kills a real indexer process with SIGKILL at
// random points of a build: while a large corpus is read and indexed, and,
// on the small sample whose build is short, anywhere up to and past the
// switch of CURRENT. After every kill the index directory must name a
// complete version that opens and answers, the one served before when the
// build could not have finished; the next build must succeed and clear the
// debris. OGPSEARCH_LONG=1 runs 40 trials instead of 10; OGPSEARCH_SEED
// replays a run.
func TestIndexKilledMidBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds large indexes")
	}
	trials := 10
	if os.Getenv("OGPSEARCH_LONG") != "" {
		trials = 40
	}
	rng := rand.New(rand.NewPCG(testSeed(t), 7))
	dir := t.TempDir()
	small := filepath.Join(dir, "small.jsonl")
	if err := os.WriteFile(small, samplecorpus.JSONL(), 0o644); err != nil {
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
	for trial := range trials {
		_, before, _ := indexer.Current(index)
		corpus, window := bigPath, 2*time.Second
		if trial%2 == 1 {
			corpus, window = small, 700*time.Millisecond
		}
		after := time.Duration(rng.Int64N(int64(window)))
		cmd := exec.Command(binary, "index", "--corpus", corpus, "--index", index, "--full", "--quiet", "--allow-removals")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		if corpus == bigPath {
			waitForBuild(t, index)
		}
		time.Sleep(after)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		finished := cmd.Wait() == nil
		_, now, err := indexer.Current(index)
		switch {
		case err != nil:
			t.Fatalf("trial %d: after a kill %v into the build: %v", trial, after, err)
		case corpus == bigPath && finished:
			t.Fatalf("trial %d: the build finished before it was killed; use a bigger corpus", trial)
		case corpus == bigPath && now != before:
			t.Errorf("trial %d: CURRENT moved from %s to %s, but the build was killed", trial, before, now)
		}
		t.Logf("trial %d: %s killed %v in (finished: %v): serving %s", trial, filepath.Base(corpus), after, finished, now)
		checkIndexAnswers(t, index, 76)
	}
	if r := runBinary(t, "index", "--corpus", small, "--index", index, "--full", "--quiet"); r.code != 0 {
		t.Fatalf("build after the kills: %s", r.stderr)
	}
	checkIndexAnswers(t, index, 76)
	if tmps, _ := filepath.Glob(filepath.Join(index, "*.tmp")); len(tmps) > 0 {
		t.Errorf("debris of killed builds left: %v", tmps)
	}
	if versions, _ := filepath.Glob(filepath.Join(index, "v*[0-9]")); len(versions) != 2 {
		t.Errorf("versions kept: %v; want the current one and one for rollback", versions)
	}
}

// TestIndexDiskFull builds under a file size limit, as when the disk fills
// up: the kernel refuses the write that passes it (EFBIG; Go ignores the
// SIGXFSZ that comes with it). Full and incremental builds must fail with
// an error that says so and names the directory, and leave the current
// version serving and no debris.
func TestIndexDiskFull(t *testing.T) {
	corpus, index := indexedSample(t)
	_, before, _ := indexer.Current(index)
	for _, mode := range [][]string{{"--full"}, nil} {
		// 512 blocks (of 512 or 1024 bytes) is below the size of the index's
		// segment file, about 1.5 MB.
		args := append([]string{"-c", `ulimit -f 512 && exec "$0" "$@"`, binary, "index", "--corpus", corpus, "--index", index, "--quiet"}, mode...)
		start := time.Now()
		cmd := exec.Command("sh", args...)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		err := cmd.Run()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 1 {
			t.Fatalf("build %v under a size limit: %v, want exit status 1\n%s", mode, err, stderr.String())
		}
		msg := stderr.String()
		for _, want := range []string{"no space to write the new index version", "file too large", index, "the current version is unchanged"} {
			if !strings.Contains(msg, want) {
				t.Errorf("build %v: the error lacks %q:\n%s", mode, want, msg)
			}
		}
		if strings.Contains(msg, "panic") || strings.Count(strings.TrimSpace(msg), "\n") > 0 {
			t.Errorf("build %v: want one line of error:\n%s", mode, msg)
		}
		if _, now, _ := indexer.Current(index); now != before {
			t.Errorf("build %v: CURRENT moved from %s to %s", mode, before, now)
		}
		if tmps, _ := filepath.Glob(filepath.Join(index, "*.tmp")); len(tmps) > 0 {
			t.Errorf("build %v: left %v", mode, tmps)
		}
		checkIndexAnswers(t, index, 76)
		t.Logf("build %v failed in %v: %s", mode, time.Since(start).Round(time.Millisecond), strings.TrimSpace(msg))
	}
}

// TestIndexDirtyCorpus indexes a corpus with garbage between its lines:
// binary bytes, invalid UTF-8 (also inside a JSON string), broken and
// non-object JSON, a record without ID, a wrongly typed field, a line over
// the length limit and a cut-off last line. Each is reported by number and
// skipped; every good line is indexed. A file with no record at all is
// refused and the index kept.
func TestIndexDirtyCorpus(t *testing.T) {
	dir := t.TempDir()
	good := strings.Split(strings.TrimSpace(string(samplecorpus.JSONL())), "\n")
	garbage := []string{
		"\xff\xfe\x00garbage\x01", `{not json`, `{"id":"KR9999","lang":"fr","title":"caf` + "\xe9" + `"}`, `[1,2,3]`,
		`{"lang":"fr","title":"no id"}`, `{"id":"KR9998","lang":"en","year":"twenty"}`,
		`{"id":"KR9997","lang":"en","title":"` + strings.Repeat("x", ogp.MaxLineBytes) + `"}`,
	}
	var lines []string
	want := map[int]string{}
	for i, g := range garbage { // one garbage line after every 25 good ones
		lines = append(lines, good[i*25:(i+1)*25]...)
		lines = append(lines, g)
		want[len(lines)] = ""
	}
	lines = append(lines, good[len(garbage)*25:]...)
	lines = append(lines, `{"id":"KR9996","lang":"en","tit`)
	want[len(lines)] = ""
	corpus := filepath.Join(dir, "dirty.jsonl")
	if err := os.WriteFile(corpus, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	index := filepath.Join(dir, "index")
	r := runBinary(t, "index", "--corpus", corpus, "--index", index, "--quiet", "--max-rejected", "-1")
	if r.code != 0 || !strings.Contains(r.stdout, "191 records read, 76 commitments (76 indexed") || !strings.Contains(r.stdout, fmt.Sprintf("%d lines rejected", len(want))) {
		t.Fatalf("index: exit %d\n%s\n%.2000s", r.code, r.stdout, r.stderr)
	}
	for line := range want {
		if !strings.Contains(r.stderr, fmt.Sprintf("rejected: line %d: ", line)) {
			t.Errorf("line %d not reported:\n%.2000s", line, r.stderr)
		}
	}
	for _, reason := range []string{"invalid UTF-8", "invalid JSON", "not an object", "no id", "line longer than", "cannot unmarshal string"} {
		if !strings.Contains(r.stderr, reason) {
			t.Errorf("no line rejected for %q:\n%.2000s", reason, r.stderr)
		}
	}
	checkIndexAnswers(t, index, 76)
	if st := runBinary(t, "stats", "--index", index); !strings.Contains(st.stdout, "76 commitments, 191 pages") {
		t.Errorf("good lines lost:\n%s", st.stdout)
	}

	_, before, _ := indexer.Current(index)
	junk := filepath.Join(dir, "junk.bin")
	if err := os.WriteFile(junk, []byte(strings.Repeat("\x00\xff\xfe binary\n", 500)), 0o644); err != nil {
		t.Fatal(err)
	}
	r = runBinary(t, "index", "--corpus", junk, "--index", index, "--quiet")
	if r.code != 1 || !strings.Contains(r.stderr, "none of its 500 non-empty lines is a record") || !strings.Contains(r.stderr, "the current version is unchanged") {
		t.Errorf("a file of garbage: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if _, now, _ := indexer.Current(index); now != before {
		t.Errorf("a file of garbage replaced version %s by %s", before, now)
	}
}

// TestServeBrokenIndex breaks the index directory under a running server:
// CURRENT overwritten with garbage, CURRENT naming a version whose files
// are gone, the whole directory deleted. Each time the server logs the
// refusal, /readyz says what is wrong, and searches keep being answered
// from the last good version; a good version then switches in. A server
// started on a corrupt directory exits with a clear error. No panic
// anywhere.
func TestServeBrokenIndex(t *testing.T) {
	corpus := sampleCorpus(t)
	index := filepath.Join(filepath.Dir(corpus), "index")
	os.MkdirAll(index, 0o755)
	os.WriteFile(filepath.Join(index, "CURRENT"), []byte("not a version\n"), 0o644)
	r := runBinary(t, "serve", "--addr", "127.0.0.1:0", "--index", index)
	if r.code != 1 || !strings.Contains(r.stderr, "not a version") || strings.Contains(r.stderr, "panic") {
		t.Errorf("serve on a corrupt index: exit %d, want 1 and %q:\n%s", r.code, "not a version", r.stderr)
	}
	os.RemoveAll(index)
	if r := runBinary(t, "index", "--corpus", corpus, "--index", index, "--quiet", "--full"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	_, good, _ := indexer.Current(index)
	srv := startServeLogged(t, "--index", index, "--reload-every", "50ms")

	breaks := []struct {
		name, problem string
		brk           func()
	}{
		{"CURRENT garbage", "does not name a valid version", func() {
			atomicfile.WriteBytes(filepath.Join(index, "CURRENT"), []byte("garbage\x00\n")) // a server must not read it half-written
		}},
		{"new version without files", "could not be opened", func() {
			bad := "v99999999999999999999"
			os.MkdirAll(filepath.Join(index, bad, "store"), 0o755)
			atomicfile.WriteBytes(filepath.Join(index, "CURRENT"), []byte(bad+"\n"))
		}},
		{"directory deleted", "holds no index", func() { os.RemoveAll(index) }},
	}
	for _, b := range breaks {
		mark := srv.logs.Len()
		b.brk()
		srv.waitLog(t, mark, "refused")
		code, body := get(t, srv.base+"/readyz")
		if code != 200 || !strings.Contains(body, `"version":"`+good+`"`) || !strings.Contains(body, b.problem) {
			t.Errorf("%s: /readyz = %d %s; want 200, version %s and a problem saying %q", b.name, code, body, good, b.problem)
		}
		t.Logf("%s: /readyz = %d %s", b.name, code, strings.TrimSpace(body))
		if code, body := get(t, srv.base+"/api/v1/search?q=services+personnalis%C3%A9s&lang=fr"); code != 200 || !strings.Contains(body, `"id":"KR0018"`) {
			t.Errorf("%s: search = %d %.200s", b.name, code, body)
		}
	}
	if r := runBinary(t, "index", "--corpus", corpus, "--index", index, "--quiet"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	_, fresh, _ := indexer.Current(index)
	deadline := time.Now().Add(10 * time.Second)
	for {
		code, body := get(t, srv.base+"/readyz")
		if code == 200 && strings.Contains(body, fresh) && !strings.Contains(body, "problem") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the rebuilt version %s was not served: %d %s", fresh, code, body)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if logs := srv.logs.String(); strings.Contains(logs, "panic") {
		t.Errorf("the server panicked:\n%s", logs)
	}
}

// loggedServer is a running `ogpsearch serve` whose log the test reads.
type loggedServer struct {
	base string
	logs *syncBuffer
}

// TestServeWaitsForFirstIndex starts the server on a directory with no
// index yet: it is alive, says at /readyz and on every search (503) that
// there is no index yet, logs the missing index once rather than at every
// look, and serves the first version as soon as ogpsearch index writes it.
func TestServeWaitsForFirstIndex(t *testing.T) {
	corpus := sampleCorpus(t)
	index := filepath.Join(filepath.Dir(corpus), "index")
	srv := startServeLogged(t, "--index", index, "--reload-every", "50ms")
	if code, _ := get(t, srv.base+"/healthz"); code != 200 {
		t.Errorf("/healthz = %d, want 200", code)
	}
	for _, path := range []string{"/readyz", "/api/v1/search?q=services", "/api/v1/suggest?q=serv"} {
		if code, body := get(t, srv.base+path); code != 503 || !strings.Contains(body, "no index yet") {
			t.Errorf("%s = %d %s; want 503 saying there is no index yet", path, code, body)
		}
	}
	time.Sleep(400 * time.Millisecond) // several looks at the directory
	if n := strings.Count(srv.logs.String(), "refused"); n > 1 {
		t.Errorf("the missing index was logged %d times:\n%s", n, srv.logs.String())
	}
	if r := runBinary(t, "index", "--corpus", corpus, "--index", index, "--quiet"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		code, body := get(t, srv.base+"/api/v1/search?q=services+personnalis%C3%A9s&lang=fr")
		if code == 200 && strings.Contains(body, `"id":"KR0018"`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the first index was not served: %d %.300s", code, body)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if code, body := get(t, srv.base+"/readyz"); code != 200 || strings.Contains(body, "problem") {
		t.Errorf("/readyz after the first index = %d %s", code, body)
	}
	if strings.Contains(srv.logs.String(), "panic") {
		t.Errorf("panic in the log:\n%s", srv.logs.String())
	}
}

// startServeLogged runs `ogpsearch serve` on a free port, keeping its log.
func startServeLogged(t *testing.T, args ...string) *loggedServer {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	logs := &syncBuffer{}
	cmd.Stderr = logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
	})
	re := regexp.MustCompile(`url=(http://\S+)`)
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if m := re.FindStringSubmatch(logs.String()); m != nil {
			return &loggedServer{base: m[1], logs: logs}
		}
	}
	t.Fatalf("serve did not report its address:\n%s", logs.String())
	return nil
}

// waitLog waits until the log written after offset mark contains s.
func (s *loggedServer) waitLog(t *testing.T, mark int, sub string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if strings.Contains(s.logs.String()[mark:], sub) {
			return
		}
	}
	t.Fatalf("the log never said %q:\n%s", sub, s.logs.String()[mark:])
}

// syncBuffer is a bytes.Buffer safe for a writer and readers at once.
type syncBuffer struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func (b *syncBuffer) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Len()
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
	r := runBinary(t, "import", "--format", "ogp-csv", filepath.Join("..", "..", "testdata", "import", "ogp-commitments.csv"), "--out", out, "--max-rejected", "3")
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
	_, index := indexedSample(t)
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
	if r := runBinary(t, "stats", "--index", t.TempDir()); r.code != 1 || !strings.Contains(r.stderr, "no index built yet") {
		t.Errorf("stats on no index: exit %d %s", r.code, r.stderr)
	}
	if r := runBinary(t, "stats", "--index", filepath.Join(t.TempDir(), "none")); r.code != 1 || !strings.Contains(r.stderr, "does not exist") {
		t.Errorf("stats on no directory: exit %d %s", r.code, r.stderr)
	}
}
