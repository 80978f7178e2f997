package main

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestProgressOnTerminal: status lines replace each other in place, with a
// bar when they tell done/total; other text goes above the status line;
// done erases it.
func TestProgressOnTerminal(t *testing.T) {
	var out bytes.Buffer
	p := &progress{w: &out, tty: true, width: 60}
	fmt.Fprint(p.status(), "index: 38/76 commitments (50%), 300 docs/s\nindex: 76/")
	fmt.Fprint(p.text(), "rejected: line 3\n")
	fmt.Fprint(p.status(), "76 commitments (100%), 310 docs/s\n")
	p.done()
	const clear = "\r\x1b[K"
	want := clear + "[############............] index: 38/76 commitments (50%),…" +
		clear + "rejected: line 3\n" + "[############............] index: 38/76 commitments (50%),…" +
		clear + "[########################] index: 76/76 commitments (100%)…" +
		clear
	if got := out.String(); got != want {
		t.Errorf("terminal output:\n%q\nwant\n%q", got, want)
	}
}

// TestProgressElsewhere: off a terminal, status lines are plain lines,
// counted jobs report at most once per period, and quiet shows nothing.
func TestProgressElsewhere(t *testing.T) {
	var out bytes.Buffer
	p := &progress{w: &out, width: 80, last: time.Now()}
	fmt.Fprint(p.status(), "crawl: 3 fetched\n")
	began := time.Now()
	p.count("export", "commitments", 1, 10, began) // too soon after the start
	p.last = time.Now().Add(-progressEvery)
	p.count("export", "commitments", 5, 10, began)
	p.count("export", "commitments", 6, 10, began) // too soon after the last
	p.done()
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 || lines[0] != "crawl: 3 fetched" || !strings.HasPrefix(lines[1], "export: 5/10 commitments (50%), ") {
		t.Errorf("plain output: %q", out.String())
	}

	out.Reset()
	q := newProgress(&out, true)
	if q.status() != nil {
		t.Error("a quiet progress takes status lines")
	}
	q.show("x")
	q.count("export", "commitments", 5, 10, time.Time{})
	fmt.Fprint(q.text(), "a warning\n")
	if out.String() != "a warning\n" {
		t.Errorf("quiet output: %q", out.String())
	}
}
