package httpapi

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// longRun reports whether the long variants run (make test-long).
func longRun() bool { return os.Getenv("OGPSEARCH_LONG") != "" }

// rawRequest writes raw bytes on a new connection (in the background, as
// the server may answer before reading them all) and returns the status
// line of the answer and how long it took.
func rawRequest(t *testing.T, addr string, parts ...string) (string, time.Duration) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	start := time.Now()
	go func() {
		for _, p := range parts {
			if _, err := io.WriteString(conn, p); err != nil {
				return
			}
		}
	}()
	_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		t.Fatalf("no answer after %v: %v", time.Since(start), err)
	}
	return strings.TrimSpace(line), time.Since(start)
}

// TestHugeRequestsRefusedQuickly: a request line of 1 MB is refused by the
// HTTP server's header limit (431) and one of 20 KB by the URL limit
// (414), both at once; a request streaming a 100 MB body gets 413 without
// the body being read.
func TestHugeRequestsRefusedQuickly(t *testing.T) {
	ts := startServer(t, Config{}, nil)
	cases := []struct {
		name  string
		parts []string
		want  string
	}{
		{"1 MB URL", []string{"GET /api/v1/search?q=" + strings.Repeat("a", 1<<20) + " HTTP/1.1\r\nHost: x\r\n\r\n"}, "431"},
		{"20 KB URL", []string{"GET /api/v1/search?q=" + strings.Repeat("a", 20<<10) + " HTTP/1.1\r\nHost: x\r\n\r\n"}, "414"},
		{"100 MB body", append([]string{"GET /api/v1/search?q=x HTTP/1.1\r\nHost: x\r\nContent-Length: 104857600\r\n\r\n"},
			slicesOf(strings.Repeat("b", 1<<20), 100)...), "413"},
	}
	for _, c := range cases {
		status, took := rawRequest(t, ts.Addr(), c.parts...)
		if !strings.Contains(status, " "+c.want+" ") || took > 2*time.Second {
			t.Errorf("%s: %q after %v, want %s at once", c.name, status, took, c.want)
		}
		t.Logf("%s: %s in %v", c.name, status, took.Round(time.Millisecond))
	}
	if resp, _ := ts.get(t, "/healthz"); resp.StatusCode != http.StatusOK {
		t.Errorf("after the huge requests /healthz = %d", resp.StatusCode)
	}
}

func slicesOf(s string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}

// TestSearchConcurrencyCap: with two search slots, two slow searches run
// and the others, after a short wait for a slot, get 503 with Retry-After
// at once; a search that panics gives its slot back.
func TestSearchConcurrencyCap(t *testing.T) {
	fake := newFakeSearcher()
	fake.delay = 600 * time.Millisecond
	ts := startServer(t, Config{MaxSearches: 2, SearchQueueWait: 50 * time.Millisecond}, fake)
	type answer struct {
		status     int
		retryAfter string
		code       string
		took       time.Duration
	}
	answers := make(chan answer, 6)
	var wg sync.WaitGroup
	for range 6 {
		wg.Go(func() {
			start := time.Now()
			resp, err := rawClient.Get(ts.base + "/api/v1/search?q=slow")
			if err != nil {
				t.Error(err)
				return
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			a := answer{status: resp.StatusCode, retryAfter: resp.Header.Get("Retry-After"), took: time.Since(start)}
			if a.status != http.StatusOK {
				a.code, _ = errorOf(t, body)
			}
			answers <- a
		})
	}
	wg.Wait()
	close(answers)
	ok, busy := 0, 0
	for a := range answers {
		switch {
		case a.status == http.StatusOK:
			ok++
		case a.status == http.StatusServiceUnavailable && a.retryAfter == "1" && a.code == "unavailable" && a.took < 500*time.Millisecond:
			busy++
		default:
			t.Errorf("unexpected answer %+v", a)
		}
	}
	if ok != 2 || busy != 4 {
		t.Errorf("%d searches answered and %d refused, want 2 and 4", ok, busy)
	}
	if !strings.Contains(ts.logs.String(), "too many searches at once") {
		t.Error("refusals not logged")
	}
	ts2 := startServer(t, Config{MaxSearches: 1}, nil)
	ts2.get(t, "/api/v1/search?q=panic")
	for range 3 {
		if resp, _ := ts2.get(t, "/api/v1/search?q=after"); resp.StatusCode != http.StatusOK {
			t.Fatalf("search after a panic = %d: the slot was not given back", resp.StatusCode)
		}
	}
}

// TestSearchQueueWaits: a search finding every slot taken waits for one
// within SearchQueueWait rather than failing at once.
func TestSearchQueueWaits(t *testing.T) {
	fake := newFakeSearcher()
	fake.delay = 150 * time.Millisecond
	ts := startServer(t, Config{MaxSearches: 1, SearchQueueWait: 2 * time.Second}, fake)
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() {
			if resp, err := rawClient.Get(ts.base + "/api/v1/search?q=slow"); err != nil || resp.StatusCode != http.StatusOK {
				t.Errorf("queued search: %v %v", resp, err)
			} else {
				resp.Body.Close()
			}
		})
	}
	wg.Wait()
}

// TestManyIdleConnections holds 2,000 connections open (5,000 in the long
// variant): half idle after an
// answered request (keep-alive), half that never sent a byte. The server
// keeps answering at once, and memory grows by a bounded amount per
// connection. Client and server share this process, so the figure counts
// both ends.
func TestManyIdleConnections(t *testing.T) {
	n := 2000
	if longRun() {
		n = 5000
	}
	ts := startServer(t, Config{ReadHeaderTimeout: time.Minute, IdleTimeout: time.Minute}, nil)
	before := heapAndStacks()
	start := time.Now()
	conns := make([]net.Conn, 0, n)
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for i := range n {
		c, err := net.Dial("tcp", ts.Addr())
		if err != nil {
			t.Fatalf("connection %d: %v", i, err)
		}
		conns = append(conns, c)
		if i%2 == 0 {
			continue
		}
		fmt.Fprintf(c, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("connection %d: %v %v", i, resp, err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	opened := time.Since(start)
	time.Sleep(200 * time.Millisecond) // let the server park every connection
	after := heapAndStacks()
	perConn := (int64(after) - int64(before)) / int64(n)
	reqStart := time.Now()
	resp, _ := ts.get(t, "/api/v1/search?q=open")
	took := time.Since(reqStart)
	t.Logf("%d connections opened in %v; memory %d → %d MB, %d KB per connection; a search took %v",
		n, opened.Round(time.Millisecond), before>>20, after>>20, perConn>>10, took.Round(time.Millisecond))
	if resp.StatusCode != http.StatusOK || took > time.Second {
		t.Errorf("with %d idle connections a search = %d in %v", n, resp.StatusCode, took)
	}
	if perConn > 64<<10 {
		t.Errorf("%d KB of memory per idle connection, want at most 64", perConn>>10)
	}
}

// heapAndStacks is the memory in use by heap objects and goroutine stacks
// after a collection.
func heapAndStacks() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse + m.StackInuse
}

// TestManySlowClients: 200 clients sending their headers a byte at a time
// are all cut off after ReadHeaderTimeout, while a normal client is
// answered in the meantime.
func TestManySlowClients(t *testing.T) {
	const n = 200
	timeout := 300 * time.Millisecond
	ts := startServer(t, Config{ReadHeaderTimeout: timeout}, nil)
	start := time.Now()
	var wg sync.WaitGroup
	cut := make(chan time.Duration, n)
	for range n {
		wg.Go(func() {
			conn, err := net.Dial("tcp", ts.Addr())
			if err != nil {
				t.Error(err)
				return
			}
			defer conn.Close()
			go func() {
				for _, b := range []byte("GET /healthz HTTP/1.1\r\nHost: localhost\r\nUser-Agent: slowloris\r\n\r\n") {
					if _, err := conn.Write([]byte{b}); err != nil {
						return
					}
					time.Sleep(50 * time.Millisecond)
				}
			}()
			_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
			got, _ := io.ReadAll(conn)
			if strings.Contains(string(got), "200 OK") {
				t.Errorf("a slow client was answered: %q", got)
			}
			cut <- time.Since(start)
		})
	}
	time.Sleep(100 * time.Millisecond)
	if resp, _ := ts.get(t, "/healthz"); resp.StatusCode != http.StatusOK {
		t.Errorf("a normal client among slow ones got %d", resp.StatusCode)
	}
	wg.Wait()
	close(cut)
	var last time.Duration
	for d := range cut {
		last = max(last, d)
	}
	t.Logf("%d slow clients cut off, the last after %v", n, last.Round(time.Millisecond))
	if last > 3*time.Second {
		t.Errorf("the last slow client was cut off after %v with a %v header timeout", last, timeout)
	}
}

// TestPageUnderSearchCap: the page's own searches take the same slots as
// the API's; its assets do not.
func TestPageUnderSearchCap(t *testing.T) {
	page := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/" {
			time.Sleep(600 * time.Millisecond) // a slow server-rendered search
		}
		io.WriteString(w, "page")
	})
	ts := startServer(t, Config{MaxSearches: 1, SearchQueueWait: 50 * time.Millisecond, Page: page}, nil)
	statuses := make(chan int, 2)
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			resp, err := rawClient.Get(ts.base + "/?q=slow")
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			statuses <- resp.StatusCode
		})
	}
	time.Sleep(200 * time.Millisecond) // both page requests are in
	start := time.Now()
	if resp, _ := ts.get(t, "/assets/app.js"); resp.StatusCode != http.StatusOK || time.Since(start) > 300*time.Millisecond {
		t.Errorf("asset while the slot is taken: %d in %v", resp.StatusCode, time.Since(start))
	}
	wg.Wait()
	close(statuses)
	var got []int
	for s := range statuses {
		got = append(got, s)
	}
	slices.Sort(got)
	if !slices.Equal(got, []int{http.StatusOK, http.StatusServiceUnavailable}) {
		t.Errorf("two page searches with one slot: %v, want one 200 and one 503", got)
	}
}
