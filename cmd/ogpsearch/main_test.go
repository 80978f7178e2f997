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
	"strings"
	"testing"
	"time"
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
func startServe(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
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
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not report its address")
		return ""
	}
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
// shared KR0018 page and checks the JSON line it prints.
func TestExtractFixturePage(t *testing.T) {
	shared := os.Getenv("OGPSEARCH_SHARED")
	if shared == "" {
		shared = filepath.Join("..", "..", "..", "shared")
	}
	page := filepath.Join(shared, "fixtures", "KR0018.fr.html")
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
