package search

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ogpsearch/ogpsearch/indexer"
	"github.com/ogpsearch/ogpsearch/internal/ogp"
	"github.com/ogpsearch/ogpsearch/internal/samplecorpus"
)

// logBuffer is a log's text, written by one goroutine and read by another.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestWatch runs Watch over an index directory: a version that does not
// open is refused and logged once however many looks see it, and a
// version built while Watch runs is switched in and logged.
func TestWatch(t *testing.T) {
	recs, _, err := ogp.ReadCorpus(bytes.NewReader(samplecorpus.JSONL()))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	corpora := []string{filepath.Join(dir, "few.jsonl"), filepath.Join(dir, "all.jsonl")}
	for i, rs := range [][]ogp.Commitment{recs[:20], recs} {
		if err := writeCorpus(corpora[i], rs); err != nil {
			t.Fatal(err)
		}
	}
	index := filepath.Join(dir, "index")
	if _, err := indexer.Build(context.Background(), corpora[0], index, indexer.Options{}); err != nil {
		t.Fatal(err)
	}
	e, err := OpenEngine(index, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	first, firstVersion := e.Stats()

	var logged logBuffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		e.Watch(ctx, 10*time.Millisecond, slog.New(slog.NewTextHandler(&logged, nil)))
	}()
	defer func() {
		cancel()
		<-done
	}()
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		for deadline := time.Now().Add(time.Minute); !ok(); time.Sleep(5 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("no %s after a minute; log:\n%s", what, logged.String())
			}
		}
	}
	refused := func() int { return strings.Count(logged.String(), "new index version refused") }

	// CURRENT names a version that is not there.
	if err := os.WriteFile(filepath.Join(index, "CURRENT"), []byte("v99999999999999999999\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor("refusal", func() bool { return refused() > 0 })
	time.Sleep(100 * time.Millisecond) // ten more looks
	if n := refused(); n != 1 {
		t.Errorf("the refusal was logged %d times, want once", n)
	}
	if docs, v := e.Stats(); docs != first || v != firstVersion {
		t.Errorf("after a refusal the engine serves %s (%d commitments), want %s (%d)", v, docs, firstVersion, first)
	}
	if e.Problem() == "" {
		t.Error("no problem reported while CURRENT names a missing version")
	}

	// A new version, built while Watch runs.
	sum, err := indexer.Build(context.Background(), corpora[1], index, indexer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	waitFor("switch", func() bool { return strings.Contains(logged.String(), "switched to a new index version") })
	if docs, v := e.Stats(); docs != sampleCommitments || v != sum.Version {
		t.Errorf("after the switch the engine serves %s (%d commitments), want %s (%d)", v, docs, sum.Version, sampleCommitments)
	}
	if log := logged.String(); !strings.Contains(log, "index_version="+sum.Version) {
		t.Errorf("the switch is not logged with its version:\n%s", log)
	}
	if p := e.Problem(); p != "" {
		t.Errorf("problem after the switch: %s", p)
	}
	if n := refused(); n != 1 {
		t.Errorf("the refusal was logged %d times in all, want once", n)
	}

	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Watch did not return when its context ended")
	}
}
