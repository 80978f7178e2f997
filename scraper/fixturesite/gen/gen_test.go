package main

import (
	"bytes"
	"os"
	"testing"
)

// TestCorpusUpToDate keeps the embedded corpus equal to what the extractor
// makes of the sample site today.
func TestCorpusUpToDate(t *testing.T) {
	var buf bytes.Buffer
	if err := Generate(&buf); err != nil {
		t.Fatal(err)
	}
	committed, err := os.ReadFile("../../../internal/samplecorpus/corpus.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), committed) {
		t.Fatal("internal/samplecorpus/corpus.jsonl is stale: run `go generate ./internal/samplecorpus`")
	}
	if bytes.Count(committed, []byte("\n")) < 60 {
		t.Fatalf("the sample corpus has only %d pages", bytes.Count(committed, []byte("\n")))
	}
}
