package indexer

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
)

// A build leaves one segment (BatchSize 7 makes eleven batches of the
// sample) and records its format.
func TestBuildMergesSegmentsAndRecordsFormat(t *testing.T) {
	dir := t.TempDir()
	corpus := filepath.Join(dir, "c.jsonl")
	writeCorpus(t, corpus, sampleRecords(t), "")
	build(t, corpus, filepath.Join(dir, "index"), true)
	cur, _, err := Current(filepath.Join(dir, "index"))
	if err != nil {
		t.Fatal(err)
	}
	segs, _ := filepath.Glob(filepath.Join(cur, "store", "*.zap"))
	if len(segs) != 1 {
		t.Errorf("%d segments, want 1: %v", len(segs), segs)
	}
	idx, err := bleve.Open(cur)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	if err := CheckFormat(idx); err != nil {
		t.Error(err)
	}
}

// An index of an older format is rebuilt in full by an incremental build,
// and refused by CheckFormat until then.
func TestOlderFormatRebuilt(t *testing.T) {
	dir := t.TempDir()
	corpus := filepath.Join(dir, "c.jsonl")
	writeCorpus(t, corpus, sampleRecords(t), "")
	index := filepath.Join(dir, "index")
	build(t, corpus, index, true)
	cur, _, err := Current(index)
	if err != nil {
		t.Fatal(err)
	}
	idx, err := bleve.Open(cur)
	if err != nil {
		t.Fatal(err)
	}
	if err := idx.SetInternal(formatKey, []byte("1")); err != nil {
		t.Fatal(err)
	}
	if err := CheckFormat(idx); err == nil || !strings.Contains(err.Error(), "--full") {
		t.Errorf("older format: %v", err)
	}
	idx.Close()
	sum := build(t, corpus, index, false)
	if sum.Indexed != 76 || sum.Unchanged != 0 {
		t.Errorf("incremental build over an older format: %+v, want everything re-indexed", sum)
	}
}

// A small incremental update is not merged: rewriting the whole index for
// one changed commitment would cost more than the extra segment.
func TestSmallUpdateNotMerged(t *testing.T) {
	dir := t.TempDir()
	corpus := filepath.Join(dir, "c.jsonl")
	recs := sampleRecords(t)
	writeCorpus(t, corpus, recs, "")
	index := filepath.Join(dir, "index")
	build(t, corpus, index, true)
	recs[0].Title += " (updated)"
	writeCorpus(t, corpus, recs, "")
	if sum := build(t, corpus, index, false); sum.Indexed != 1 {
		t.Fatalf("incremental build re-indexed %d commitments, want 1", sum.Indexed)
	}
	cur, _, err := Current(index)
	if err != nil {
		t.Fatal(err)
	}
	if segs, _ := filepath.Glob(filepath.Join(cur, "store", "*.zap")); len(segs) < 2 {
		t.Errorf("%d segments after a one-commitment update, want the old one and a new one", len(segs))
	}
}
