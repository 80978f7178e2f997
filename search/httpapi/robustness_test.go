package httpapi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestGracefulShutdown: Close waits for a request in flight, which
// completes with 200; afterwards the server takes no new connections.
func TestGracefulShutdown(t *testing.T) {
	fake := newFakeSearcher()
	fake.delay = 500 * time.Millisecond
	fake.started = make(chan struct{}, 1)
	ts := startServer(t, Config{}, fake)

	type answer struct {
		status int
		body   string
		err    error
	}
	done := make(chan answer, 1)
	go func() {
		resp, err := rawClient.Get(ts.base + "/api/v1/search?q=slow")
		if err != nil {
			done <- answer{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		done <- answer{resp.StatusCode, string(b), err}
	}()
	<-fake.started // the search is running

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	start := time.Now()
	if err := ts.Close(ctx); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if waited := time.Since(start); waited < 200*time.Millisecond {
		t.Errorf("Close returned after %v, before the slow request could finish", waited)
	}
	a := <-done
	if a.err != nil || a.status != http.StatusOK || !strings.Contains(a.body, `"query":"slow"`) {
		t.Fatalf("in-flight request: status %d, err %v, body %.100s", a.status, a.err, a.body)
	}
	if _, err := net.DialTimeout("tcp", ts.Addr(), time.Second); err == nil {
		t.Error("the server still accepts connections after Close")
	}
}

// TestCloseDeadline: when in-flight requests outlast Close's context, the
// connections are cut and Close reports it.
func TestCloseDeadline(t *testing.T) {
	fake := newFakeSearcher()
	fake.delay = 3 * time.Second
	fake.started = make(chan struct{}, 1)
	ts := startServer(t, Config{}, fake)
	go func() {
		if resp, err := rawClient.Get(ts.base + "/api/v1/search?q=slow"); err == nil {
			resp.Body.Close()
		}
	}()
	<-fake.started
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if err := ts.Close(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Close past its deadline: %v", err)
	}
}

// TestSlowClientCutOff: a client sending its request line and headers a
// byte at a time, slower than ReadHeaderTimeout allows, is disconnected
// without an answer.
func TestSlowClientCutOff(t *testing.T) {
	ts := startServer(t, Config{ReadHeaderTimeout: 200 * time.Millisecond}, nil)
	conn, err := net.Dial("tcp", ts.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	start := time.Now()
	go func() {
		for _, b := range []byte("GET /healthz HTTP/1.1\r\nHost: localhost\r\nUser-Agent: slowloris\r\n\r\n") {
			if _, err := conn.Write([]byte{b}); err != nil {
				return
			}
			time.Sleep(40 * time.Millisecond)
		}
	}()
	_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	got, err := io.ReadAll(conn)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Fatalf("connection still open after %v", time.Since(start))
	}
	if strings.Contains(string(got), "200 OK") {
		t.Errorf("slow client was answered: %q", got)
	}
	if elapsed := time.Since(start); elapsed > 1500*time.Millisecond {
		t.Errorf("cut off after %v with a 200ms header timeout", elapsed)
	}
}

// TestManyConcurrentRequests: 500 requests on as many connections at once
// are all answered, each with its own request ID: searches as the slots
// allow, the others refused at once (a JSON 503 with Retry-After), none
// after waiting out its deadline.
func TestManyConcurrentRequests(t *testing.T) {
	fake := newFakeSearcher()
	fake.delay = 50 * time.Millisecond // keep them in flight together
	ts := startServer(t, Config{}, fake)
	client := &http.Client{
		Transport: &http.Transport{MaxIdleConnsPerHost: 500, DisableCompression: true},
		Timeout:   20 * time.Second,
	}
	defer client.CloseIdleConnections()

	const n = 500
	var wg sync.WaitGroup
	var mu sync.Mutex
	ids := map[string]bool{}
	busy := 0
	failures := make(chan string, n)
	gate := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-gate
			resp, err := client.Get(fmt.Sprintf("%s/api/v1/search?q=slow&size=%d", ts.base, i%100+1))
			if err != nil {
				failures <- err.Error()
				return
			}
			defer resp.Body.Close()
			body, err := io.ReadAll(resp.Body)
			refused := resp.StatusCode == http.StatusServiceUnavailable && resp.Header.Get("Retry-After") != "" &&
				strings.Contains(string(body), `"code":"unavailable"`)
			if err != nil || resp.StatusCode != http.StatusOK && !refused {
				failures <- fmt.Sprintf("status %d, %v: %.200s", resp.StatusCode, err, body)
				return
			}
			mu.Lock()
			ids[resp.Header.Get(requestIDHeader)] = true
			if refused {
				busy++
			}
			mu.Unlock()
		}()
	}
	close(gate)
	wg.Wait()
	close(failures)
	for f := range failures {
		t.Error(f)
	}
	if len(ids) != n {
		t.Errorf("%d distinct request IDs for %d requests", len(ids), n)
	}
	if busy == 0 || busy == n {
		t.Errorf("%d of %d refused: want some searches answered and some refused", busy, n)
	}
	t.Logf("%d of %d searches refused at once", busy, n)
}
