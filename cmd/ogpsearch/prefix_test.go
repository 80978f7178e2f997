package main

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// TestSearchAsYouType asks the real server what the page asks while a
// reader types "budget" and "open data", key by key: with prefix=last the
// count never drops to nothing on the way and ends where the whole words
// are; without it (a submitted search) a partial word is a whole word.
func TestSearchAsYouType(t *testing.T) {
	base := startServe(t)
	count := func(q, prefix string) (int, []ogp.Hit) {
		t.Helper()
		v := url.Values{"q": {q}, "lang": {"en"}, "facets": {"false"}}
		if prefix != "" {
			v.Set("prefix", prefix)
		}
		res, _ := searchAPI(t, base, v)
		if res.Relaxed {
			return 0, nil
		}
		return res.Total, res.Hits
	}
	for _, word := range []string{"budget", "open data", "transparency", "services publics", "공공데이터"} {
		whole, _ := count(word, "")
		for n := 1; n <= len([]rune(word)); n++ {
			typed := string([]rune(word)[:n])
			if strings.HasSuffix(typed, " ") {
				continue
			}
			got, _ := count(typed, "last")
			if got < whole || got == 0 {
				t.Errorf("%q typed as %q: %d commitments with prefix=last, fewer than the %d the whole words find", word, typed, got, whole)
			}
		}
		if got, _ := count(word, "last"); got < whole {
			t.Errorf("%q: %d with prefix=last, %d without", word, got, whole)
		}
	}
	if n, _ := count("budg", ""); n != 0 {
		t.Errorf("a submitted search for budg finds %d: a partial word is a whole word without prefix=last", n)
	}
	if n, _ := count("budg ", "last"); n != 0 {
		t.Errorf("budg followed by a space finds %d: the query is taken as typed", n)
	}
	// Snippets mark the completed words.
	_, body := searchAPI(t, base, url.Values{"q": {"budg"}, "lang": {"en"}, "prefix": {"last"}})
	var res ogp.SearchResult
	json.Unmarshal([]byte(body), &res)
	marked := false
	for _, h := range res.Hits {
		for _, s := range h.Snippets {
			marked = marked || strings.Contains(strings.ToLower(s), "<mark>budg")
		}
	}
	if !marked {
		t.Errorf("no snippet marks a word starting with budg: %.600s", body)
	}
	if code, body := get(t, base+"/api/v1/search?q=budg&prefix=first"); code != 400 || !strings.Contains(body, "prefix must be last") {
		t.Errorf("prefix=first: %d %s", code, body)
	}
	// The command line asks the same.
	_, index := indexedSample(t)
	r := runOK(t, "query", "--index", index, "--prefix", "last", "--json", "budg")
	if !strings.Contains(r.stdout, `"total":`) || strings.Contains(r.stdout, `"total":0`) {
		t.Errorf("query --prefix last budg: %.300s", r.stdout)
	}
}
