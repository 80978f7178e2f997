package httpapi

import (
	"encoding/json"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// searchNext asks path and returns the cursor of its answer.
func searchNext(t *testing.T, ts *testServer, path string) string {
	t.Helper()
	resp, body := ts.get(t, path)
	var res ogp.SearchResult
	if err := json.Unmarshal(body, &res); resp.StatusCode != 200 || err != nil || res.Next == "" {
		t.Fatalf("GET %s: %d %v, no cursor: %.300s", path, resp.StatusCode, err, body)
	}
	return res.Next
}

// TestCursorOfAnotherVersion: a cursor carries the index version it was
// given on. On that version it continues the walk; once another version is
// served it is refused with 409 stale_cursor, telling the client to start
// again, and never reaches the engine — nor does a cursor the server never
// gave.
func TestCursorOfAnotherVersion(t *testing.T) {
	ts := startServer(t, Config{}, nil)
	next := searchNext(t, ts, "/api/v1/search?q=open&size=5")
	if resp, body := ts.get(t, "/api/v1/search?q=open&size=5&after="+url.QueryEscape(next)); resp.StatusCode != 200 {
		t.Fatalf("the cursor on its own version: %d %s", resp.StatusCode, body)
	}
	if got := ts.fake.lastReq.Load().After; got != "c5" {
		t.Errorf("the engine got the cursor %q, want its own c5", got)
	}

	ts.fake.setVersion("v2")
	ts.fake.lastReq.Store(nil)
	resp, body := ts.get(t, "/api/v1/search?q=open&size=5&after="+url.QueryEscape(next))
	checkErrorAnswer(t, resp, body, http.StatusConflict, codeStaleCursor, "")
	if ts.fake.lastReq.Load() != nil {
		t.Error("a cursor of another version reached the engine")
	}
	for _, bad := range []string{"c5", "garbage", "xxxxxxxx.", ".c5"} {
		resp, body := ts.get(t, "/api/v1/search?q=open&after="+url.QueryEscape(bad))
		checkErrorAnswer(t, resp, body, http.StatusBadRequest, ogp.EInvalid, "after is not a cursor this service gave")
	}
	if ts.fake.lastReq.Load() != nil {
		t.Error("a cursor the server never gave reached the engine")
	}
	// A new walk on the new version works.
	next2 := searchNext(t, ts, "/api/v1/search?q=open&size=5")
	if resp, body := ts.get(t, "/api/v1/search?q=open&size=5&after="+url.QueryEscape(next2)); resp.StatusCode != 200 {
		t.Errorf("a cursor of the new version: %d %s", resp.StatusCode, body)
	}
}

// TestCursorAcrossSwitchMidSearch: when the index is switched while a
// search runs, the server cannot tell which version answered. A search
// continuing a cursor is then refused (409) rather than risk mixing
// versions; a first search is answered again on the new version, and its
// cursor belongs to it.
func TestCursorAcrossSwitchMidSearch(t *testing.T) {
	fake := newFakeSearcher()
	fake.delay = 200 * time.Millisecond
	fake.started = make(chan struct{}, 4)
	ts := startServer(t, Config{}, fake)
	next := searchNext(t, ts, "/api/v1/search?q=slow&size=5")
	<-fake.started

	switchDuring := func(path string, version string) (*http.Response, []byte) {
		var wg sync.WaitGroup
		var resp *http.Response
		var body []byte
		wg.Go(func() { resp, body = ts.get(t, path) })
		<-fake.started
		fake.setVersion(version)
		wg.Wait()
		return resp, body
	}
	resp, body := switchDuring("/api/v1/search?q=slow&size=5&after="+url.QueryEscape(next), "v2")
	checkErrorAnswer(t, resp, body, http.StatusConflict, codeStaleCursor, "")

	resp, body = switchDuring("/api/v1/search?q=slow&size=5", "v3")
	if resp.StatusCode != 200 {
		t.Fatalf("a first search across a switch: %d %s", resp.StatusCode, body)
	}
	<-fake.started // the search was run again
	var res ogp.SearchResult
	_ = json.Unmarshal(body, &res)
	if resp, body := ts.get(t, "/api/v1/search?q=open&size=5&after="+url.QueryEscape(res.Next)); resp.StatusCode != 200 {
		t.Errorf("its cursor on the version now served: %d %s", resp.StatusCode, body)
	}
}
