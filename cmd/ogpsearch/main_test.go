package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ogpsearch/ogpsearch/internal/sample"
	"github.com/ogpsearch/ogpsearch/internal/samplecorpus"
	"github.com/ogpsearch/ogpsearch/scraper/fixturesite"
)

// binary is the ogpsearch binary built once for the tests, so they drive
// the program the way a user does.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "ogpsearch-bin")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "ogpsearch")
	build := exec.Command("go", "build", "-o", binary, ".")
	if os.Getenv("GOCOVERDIR") != "" {
		// `make cover`: the binary the tests run records its coverage
		// there, for `go tool covdata`.
		build = exec.Command("go", "build", "-cover", "-o", binary, ".")
	}
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build ogpsearch:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// result is what one run of the binary gave.
type result struct {
	stdout, stderr string
	code           int
}

func runBinary(t *testing.T, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{out.String(), errb.String(), code}
}

// testSeed is the seed of a randomised test: OGPSEARCH_SEED, to replay a
// run, or a new one, logged.
func testSeed(t *testing.T) uint64 {
	t.Helper()
	seed := uint64(time.Now().UnixNano())
	if s, err := strconv.ParseUint(os.Getenv("OGPSEARCH_SEED"), 10, 64); err == nil {
		seed = s
	}
	t.Logf("seed %d (OGPSEARCH_SEED replays it)", seed)
	return seed
}

// runOK runs the binary and fails the test unless it exits 0.
func runOK(t *testing.T, args ...string) result {
	t.Helper()
	r := runBinary(t, args...)
	if r.code != 0 {
		t.Fatalf("ogpsearch %s: exit %d\n%s%s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
	}
	return r
}

// TestEveryCommandHelps: every command's --help exits 0 and ends with a
// worked example of that command.
func TestEveryCommandHelps(t *testing.T) {
	for name := range commands {
		r := runBinary(t, name, "--help")
		_, example, _ := strings.Cut(r.stdout, "\nExample:\n")
		if r.code != 0 || !strings.Contains(example, "ogpsearch "+name+" ") {
			t.Errorf("ogpsearch %s --help: exit %d, no example of the command:\n%s", name, r.code, r.stdout)
		}
	}
}

func TestUsageAndExitCodes(t *testing.T) {
	cases := []struct {
		args   []string
		code   int
		stream string // where the message is
		want   string
	}{
		{nil, 2, "stdout", "Commands:"},
		{[]string{"help"}, 0, "stdout", "extract"},
		{[]string{"frobnicate"}, 2, "stderr", `unknown command "frobnicate"`},
		{[]string{"extract"}, 2, "stderr", "no FILE given"},
		{[]string{"extract", "--nope"}, 2, "stderr", "flag provided but not defined"},
		{[]string{"extract", "--help"}, 0, "stdout", "Example:"},
		{[]string{"extract", "/no/such/file.html"}, 1, "stderr", "no such file"},
		{[]string{"serve", "--help"}, 0, "stdout", "Example:"},
		{[]string{"query"}, 2, "stderr", "--index is required"},
		{[]string{"query", "--index", "/no/such/dir", "--size", "500", "x"}, 2, "stderr", "size must be between 1 and 100"},
		{[]string{"query", "--index", "/no/such/dir", "x"}, 1, "stderr", "index directory /no/such/dir does not exist"},
		{[]string{"export", "--index", "x", "--format", "xlsx"}, 2, "stderr", `--format must be csv or jsonl, not "xlsx"`},
		{[]string{"export", "--index", "x", "--format", "jsonl", "--bom"}, 2, "stderr", "--bom applies to CSV only"},
		{[]string{"export", "--index", "x", "--format", "jsonl", "--raw"}, 2, "stderr", "--raw applies to CSV only"},
		{[]string{"export", "--index", "x", "--format", "csv", "--year", "20"}, 2, "stderr", "year must be a year"},
	}
	for _, c := range cases {
		r := runBinary(t, c.args...)
		got := r.stdout
		if c.stream == "stderr" {
			got = r.stderr
		}
		if r.code != c.code || !strings.Contains(got, c.want) {
			t.Errorf("ogpsearch %v: exit %d, %s %q; want exit %d and %q", c.args, r.code, c.stream, got, c.code, c.want)
		}
		if c.stream == "stderr" && strings.Count(strings.TrimSpace(r.stderr), "\n") > 0 {
			t.Errorf("ogpsearch %v: the error takes more than one line: %q", c.args, r.stderr)
		}
	}
}

// startServe runs `ogpsearch serve` on a free port and returns its base URL.
func startServe(t testing.TB, args ...string) string {
	t.Helper()
	return startServer(t, exec.Command(binary, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...))
}

// startServer starts cmd, a server that logs "url=http://HOST:PORT" on
// stderr, and returns that URL; the server is interrupted at the end of
// the test.
func startServer(t testing.TB, cmd *exec.Cmd) string {
	t.Helper()
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
	})
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		re := regexp.MustCompile(`url=(http://\S+)`)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				urls <- m[1]
			}
		}
	}()
	select {
	case u := <-urls:
		return u
	case <-time.After(5 * time.Minute):
		t.Fatal("the server did not report its address")
		return ""
	}
}

// sampleCorpus writes the embedded sample corpus into a new temporary
// directory and returns its path.
func sampleCorpus(t *testing.T) string {
	t.Helper()
	corpus := filepath.Join(t.TempDir(), "c.jsonl")
	if err := os.WriteFile(corpus, samplecorpus.JSONL(), 0o644); err != nil {
		t.Fatal(err)
	}
	return corpus
}

// indexedSample writes the sample corpus and indexes it with the binary
// into an index directory beside it.
func indexedSample(t *testing.T) (corpus, index string) {
	t.Helper()
	corpus = sampleCorpus(t)
	index = filepath.Join(filepath.Dir(corpus), "index")
	runOK(t, "index", "--corpus", corpus, "--index", index, "--quiet")
	return corpus, index
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestServeEmbeddedSample(t *testing.T) {
	base := startServe(t)
	if code, body := get(t, base+"/healthz"); code != 200 || !strings.Contains(body, "ok") {
		t.Errorf("/healthz = %d %s", code, body)
	}
	if code, body := get(t, base+"/readyz"); code != 200 || !strings.Contains(body, `"documents":76`) {
		t.Errorf("/readyz = %d %s", code, body)
	}
	code, body := get(t, base+"/api/v1/commitments/kr0018?lang=fr")
	if code != 200 || !strings.Contains(body, `"title":"Fournir des services personnalisés"`) || !strings.Contains(body, `"languages":["en","fr","ko"`) {
		t.Errorf("commitment = %d %.300s", code, body)
	}
	for path, want := range map[string]int{
		"/api/v1/commitments/ZZ9999":             404,
		"/api/v1/commitments/not-an-id":          400,
		"/api/v1/commitments/KR0018?lang=french": 400,
		"/api/v1/nope":                           404,
	} {
		code, body := get(t, base+path)
		if code != want || !strings.Contains(body, `"error":{"code":`) {
			t.Errorf("%s = %d %s, want %d with a JSON error", path, code, body, want)
		}
	}
	code, body = get(t, base+"/?q=%EB%A7%9E%EC%B6%A4%ED%98%95&lang=ko") // 맞춤형
	if code != 200 || !strings.Contains(body, "맞춤형 서비스 제공") {
		t.Errorf("page = %d, Korean title missing", code)
	}
	code, body = get(t, base+"/api/v1/search?q=services+personnalis%C3%A9s&lang=fr")
	if code != 200 || !strings.Contains(body, `"id":"KR0018"`) || !strings.Contains(body, "<mark>") {
		t.Errorf("search = %d %.400s", code, body)
	}
}

// TestExtractFixturePage runs the command of the golden test on the
// real KR0018 page kept in testdata/kr0018 and checks the JSON line it prints.
func TestExtractFixturePage(t *testing.T) {
	page := filepath.Join("..", "..", "testdata", "kr0018", "KR0018.fr.html")
	r := runBinary(t, "extract", "--url", "https://www.opengovpartnership.org/fr/members/south-korea/commitments/KR0018/", page)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var rec map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &rec); err != nil || strings.Count(r.stdout, "\n") != 1 {
		t.Fatalf("want one JSON line, got %q (%v)", r.stdout, err)
	}
	for field, want := range map[string]any{"id": "KR0018", "lang": "fr", "member": "south-korea", "year": 2014.0, "title": "Fournir des services personnalisés"} {
		if rec[field] != want {
			t.Errorf("%s = %v, want %v", field, rec[field], want)
		}
	}
	if related, _ := rec["related"].([]any); len(related) != 48 {
		t.Errorf("%d related commitments, want 48", len(related))
	}
}

// fixtureSite serves the sample site with the fixture server until the end
// of the test; a test that crawls it is skipped under -short.
func fixtureSite(t *testing.T) *fixturesite.Server {
	t.Helper()
	if testing.Short() {
		t.Skip("crawls the fixture site")
	}
	site, err := sample.Load()
	if err != nil {
		t.Fatal(err)
	}
	srv := fixturesite.New(site, fixturesite.Options{})
	t.Cleanup(srv.Close)
	return srv
}
