package scraper

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// discoverySite is a small OGP site: a paginated members list (?page=N), a
// member whose list is paginated (/page/N/), commitments with related
// links and hreflang translations, a commitment known only from the
// sitemap named in robots.txt, and links the crawler must ignore.
func discoverySite(t *testing.T, other *testSite) *testSite {
	s := newSite(t)
	s.text("/robots.txt", fmt.Sprintf("User-agent: *\nDisallow: /*blackhole\n\nSitemap: %s\nSitemap: %s\n",
		s.url("/wp-sitemap.xml"), other.url("/sitemap.xml")))
	s.handle("/wp-sitemap.xml", xmlHandler(`<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>`+s.url("/wp-sitemap-commitments-1.xml")+`</loc></sitemap></sitemapindex>`))
	s.handle("/wp-sitemap-commitments-1.xml", xmlHandler(`<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>`+s.url("/members/kenya/commitments/KE0099/")+`</loc></url>
<url><loc>`+other.url("/members/kenya/commitments/KE0098/")+`</loc></url>
<url><loc>`+s.url("/about/")+`</loc></url></urlset>`))
	s.page("/our-members/", listHTML("/members/kenya/", "?page=2", "/about/", other.url("/members/chile/")))
	s.page("/our-members/?page=2", listHTML("/members/south-korea/", "/our-members/?page=1"))
	s.page("/members/kenya/", listHTML("commitments/KE0001/", "page/2/"))
	s.page("/members/kenya/page/2/", listHTML("../../commitments/KE0002/"))
	s.page("/members/south-korea/", listHTML("commitments/kr0018"))
	s.page("/members/kenya/commitments/KE0001/", commitmentHTML("en", "KE0001", "Open budget",
		`<section><h2>Commitments</h2><a href="../KE0002/">Budget data</a></section>`))
	s.page("/members/kenya/commitments/KE0002/", commitmentHTML("en", "KE0002", "Budget data"))
	s.page("/members/kenya/commitments/KE0099/", commitmentHTML("en", "KE0099", "Only in the sitemap"))
	s.page("/members/south-korea/commitments/KR0018/", commitmentHTML("en", "KR0018", "Personalised services")+
		`<link rel="alternate" hreflang="fr" href="/fr/members/south-korea/commitments/KR0018/">`)
	s.page("/fr/members/south-korea/commitments/KR0018/", commitmentHTML("fr", "KR0018", "Services personnalisés"))
	s.page("/about/", listHTML())
	return s
}

func xmlHandler(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		io.WriteString(w, body)
	}
}

func TestCrawlDiscovery(t *testing.T) {
	other := newSite(t)
	s := discoverySite(t, other)
	cfg := testConfig(t, s.url("/our-members/"))
	var progress syncBuffer
	cfg.Progress = &progress
	cfg.ProgressEvery = 20 * time.Millisecond
	sum := crawl(t, cfg)

	recs := readCorpus(t, cfg.Out)
	want := []string{"KE0001.en", "KE0002.en", "KE0099.en", "KR0018.en", "KR0018.fr"}
	if got := keys(recs); !slices.Equal(got, want) {
		t.Errorf("records %v, want %v (sorted by id then lang)", got, want)
	}
	if n := len(other.allHits()); n != 0 {
		t.Errorf("the other host got %d requests", n)
	}
	for _, never := range []string{"/about/", "kr0018", "?page=1"} {
		if n := s.count(never); n != 0 {
			t.Errorf("%s requested %d times", never, n)
		}
	}
	for _, h := range s.allHits() {
		if n := s.exact(h.uri); n != 1 {
			t.Errorf("%s requested %d times", h.uri, n)
		}
	}
	if sum.Fetched != 10 || sum.Stored != 5 || sum.Failed != 0 {
		t.Errorf("summary = %+v", sum)
	}
	for _, r := range recs {
		if _, err := time.Parse(time.RFC3339, r.FetchedAt); err != nil || r.ContentHash == "" {
			t.Errorf("%s.%s: fetched_at %q, content_hash %q", r.ID, r.Lang, r.FetchedAt, r.ContentHash)
		}
	}
	lines := strings.Split(strings.TrimSpace(progress.String()), "\n")
	if len(lines) < 2 || !strings.Contains(lines[len(lines)-1], "5 stored") {
		t.Errorf("progress lines: %q", lines)
	}
}

// syncBuffer is a bytes.Buffer safe for concurrent use.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestCrawlPaginationCap(t *testing.T) {
	s := newSite(t)
	s.page("/members/kenya/", listHTML("?page=2"))
	for n := 1; n <= 50; n++ {
		s.page(fmt.Sprintf("/members/kenya/?page=%d", n+1), listHTML(fmt.Sprintf("?page=%d", n+2), "?page=1"))
		s.page(fmt.Sprintf("/our-members/page/%d/", n), listHTML(fmt.Sprintf("/our-members/page/%d/", n+1)))
	}
	cfg := testConfig(t, s.url("/members/kenya/"), s.url("/our-members/page/1/"))
	cfg.MaxListingPages = 5
	crawl(t, cfg)
	if n := s.count("/members/kenya/"); n != 5 {
		t.Errorf("%d pages of an endless ?page=N pager fetched, want 5", n)
	}
	if n := s.count("/our-members/page/"); n != 5 {
		t.Errorf("%d pages of an endless /page/N/ pager fetched, want 5", n)
	}
}

func TestCrawlMaxPages(t *testing.T) {
	s := politeSite(t, "")
	cfg := testConfig(t, s.url("/members/kenya/"))
	cfg.MaxPages = 3
	sum := crawl(t, cfg)
	if n := len(s.allHits()); n != 4 { // robots.txt and three pages
		t.Errorf("%d requests, want 4", n)
	}
	if sum.Fetched != 3 {
		t.Errorf("summary = %+v", sum)
	}
}

// TestCrawlExtractionFailure: a page the extractor rejects is a failure and
// no record; the others are stored. A panicking extractor is a failure too.
func TestCrawlExtractionFailure(t *testing.T) {
	s := politeSite(t, "")
	cfg := testConfig(t, s.url("/members/kenya/"))
	cfg.Extract = func(r io.Reader, pageURL string) (ogp.Commitment, error) {
		switch {
		case strings.Contains(pageURL, "KE0002"):
			return ogp.Commitment{}, errors.New("no title")
		case strings.Contains(pageURL, "KE0003"):
			panic("extractor bug")
		}
		return fakeExtract(r, pageURL)
	}
	sum := crawl(t, cfg)
	if sum.Stored != 3 || sum.Failed != 2 {
		t.Fatalf("summary = %+v", sum)
	}
	reasons := sum.Failures[0].Reason + sum.Failures[1].Reason
	if !strings.Contains(reasons, "no title") || !strings.Contains(reasons, "panicked") {
		t.Errorf("failures = %+v", sum.Failures)
	}
	if got := keys(readCorpus(t, cfg.Out)); !slices.Equal(got, []string{"KE0001.en", "KE0004.en", "KE0005.en"}) {
		t.Errorf("records = %v", got)
	}
}

func TestCrawlCancelled(t *testing.T) {
	s := politeSite(t, "")
	cfg := testConfig(t, s.url("/our-members/"))
	cfg.Delay = 200 * time.Millisecond
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	began := time.Now()
	_, err := Crawl(ctx, cfg)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want the deadline", err)
	}
	if d := time.Since(began); d > 2*time.Second {
		t.Errorf("cancellation took %v", d)
	}
	if _, err := os.Stat(filepath.Join(cfg.Out, CorpusFile)); err != nil {
		t.Errorf("no corpus written on cancellation: %v", err)
	}
}

func TestConfigErrors(t *testing.T) {
	for _, cfg := range []Config{
		{Out: t.TempDir()},
		{Start: []string{"https://e.org/"}},
		{Start: []string{"mailto:x@e.org"}, Out: t.TempDir()},
		{Start: []string{"/relative"}, Out: t.TempDir()},
	} {
		if _, err := Crawl(context.Background(), cfg); err == nil {
			t.Errorf("config %+v accepted", cfg)
		}
	}
}
