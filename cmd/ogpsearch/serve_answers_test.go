package main

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ogpsearch/ogpsearch/internal/samplecorpus"
)

// TestSuggestionsOncePerValue: a member whose name is the same or alike in
// several languages is suggested once, with the reader's label.
func TestSuggestionsOncePerValue(t *testing.T) {
	base := startServe(t)
	for lang, want := range map[string]string{"en": "Kenya", "es": "Kenia", "fr": "Kenya"} {
		_, body := get(t, base+"/api/v1/suggest?q=ken&lang="+lang)
		var a struct {
			Suggestions []struct{ Text, Kind, Key, Lang, ID string }
		}
		if err := json.Unmarshal([]byte(body), &a); err != nil {
			t.Fatal(err)
		}
		seen := map[string]int{}
		for _, s := range a.Suggestions {
			ref := s.Key
			if ref == "" {
				ref = s.ID
			}
			seen[s.Kind+"/"+ref]++
			if s.Kind == "member" && s.Key == "kenya" && (s.Text != want || s.Lang != lang) {
				t.Errorf("lang %s: Kenya suggested as %q (%s), want %q in %s", lang, s.Text, s.Lang, want, lang)
			}
		}
		for k, n := range seen {
			if n > 1 && !strings.HasPrefix(k, "title/") {
				t.Errorf("lang %s: %s suggested %d times: %s", lang, k, n, body)
			}
		}
		if seen["member/kenya"] != 1 {
			t.Errorf("lang %s: Kenya not suggested: %s", lang, body)
		}
	}
}

// readyVersion is the index version the server reports.
func readyVersion(t *testing.T, base string) string {
	t.Helper()
	_, body := get(t, base+"/readyz")
	var r struct{ Version string }
	_ = json.Unmarshal([]byte(body), &r)
	return r.Version
}

// TestCursorAcrossIndexVersions: a cursor given on one index version is
// refused, with 409 stale_cursor over HTTP and an error from query, once
// another version is served; the walk never goes on in other data. The
// same answer on one version keeps its ETag, so If-None-Match gets 304.
func TestCursorAcrossIndexVersions(t *testing.T) {
	corpus, index := indexedSample(t)
	base := startServe(t, "--index", index, "--reload-every", "100ms")
	for _, path := range []string{"/api/v1/search?q=open&size=2", "/?q=open&lang=en"} {
		first, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		first.Body.Close()
		req, _ := http.NewRequest(http.MethodGet, base+path, nil)
		req.Header.Set("If-None-Match", first.Header.Get("ETag"))
		again, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		again.Body.Close()
		if again.StatusCode != http.StatusNotModified {
			t.Errorf("%s: If-None-Match %s: %d, want 304", path, first.Header.Get("ETag"), again.StatusCode)
		}
	}

	res, _ := searchAPI(t, base, url.Values{"q": {"open"}, "size": {"2"}})
	cli := runOK(t, "query", "--index", index, "--size", "2", "--json", "open")
	var fromCLI struct{ Next string }
	_ = json.Unmarshal([]byte(cli.stdout), &fromCLI)
	if res.Next == "" || fromCLI.Next != res.Next {
		t.Fatalf("cursors: API %q, query %q", res.Next, fromCLI.Next)
	}
	if code, body := get(t, base+"/api/v1/search?q=open&size=2&after="+url.QueryEscape(res.Next)); code != 200 {
		t.Fatalf("the cursor on its version: %d %.200s", code, body)
	}

	old := readyVersion(t, base)
	changed := strings.ReplaceAll(string(samplecorpus.JSONL()), `"title":"Fournir des services personnalisés"`, `"title":"Fournir des services sur mesure"`)
	if err := os.WriteFile(corpus, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	runOK(t, "index", "--corpus", corpus, "--index", index, "--quiet")
	for deadline := time.Now().Add(20 * time.Second); readyVersion(t, base) == old; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the server did not switch to the new version")
		}
	}

	code, body := get(t, base+"/api/v1/search?q=open&size=2&after="+url.QueryEscape(res.Next))
	if code != http.StatusConflict || !regexp.MustCompile(`"code":"stale_cursor","message":"[^"]*start again`).MatchString(body) {
		t.Errorf("an old version's cursor: %d %.300s; want 409 stale_cursor telling to start again", code, body)
	}
	r := runBinary(t, "query", "--index", index, "--size", "2", "--after", res.Next, "open")
	if r.code != 1 || !strings.Contains(r.stderr, "start again") {
		t.Errorf("query --after with an old version's cursor: exit %d %q %.200s", r.code, r.stderr, r.stdout)
	}
}
