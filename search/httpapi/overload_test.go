package httpapi

import (
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// get sends one GET and returns its status, body and how long it took.
func timedGet(t *testing.T, url string) (int, string, time.Duration) {
	t.Helper()
	start := time.Now()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body), time.Since(start)
}

// TestKeystrokesHaveTheirOwnLane: with every slot of the searches taken by
// slow ones and their queue full, a keystroke search (facets=false) is
// answered at once, and another full search is refused at once.
func TestKeystrokesHaveTheirOwnLane(t *testing.T) {
	fake := newFakeSearcher()
	fake.delay = 2 * time.Second
	fake.started = make(chan struct{}, 16)
	ts := startServer(t, Config{MaxSearches: 1, SearchQueueWait: time.Second}, fake)
	var wg sync.WaitGroup
	defer wg.Wait()
	// One running, queuePerSlot waiting: the lane is full.
	for range 1 + queuePerSlot {
		wg.Go(func() { timedGet(t, ts.base+"/api/v1/search?q=slow") })
	}
	<-fake.started
	time.Sleep(100 * time.Millisecond) // the others are queued
	code, body, took := timedGet(t, ts.base+"/api/v1/search?q=data&facets=false&snippets=false")
	if code != 200 || took > 500*time.Millisecond {
		t.Errorf("a keystroke beside a full lane: %d in %v: %.200s", code, took, body)
	}
	code, body, took = timedGet(t, ts.base+"/api/v1/search?q=data")
	if code != 503 || !strings.Contains(body, `"code":"unavailable"`) || took > 200*time.Millisecond {
		t.Errorf("a search beyond a full queue: %d in %v, want a 503 at once: %.200s", code, took, body)
	}
}

// TestSearchAnsweredByItsDeadline: a search that does not notice its
// deadline is answered, as too long, a moment after the deadline, not when
// it ends.
func TestSearchAnsweredByItsDeadline(t *testing.T) {
	fake := newFakeSearcher()
	fake.delay = 3 * time.Second
	ts := startServer(t, Config{RequestTimeout: 200 * time.Millisecond}, fake)
	code, body, took := timedGet(t, ts.base+"/api/v1/search?q=deaf")
	if code != 503 || !strings.Contains(body, "took too long") || took > 200*time.Millisecond+lateMargin+300*time.Millisecond {
		t.Errorf("a deaf search with a 200 ms deadline: %d in %v: %.200s", code, took, body)
	}
}
