package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCrawlCommand crawls the fixture site with the real binary, then
// extracts a stored raw page again with the extract command.
func TestCrawlCommand(t *testing.T) {
	srv := fixtureSite(t)
	out := filepath.Join(t.TempDir(), "corpus")
	r := runBinary(t, "crawl", "--start", srv.StartURLs()[0], "--out", out, "--delay", "2ms", "--quiet")
	if r.code != 0 {
		t.Fatalf("crawl: exit %d\n%s", r.code, r.stderr)
	}
	want := len(srv.ExpectedPages())
	if !strings.HasPrefix(r.stdout, "crawl: ") || !strings.Contains(r.stdout, " stored,") {
		t.Errorf("no summary line: %q", r.stdout)
	}
	data, err := os.ReadFile(filepath.Join(out, "commitments.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(data), "\n"); n != want {
		t.Errorf("corpus has %d lines, want %d", n, want)
	}
	raw, _ := filepath.Glob(filepath.Join(out, "raw", "KR0018.fr*.gz"))
	if len(raw) != 1 {
		t.Fatalf("raw page of KR0018/fr: %v", raw)
	}
	r = runBinary(t, "extract", "--url", srv.URL()+"/fr/members/south-korea/commitments/KR0018/", raw[0])
	if r.code != 0 || !strings.Contains(r.stdout, `"title":"Fournir des services personnalisés"`) {
		t.Errorf("extract of the stored page: exit %d, %.200s %s", r.code, r.stdout, r.stderr)
	}
	if r := runBinary(t, "crawl", "--out", out); r.code != 2 {
		t.Errorf("crawl without --start: exit %d, want 2", r.code)
	}
}

// TestReindexCommand: a crawl's raw pages are re-extracted with the
// current extractor, repairing a damaged commitments.jsonl without the
// network, and the index follows.
func TestReindexCommand(t *testing.T) {
	srv := fixtureSite(t)
	out := filepath.Join(t.TempDir(), "corpus")
	if r := runBinary(t, "crawl", "--start", srv.StartURLs()[0], "--out", out, "--delay", "2ms", "--quiet"); r.code != 0 {
		t.Fatalf("crawl: %s", r.stderr)
	}
	srv.Close() // from here on, no network
	jsonl := filepath.Join(out, "commitments.jsonl")
	data, _ := os.ReadFile(jsonl)
	damaged := strings.ReplaceAll(string(data), `"title":"Fournir des services personnalisés"`, `"title":"???"`)
	if err := os.WriteFile(jsonl, []byte(damaged), 0o644); err != nil {
		t.Fatal(err)
	}
	index := filepath.Join(t.TempDir(), "index")
	r := runBinary(t, "reindex", "--corpus", out, "--index", index, "--quiet")
	// The damaged title is KR0018/fr's own and that of the 29 other French
	// South Korea pages listing it among their related commitments.
	if r.code != 0 || !strings.Contains(r.stdout, "(30 changed)") || !strings.Contains(r.stdout, "76 commitments") {
		t.Fatalf("reindex: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	data, _ = os.ReadFile(jsonl)
	if !strings.Contains(string(data), `"title":"Fournir des services personnalisés"`) {
		t.Error("the re-extraction did not restore the title")
	}
	checkIndexAnswers(t, index, 76)
}
