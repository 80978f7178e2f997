package main

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ogpsearch/ogpsearch/internal/sample"
)

// TestServePicksUpNewIndex serves an index directory, rebuilds it with the
// real index command while clients search without pause, and checks that
// every request succeeded and the new content is served afterwards.
func TestServePicksUpNewIndex(t *testing.T) {
	dir := t.TempDir()
	corpus := filepath.Join(dir, "c.jsonl")
	index := filepath.Join(dir, "index")
	if err := os.WriteFile(corpus, sample.Corpus(), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := runBinary(t, "index", "--corpus", corpus, "--index", index, "--quiet"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	base := startServe(t, "--index", index, "--reload-every", "100ms")

	var requests, failures atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				resp, err := http.Get(base + "/api/v1/search?q=services&lang=fr&size=5")
				requests.Add(1)
				if err != nil || resp.StatusCode != 200 {
					failures.Add(1)
				}
				if resp != nil {
					resp.Body.Close()
				}
			}
		})
	}
	changed := strings.ReplaceAll(string(sample.Corpus()), `"title":"Fournir des services personnalisés"`, `"title":"Fournir des services sur mesure"`)
	if err := os.WriteFile(corpus, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := runBinary(t, "index", "--corpus", corpus, "--index", index, "--quiet"); r.code != 0 || !strings.Contains(r.stdout, "(30 indexed") {
		t.Fatalf("re-index: %s %s", r.stdout, r.stderr)
	}
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		_, body := get(t, base+"/api/v1/commitments/KR0018?lang=fr")
		var c struct {
			Commitment struct{ Title string } `json:"commitment"`
		}
		if json.Unmarshal([]byte(body), &c) == nil && c.Commitment.Title == "Fournir des services sur mesure" {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond) // keep searching across the switch
	close(stop)
	wg.Wait()
	if _, body := get(t, base+"/api/v1/commitments/KR0018?lang=fr"); !strings.Contains(body, "sur mesure") {
		t.Fatalf("the new version was not picked up: %.200s", body)
	}
	if failures.Load() > 0 || requests.Load() < 20 {
		t.Errorf("%d of %d searches failed during the switch", failures.Load(), requests.Load())
	}
}
