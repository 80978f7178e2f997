package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ogpsearch/ogpsearch/internal/sample"
	"github.com/ogpsearch/ogpsearch/scraper/fixturesite"
)

// TestWriteErrorOnStdout: a command whose output cannot be written (stdout
// on /dev/full, which fails every write with ENOSPC) exits 1 and says so
// in one line on stderr, instead of exiting 0 having written nothing.
func TestWriteErrorOnStdout(t *testing.T) {
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full:", err)
	}
	_, index := indexedSample(t)
	page := samplePage(t)
	cases := [][]string{
		{"query", "--index", index, "open", "data"},
		{"query", "--index", index, "--json", "open", "data"},
		{"stats", "--index", index},
		{"stats", "--index", index, "--json"},
		{"extract", page},
		{"export", "--index", index, "--format", "csv", "--quiet"},
		{"export", "--index", index, "--format", "jsonl", "--quiet"},
		{"help"},
		{"query", "--help"},
	}
	for _, args := range cases {
		code, stderr := runToDevFull(t, args...)
		want := "ogpsearch " + args[0] + ": write standard output: no space left on device"
		if code != 1 || !strings.Contains(stderr, want) {
			t.Errorf("ogpsearch %s > /dev/full: exit %d, stderr %q; want exit 1 and %q",
				strings.Join(args, " "), code, stderr, want)
		}
		if strings.Count(strings.TrimSpace(stderr), "\n") > 0 {
			t.Errorf("ogpsearch %s > /dev/full: the error takes more than one line: %q", strings.Join(args, " "), stderr)
		}
	}
	// The same commands with a writable stdout still succeed.
	for _, args := range cases {
		if r := runBinary(t, args...); r.code != 0 || r.stdout == "" {
			t.Errorf("ogpsearch %s: exit %d, stdout %.100q, stderr %q", strings.Join(args, " "), r.code, r.stdout, r.stderr)
		}
	}
}

// runToDevFull runs the binary with stdout on /dev/full and returns its
// exit status and stderr.
func runToDevFull(t *testing.T, args ...string) (int, string) {
	t.Helper()
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer full.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	var errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = full, &errb
	err = cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, errb.String()
}

// samplePage writes the French page of KR0018, rendered by the fixture
// site, into a temporary file and returns its path.
func samplePage(t *testing.T) string {
	t.Helper()
	site, err := sample.Load()
	if err != nil {
		t.Fatal(err)
	}
	c, ok := site.Find("KR0018")
	if !ok {
		t.Fatal("KR0018 is not in the sample")
	}
	html := fixturesite.Render(site, c, "fr", fixturesite.MarkupFor(c.ID), "https://www.opengovpartnership.org")
	path := filepath.Join(t.TempDir(), "KR0018.fr.html")
	if err := os.WriteFile(path, html, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
