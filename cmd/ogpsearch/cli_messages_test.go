package main

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

// TestHelpOnce: every command's --help (and -h) prints its usage once, and
// a bad flag prints none: only the one-line error on stderr.
func TestHelpOnce(t *testing.T) {
	for name := range commands {
		for _, flag := range []string{"--help", "-h"} {
			r := runBinary(t, name, flag)
			if n := strings.Count(r.stdout, "Usage: ogpsearch "+name); r.code != 0 || n != 1 || strings.Count(r.stdout, "\nExample:\n") != 1 {
				t.Errorf("ogpsearch %s %s: exit %d, usage printed %d times:\n%s", name, flag, r.code, n, r.stdout)
			}
		}
	}
	r := runBinary(t, "extract", "--nope")
	if r.code != 2 || r.stdout != "" || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
		t.Errorf("extract --nope: exit %d, stdout %q, stderr %q; want exit 2, nothing on stdout, one line on stderr", r.code, r.stdout, r.stderr)
	}
}

// TestQueryIndexDirectoryMissing: an --index that does not exist is named
// as such, not taken for a directory without an index.
func TestQueryIndexDirectoryMissing(t *testing.T) {
	for _, cmd := range []string{"query", "stats"} {
		args := []string{cmd, "--index", "/no/such/typo"}
		if cmd == "query" {
			args = append(args, "x")
		}
		r := runBinary(t, args...)
		if r.code != 1 || !strings.Contains(r.stderr, "/no/such/typo") || !strings.Contains(r.stderr, "does not exist") ||
			strings.Contains(r.stderr, "no index built yet") {
			t.Errorf("ogpsearch %s: exit %d, %q; want exit 1 saying the directory does not exist", strings.Join(args, " "), r.code, r.stderr)
		}
	}
	// A directory that exists but holds no index is still told so.
	r := runBinary(t, "query", "--index", t.TempDir(), "x")
	if r.code != 1 || !strings.Contains(r.stderr, "no index") {
		t.Errorf("an empty directory: exit %d, %q", r.code, r.stderr)
	}
}

// TestStatsNamesEmptyKeys: every facet prints a missing value as (none),
// never as a blank before its count.
func TestStatsNamesEmptyKeys(t *testing.T) {
	_, index := indexedSample(t)
	r := runOK(t, "stats", "--index", index)
	blank := regexp.MustCompile(`(^|, )\s*\d+(,|$)`)
	sawNone := map[string]bool{}
	for _, line := range strings.Split(r.stdout, "\n") {
		f := strings.Fields(line)
		if len(f) < 2 || !strings.HasPrefix(line, "  ") {
			continue
		}
		name, counts := f[0], strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), f[0]))
		if !strings.Contains(counts, ", ") && !strings.Contains(counts, " ") {
			continue
		}
		if blank.MatchString(counts) {
			t.Errorf("%s: a blank key: %q", name, counts)
		}
		if strings.Contains(counts, "(none) ") {
			sawNone[name] = true
		}
	}
	for _, name := range []string{"policy_area", "starred", "completion"} {
		if !sawNone[name] {
			t.Errorf("%s: no (none) count:\n%s", name, r.stdout)
		}
	}
}

// TestQueryAfterFooter: a page reached by a cursor has no page number; the
// footer says how to go on instead.
func TestQueryAfterFooter(t *testing.T) {
	_, index := indexedSample(t)
	r := runOK(t, "query", "--index", index, "--size", "2", "--json", "open")
	var res struct{ Next string }
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil || res.Next == "" {
		t.Fatalf("no cursor: %v %.300s", err, r.stdout)
	}
	first := runOK(t, "query", "--index", index, "--size", "2", "open")
	if !strings.Contains(first.stdout, "(page 1 of ") {
		t.Errorf("a paged answer lost its page number:\n%s", first.stdout)
	}
	r = runOK(t, "query", "--index", index, "--size", "2", "--after", res.Next, "open")
	if strings.Contains(r.stdout, "page 1 of") || strings.Contains(r.stdout, "1–2 shown") {
		t.Errorf("a cursor page shows a page number:\n%s", r.stdout)
	}
	m := regexp.MustCompile(`(?m)^next: --after (\S+)$`).FindStringSubmatch(r.stdout)
	if m == nil || m[1] == res.Next {
		t.Fatalf("no next cursor in the footer:\n%s", r.stdout)
	}
	if r := runOK(t, "query", "--index", index, "--size", "2", "--after", m[1], "open"); !strings.Contains(r.stdout, "shown after the cursor") {
		t.Errorf("the footer's cursor does not go on:\n%s", r.stdout)
	}
}
