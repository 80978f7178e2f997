package scraper_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/ogpsearch/ogpsearch/internal/sample"
	"github.com/ogpsearch/ogpsearch/scraper"
	"github.com/ogpsearch/ogpsearch/scraper/fixturesite"
	"github.com/ogpsearch/ogpsearch/scraper/sitemodel"
)

// BenchmarkCrawl crawls the whole fixture site (every member list and
// page, 191 commitment pages in four languages) with the politeness delays
// off: robots.txt, discovery, one request in flight, decoding, the real
// extractor and the corpus written to disk. pages/s counts the commitment
// pages stored, req/s every request, MB/s the bytes the site sent.
// BenchmarkCrawlFetchOnly is its floor: the same requests, in the same
// order, on one connection, each body read and parsed by goquery, nothing
// else.
func BenchmarkCrawl(b *testing.B) {
	srv := benchSite(b)
	for i := 0; i < b.N; i++ {
		out := b.TempDir()
		before := len(srv.Requests())
		start := time.Now()
		sum, err := scraper.Crawl(context.Background(), scraper.Config{
			Start: srv.StartURLs(), Out: out, Delay: time.Nanosecond, Jitter: -1,
			Timeout: 10 * time.Second, Model: sitemodel.Default(),
			Logger: slog.New(slog.DiscardHandler),
		})
		elapsed := time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
		if sum.Stored != len(srv.ExpectedPages()) {
			b.Fatalf("%d pages stored, want %d", sum.Stored, len(srv.ExpectedPages()))
		}
		reqs := srv.Requests()[before:]
		reportCrawl(b, sum.Stored, len(reqs), bytesOf(b, srv, reqs), elapsed)
	}
}

func BenchmarkCrawlFetchOnly(b *testing.B) {
	srv := benchSite(b)
	_, err := scraper.Crawl(context.Background(), scraper.Config{
		Start: srv.StartURLs(), Out: b.TempDir(), Delay: time.Nanosecond, Jitter: -1,
		Model: sitemodel.Default(), Logger: slog.New(slog.DiscardHandler),
	})
	if err != nil {
		b.Fatal(err)
	}
	var urls []string
	for _, r := range srv.Requests() {
		u := srv.URL() + r.Path
		if r.RawQuery != "" {
			u += "?" + r.RawQuery
		}
		urls = append(urls, u)
	}
	client := &http.Client{Transport: &http.Transport{MaxConnsPerHost: 1}}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		var n int64
		for _, u := range urls {
			resp, err := client.Get(u)
			if err != nil {
				b.Fatal(err)
			}
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil {
				b.Fatal(err)
			}
			n += int64(len(body))
			if _, err := goquery.NewDocumentFromReader(strings.NewReader(string(body))); err != nil {
				b.Fatal(err)
			}
		}
		reportCrawl(b, len(srv.ExpectedPages()), len(urls), n, time.Since(start))
	}
}

// benchSite is the fixture site with no Crawl-delay and nothing hostile,
// served until the end of the test or benchmark.
func benchSite(tb testing.TB) *fixturesite.Server {
	tb.Helper()
	site, err := sample.Load()
	if err != nil {
		tb.Fatal(err)
	}
	srv := fixturesite.New(site, fixturesite.Options{})
	tb.Cleanup(srv.Close)
	return srv
}

// bytesOf is what the site sent for reqs: each body fetched again.
func bytesOf(b *testing.B, srv *fixturesite.Server, reqs []fixturesite.Request) int64 {
	var n int64
	for _, r := range reqs {
		u := srv.URL() + r.Path
		if r.RawQuery != "" {
			u += "?" + r.RawQuery
		}
		resp, err := http.Get(u)
		if err != nil {
			b.Fatal(err)
		}
		m, _ := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		n += m
	}
	return n
}

func reportCrawl(b *testing.B, pages, requests int, bytes int64, elapsed time.Duration) {
	s := elapsed.Seconds()
	b.ReportMetric(float64(pages)/s, "pages/s")
	b.ReportMetric(float64(requests)/s, "req/s")
	b.ReportMetric(float64(bytes)/s/1e6, "MB/s")
	b.ReportMetric(0, "ns/op")
}
