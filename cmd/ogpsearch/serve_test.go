package main

import (
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ogpsearch/ogpsearch/internal/samplecorpus"
)

// TestServePicksUpNewIndex serves an index directory, rebuilds it with the
// real index command while clients search without pause, and checks that
// every request succeeded and the new content is served afterwards.
func TestServePicksUpNewIndex(t *testing.T) { checkIndexSwitch(t, 1) }

// TestReadReplicas: two servers read one index directory, as replicas
// behind a load balancer do; both switch to the new version, and no
// request to either fails.
func TestReadReplicas(t *testing.T) {
	if testing.Short() {
		t.Skip("runs two servers")
	}
	checkIndexSwitch(t, 2)
}

// checkIndexSwitch serves one index directory with the given number of
// servers, rebuilds it with a changed title while clients search all of
// them, and checks every server switched without a failed request.
func checkIndexSwitch(t *testing.T, servers int) {
	corpus, index := indexedSample(t)
	var bases, urls []string
	for range servers {
		base := startServe(t, "--index", index, "--reload-every", "100ms")
		bases = append(bases, base)
		urls = append(urls, base+"/api/v1/search?q=services&lang=fr&size=5")
	}
	load := startLoad(t, 4, urls...)
	changed := strings.ReplaceAll(string(samplecorpus.JSONL()), `"title":"Fournir des services personnalisés"`, `"title":"Fournir des services sur mesure"`)
	if err := os.WriteFile(corpus, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := runOK(t, "index", "--corpus", corpus, "--index", index, "--quiet"); !strings.Contains(r.stdout, "(30 indexed") {
		t.Fatalf("re-index: %s %s", r.stdout, r.stderr)
	}
	for _, base := range bases {
		waitForTitle(t, base, "KR0018", "fr", "Fournir des services sur mesure")
	}
	time.Sleep(300 * time.Millisecond) // keep searching across the switch
	load.check(t, 20)
}

// load is a set of clients sending requests without pause, counting the
// ones that fail.
type load struct {
	requests, failures atomic.Int64
	stop               chan struct{}
	wg                 sync.WaitGroup
}

// startLoad starts clients that GET the urls in turn until check.
func startLoad(t *testing.T, clients int, urls ...string) *load {
	t.Helper()
	l := &load{stop: make(chan struct{})}
	for c := range clients {
		l.wg.Go(func() {
			for i := c; ; i++ {
				select {
				case <-l.stop:
					return
				default:
				}
				resp, err := http.Get(urls[i%len(urls)])
				l.requests.Add(1)
				if err != nil || resp.StatusCode != 200 {
					l.failures.Add(1)
				}
				if resp != nil {
					resp.Body.Close()
				}
			}
		})
	}
	t.Cleanup(l.halt)
	return l
}

func (l *load) halt() {
	select {
	case <-l.stop:
	default:
		close(l.stop)
	}
	l.wg.Wait()
}

// check stops the clients and fails the test when a request failed or
// fewer than least were sent.
func (l *load) check(t *testing.T, least int64) {
	t.Helper()
	l.halt()
	if l.failures.Load() > 0 || l.requests.Load() < least {
		t.Errorf("%d of %d requests failed (at least %d expected)", l.failures.Load(), l.requests.Load(), least)
	}
	t.Logf("%d requests, %d failed", l.requests.Load(), l.failures.Load())
}

// waitForTitle waits until the API shows the commitment's page in lang
// with the title, and fails the test after 20 seconds.
func waitForTitle(t *testing.T, base, id, lang, title string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		_, body := get(t, base+"/api/v1/commitments/"+id+"?lang="+lang)
		var c struct {
			Commitment struct{ Title string } `json:"commitment"`
		}
		if json.Unmarshal([]byte(body), &c) == nil && c.Commitment.Title == title {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s does not show %s/%s titled %q: %.200s", base, id, lang, title, body)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
