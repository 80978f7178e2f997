package indexer

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ogpsearch/ogpsearch/internal/dirlock"
	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// currentCount opens the current version and counts its documents.
func currentCount(t *testing.T, index string) (uint64, string) {
	t.Helper()
	idx, v, err := Open(index)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	n, _ := idx.DocCount()
	return n, v
}

func TestShrinkGuard(t *testing.T) {
	dir := t.TempDir()
	corpus := filepath.Join(dir, "c.jsonl")
	index := filepath.Join(dir, "index")
	recs := sampleRecords(t)
	writeCorpus(t, corpus, nil, "")
	if _, err := Build(context.Background(), corpus, index, Options{AllowRemovals: true}); !errors.As(err, new(*ogp.ShrinkError)) {
		t.Errorf("an empty first build: %v, want a ShrinkError", err)
	}
	writeCorpus(t, corpus, recs, "")
	first := build(t, corpus, index, false)

	var half []ogp.Commitment
	for _, r := range recs {
		if r.ID < "KR" {
			half = append(half, r)
		}
	}
	for _, c := range []struct {
		name string
		recs []ogp.Commitment
	}{{"empty", nil}, {"half", half}} { // half last: the corpus of the allowed build below
		name := c.name
		writeCorpus(t, corpus, c.recs, "")
		for _, full := range []bool{false, true} {
			_, err := Build(context.Background(), corpus, index, Options{Full: full})
			var se *ogp.ShrinkError
			if !errors.As(err, &se) || se.Current != 76 || !strings.Contains(err.Error(), "--allow-removals") {
				t.Errorf("%s corpus (full %v): %v, want a ShrinkError from 76", name, full, err)
			}
			if n, v := currentCount(t, index); n != 76 || v != first.Version {
				t.Errorf("%s corpus: current version %s with %d commitments, want %s with 76", name, v, n, first.Version)
			}
		}
	}
	sum := buildWith(t, corpus, index, Options{AllowRemovals: true})
	if sum.Commitments != len(commitmentIDs(half)) || sum.Removed != 76-sum.Commitments {
		t.Errorf("allowed removals: %+v", sum)
	}
	if tmps, _ := filepath.Glob(filepath.Join(index, "*.tmp")); len(tmps) > 0 {
		t.Errorf("refused builds left %v", tmps)
	}
}

func commitmentIDs(recs []ogp.Commitment) map[string]bool {
	ids := map[string]bool{}
	for _, r := range recs {
		ids[r.ID] = true
	}
	return ids
}

// TestRejectedLinesAreNotRemovals: a commitment whose line is rejected
// keeps its document, in incremental and full builds; a line whose id
// cannot be read keeps every commitment the corpus lacks.
func TestRejectedLinesAreNotRemovals(t *testing.T) {
	recs := sampleRecords(t)
	var rest []ogp.Commitment
	var kr0018 ogp.Commitment
	for _, r := range recs {
		switch {
		case r.ID == "KR0018" && r.Lang == "en":
			kr0018 = r
		case r.ID != "KR0018" && r.ID != "KR0001":
			rest = append(rest, r)
		}
	}
	bad := kr0018
	bad.URL = "javascript:alert(1)"
	badLine := mustJSON(t, bad) + "\n"
	for _, full := range []bool{false, true} {
		dir := t.TempDir()
		corpus := filepath.Join(dir, "c.jsonl")
		index := filepath.Join(dir, "index")
		writeCorpus(t, corpus, recs, "")
		build(t, corpus, index, false)

		// KR0018's only line has a javascript: URL; KR0001 is gone.
		writeCorpus(t, corpus, rest, badLine)
		sum := buildWith(t, corpus, index, Options{Full: full, MaxRejected: 1})
		if len(sum.Rejected) != 1 || sum.Rejected[0].ID != "KR0018" || !strings.Contains(sum.Rejected[0].Reason, "not an http(s) address") {
			t.Errorf("full %v: rejected %+v", full, sum.Rejected)
		}
		if sum.Kept != 1 || sum.Removed != 1 || sum.Commitments != 75 {
			t.Errorf("full %v: summary %+v, want KR0018 kept and KR0001 removed", full, sum)
		}
		if !hasDoc(t, index, "KR0018") || hasDoc(t, index, "KR0001") {
			t.Errorf("full %v: KR0018 must stay, KR0001 go", full)
		}

		// A line with no readable id keeps KR0001 too.
		writeCorpus(t, corpus, rest, "")
		build(t, corpus, index, false) // KR0018 removed for real: one of 75
		writeCorpus(t, corpus, rest[len(rest)/2:], "{broken\n")
		sum = buildWith(t, corpus, index, Options{Full: full, MaxRejected: 1})
		if sum.Removed != 0 || sum.Commitments != 74 {
			t.Errorf("full %v: with an unreadable line: %+v", full, sum)
		}
	}
}

func hasDoc(t *testing.T, index, id string) bool {
	t.Helper()
	idx, _, err := Open(index)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	d, err := idx.Document(id)
	return err == nil && d != nil
}

func TestInvalidRecordsAreRejected(t *testing.T) {
	dir := t.TempDir()
	corpus := filepath.Join(dir, "c.jsonl")
	recs := sampleRecords(t)
	var extra strings.Builder
	for _, mutate := range []func(*ogp.Commitment){
		func(c *ogp.Commitment) { c.ID = "../../etc" },
		func(c *ogp.Commitment) { c.ID = "ZZ" },
		func(c *ogp.Commitment) { c.Year = 20016 },
		func(c *ogp.Commitment) { c.URL = "data:text/html,<script>" },
		func(c *ogp.Commitment) { c.Translations = map[string]string{"fr": "javascript:x"} },
	} {
		c := recs[0]
		mutate(&c)
		extra.WriteString(mustJSON(t, c) + "\n")
	}
	writeCorpus(t, corpus, recs, extra.String())
	sum := buildWith(t, corpus, filepath.Join(dir, "index"), Options{MaxRejected: -1})
	want := []string{"not a commitment ID", "not a commitment ID", "year 20016", "not an http(s) address", "translation \"fr\""}
	if len(sum.Rejected) != len(want) {
		t.Fatalf("rejected %+v", sum.Rejected)
	}
	for i, r := range sum.Rejected {
		if r.Line != i+1 || !strings.Contains(r.Reason, want[i]) {
			t.Errorf("line %d rejected for %q, want line %d and %q", r.Line, r.Reason, i+1, want[i])
		}
	}
	if sum.Commitments != 76 {
		t.Errorf("%d commitments, want 76", sum.Commitments)
	}
}

func TestBuildTakesTheDirectoryLock(t *testing.T) {
	dir := t.TempDir()
	corpus := filepath.Join(dir, "c.jsonl")
	index := filepath.Join(dir, "index")
	writeCorpus(t, corpus, sampleRecords(t), "")
	if err := os.MkdirAll(index, 0o755); err != nil {
		t.Fatal(err)
	}
	lock, err := dirlock.Acquire(context.Background(), index, false)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Build(context.Background(), corpus, index, Options{})
	var le *dirlock.LockedError
	if !errors.As(err, &le) || le.PID != os.Getpid() || !strings.Contains(err.Error(), "locked by pid") {
		t.Errorf("a build beside a held lock: %v", err)
	}
	// With the lock handed over, the build runs.
	build := buildWith(t, corpus, index, Options{Lock: lock})
	if build.Commitments != 76 {
		t.Errorf("%+v", build)
	}
	lock.Release()
	if _, err := Build(context.Background(), corpus, index, Options{}); err != nil {
		t.Errorf("after release: %v", err)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
