package fixturesite

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/ogpsearch/ogpsearch/internal/sample"
)

// testSite loads the sample and adds clones of KR0018 for the pages the
// tests rely on when the sample lacks them (it is still being written), and
// a few more members so that the member index paginates.
func testSite(t *testing.T) *sample.Site {
	t.Helper()
	site, err := sample.Load()
	if err != nil {
		t.Fatal(err)
	}
	base, ok := site.Find("KR0018")
	if !ok {
		t.Fatal("sample has no KR0018")
	}
	add := func(id, member string) {
		if _, ok := site.Find(id); ok {
			return
		}
		c := copySite(&sample.Site{Commitments: []sample.Commitment{base}}).Commitments[0]
		c.ID, c.Member = id, member
		site.Commitments = append(site.Commitments, c)
	}
	for _, id := range []string{"KR0016", "KR0017", "KR0019", "KR0020", "KR0021"} {
		add(id, "south-korea")
	}
	add("FR0001", "france")
	add("MX0001", "mexico")
	add("KE0001", "kenya")
	site.Sort()
	return site
}

// client never follows redirects and never asks for gzip on its own.
var client = &http.Client{
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	Transport:     &http.Transport{DisableCompression: true},
}

// get fetches a URL with optional header pairs and returns the response
// and its whole body.
func get(t *testing.T, url string, headers ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("User-Agent", "fixturesite-test/1.0")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

// mustGet fetches a URL and fails unless it answers want.
func mustGet(t *testing.T, url string, want int) []byte {
	t.Helper()
	resp, body := get(t, url)
	if resp.StatusCode != want {
		t.Fatalf("GET %s: status %d, want %d", url, resp.StatusCode, want)
	}
	return body
}

// parse reads an HTML document.
func parse(t *testing.T, body []byte) *goquery.Document {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}
