package scraper

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

const testUA = "ogpsearch-test/0.1 (+https://example.invalid/contact)"

// hit is one request a test site received.
type hit struct {
	uri    string // path?query as requested
	start  time.Time
	end    time.Time
	ua     string
	header http.Header
}

// testSite is a local HTTP server that records every hit and the number of
// requests in flight.
type testSite struct {
	t      *testing.T
	srv    *httptest.Server
	mu     sync.Mutex
	routes map[string]http.HandlerFunc // by exact request URI
	hits   []hit
	flying int
	peak   int
}

func newSite(t *testing.T) *testSite {
	t.Helper()
	s := &testSite{t: t, routes: map[string]http.HandlerFunc{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *testSite) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.flying++
	s.peak = max(s.peak, s.flying)
	i := len(s.hits)
	s.hits = append(s.hits, hit{uri: r.URL.RequestURI(), start: time.Now(), ua: r.UserAgent(), header: r.Header.Clone()})
	h := s.routes[r.URL.RequestURI()]
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.flying--
		s.hits[i].end = time.Now()
		s.mu.Unlock()
	}()
	if h == nil {
		http.NotFound(w, r)
		return
	}
	h(w, r)
}

// handle serves uri (path and query, exactly) with h.
func (s *testSite) handle(uri string, h http.HandlerFunc) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.routes[uri] = h
}

// page serves uri as a UTF-8 HTML page.
func (s *testSite) page(uri, body string) {
	s.handle(uri, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, body)
	})
}

// text serves uri as plain text (robots.txt).
func (s *testSite) text(uri, body string) {
	s.handle(uri, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, body)
	})
}

func (s *testSite) url(uri string) string { return s.srv.URL + uri }

// allHits returns a copy of the hits so far.
func (s *testSite) allHits() []hit {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]hit(nil), s.hits...)
}

// peakInFlight is the largest number of requests served at once.
func (s *testSite) peakInFlight() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.peak
}

// exact is the number of hits on exactly uri.
func (s *testSite) exact(uri string) int {
	n := 0
	for _, h := range s.allHits() {
		if h.uri == uri {
			n++
		}
	}
	return n
}

// count is the number of hits whose URI contains sub.
func (s *testSite) count(sub string) int {
	n := 0
	for _, h := range s.allHits() {
		if strings.Contains(h.uri, sub) {
			n++
		}
	}
	return n
}

// testConfig is a fast, quiet configuration writing into a temporary dir.
func testConfig(t *testing.T, start ...string) Config {
	t.Helper()
	return Config{
		Start:        start,
		Out:          t.TempDir(),
		Delay:        20 * time.Millisecond,
		Jitter:       0.1,
		UserAgent:    testUA,
		Timeout:      5 * time.Second,
		MaxRetries:   3,
		Logger:       slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn})),
		Extract:      fakeExtract,
		MaxBodyBytes: 1 << 20,
	}
}

// testWriter sends log lines to the test log.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// crawl runs Crawl with a deadline and fails the test on an error.
func crawl(t *testing.T, cfg Config) Summary {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	sum, err := Crawl(ctx, cfg)
	if err != nil {
		t.Fatalf("Crawl: %v", err)
	}
	return sum
}

var titleID = regexp.MustCompile(`\(([A-Z]{2,4}[0-9]{4})\)\s*$`)

// fakeExtract stands in for extract.Extract: the ID from "<h1>Title
// (ID)</h1>", the language from <html lang>, policy areas from li.pa and
// the status from .status.
func fakeExtract(r io.Reader, pageURL string) (ogp.Commitment, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return ogp.Commitment{}, err
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(string(b)))
	if err != nil {
		return ogp.Commitment{}, err
	}
	h1 := strings.TrimSpace(doc.Find("h1").First().Text())
	m := titleID.FindStringSubmatch(h1)
	if m == nil {
		return ogp.Commitment{}, errors.New("fake extract: no ID in title")
	}
	sum := sha256.Sum256(b)
	rec := ogp.Commitment{
		ID: m[1], Lang: doc.Find("html").AttrOr("lang", ""), URL: pageURL,
		Title:       strings.TrimSpace(strings.TrimSuffix(h1, m[0])),
		Status:      ogp.Term{Label: doc.Find(".status").Text(), Key: ogp.Slug(doc.Find(".status").Text())},
		ContentHash: hex.EncodeToString(sum[:8]),
	}
	doc.Find("li.pa").Each(func(_ int, s *goquery.Selection) {
		rec.PolicyAreas = append(rec.PolicyAreas, ogp.Term{Label: s.Text(), Key: ogp.Slug(s.Text())})
	})
	return rec, nil
}

// commitmentHTML is a small commitment page in the shape of the site.
func commitmentHTML(lang, id, title string, body ...string) string {
	return fmt.Sprintf(`<!doctype html><html lang="%s"><head><meta charset="utf-8"><title>%s</title></head>
<body><main><h1>%s (%s)</h1><dl><dt>Status</dt><dd class="status">Active</dd></dl>
<ul><li class="pa">Public Participation</li></ul>%s</main>
<footer><a rel="nofollow" href="/?blackhole=1a2b3c" style="display:none">Do NOT follow this link or you will be banned from the site!</a></footer>
</body></html>`, lang, title, title, id, strings.Join(body, "\n"))
}

// listHTML is a listing page holding the given links.
func listHTML(links ...string) string {
	var b strings.Builder
	b.WriteString(`<!doctype html><html lang="en"><body><main><ul>`)
	for _, l := range links {
		fmt.Fprintf(&b, `<li><a href="%s">%s</a></li>`, l, l)
	}
	b.WriteString(`</ul></main><footer><a rel="nofollow" href="/?blackhole=9f8e" style="display:none">trap</a></footer></body></html>`)
	return b.String()
}

// readCorpus reads DIR/commitments.jsonl.
func readCorpus(t *testing.T, dir string) []ogp.Commitment {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, CorpusFile))
	if err != nil {
		t.Fatalf("read corpus: %v", err)
	}
	var out []ogp.Commitment
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if line == "" {
			continue
		}
		var r ogp.Commitment
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("corpus line %q: %v", line, err)
		}
		out = append(out, r)
	}
	return out
}

// keys lists "ID.lang" of records, in order.
func keys(recs []ogp.Commitment) []string {
	var out []string
	for _, r := range recs {
		out = append(out, r.ID+"."+r.Lang)
	}
	return out
}
