package main

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestMakeRunFromFreshClone clones the repository holding this test into a
// temporary directory and runs `make run` there, as a newcomer does, then
// searches the sample corpus it serves. A clone holds only what is
// committed, so this tests the committed state.
func TestMakeRunFromFreshClone(t *testing.T) {
	if testing.Short() {
		t.Skip("clones the repository and builds it")
	}
	for _, tool := range []string{"git", "make", "go"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed", tool)
		}
	}
	top, err := exec.Command("git", "rev-parse", "--show-toplevel").Output()
	if err != nil {
		t.Skip("not in a git checkout, so there is nothing to clone")
	}
	repo := filepath.Join(t.TempDir(), "ogpsearch")
	if out, err := exec.Command("git", "clone", "--quiet", strings.TrimSpace(string(top)), repo).CombinedOutput(); err != nil {
		t.Fatalf("git clone: %v\n%s", err, out)
	}
	addr := "127.0.0.1:" + freePort(t)
	began := time.Now()
	var out bytes.Buffer
	cmd := exec.Command("make", "run", "ADDR="+addr)
	cmd.Dir = repo
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	var once sync.Once
	stop := func() { once.Do(func() { stopGroup(t, cmd.Process.Pid, done) }) }
	t.Cleanup(stop)

	base := "http://" + addr
	if err := waitForReady(base, done, 4*time.Minute); err != nil {
		stop()
		t.Fatalf("make run: %v\n%s", err, out.String())
	}
	t.Logf("make run answered after %s", time.Since(began).Round(time.Millisecond))
	code, body := get(t, base+"/api/v1/search?q=services+personnalis%C3%A9s&lang=fr")
	if code != 200 || !strings.Contains(body, `"id":"KR0018"`) || !strings.Contains(body, "<mark>") {
		t.Errorf("search on the fresh clone: %d %.300s", code, body)
	}
}

// freePort finds a port nobody listens on now.
func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
}

// waitForReady polls base/readyz until it answers 200, the process ends
// (done closes), or the time is up.
func waitForReady(base string, done <-chan struct{}, limit time.Duration) error {
	deadline := time.After(limit)
	for {
		select {
		case <-done:
			return errors.New("it exited before answering")
		case <-deadline:
			return fmt.Errorf("no answer within %s", limit)
		case <-time.After(200 * time.Millisecond):
		}
		resp, err := http.Get(base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return nil
			}
		}
	}
}

// stopGroup ends the process group pgid (make and the server it started):
// SIGTERM, then SIGKILL if it has not ended (done) 10 seconds later.
func stopGroup(t *testing.T, pgid int, done <-chan struct{}) {
	_ = syscall.Kill(-pgid, syscall.SIGTERM)
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Errorf("make run did not stop on SIGTERM; killing it")
		_ = syscall.Kill(-pgid, syscall.SIGKILL)
		<-done
	}
}
