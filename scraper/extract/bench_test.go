package extract

import (
	"bytes"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/ogpsearch/ogpsearch/internal/sample"
	"github.com/ogpsearch/ogpsearch/scraper/fixturesite"
	"github.com/ogpsearch/ogpsearch/scraper/sitemodel"
)

// samplePages renders every page of the sample site in the markup the
// fixture site serves it in.
func samplePages(b *testing.B) (pages [][]byte, urls []string, size int64) {
	site, err := sample.Load()
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range site.Commitments {
		for _, lang := range c.Languages() {
			html := fixturesite.Render(site, c, lang, fixturesite.MarkupFor(c.ID), sampleBase)
			pages = append(pages, html)
			urls = append(urls, sampleBase+c.Path(lang))
			size += int64(len(html))
		}
	}
	return pages, urls, size
}

// BenchmarkExtract measures extraction over the sample pages, reported as
// pages/s and MB/s; BenchmarkParseOnly is its floor, goquery parsing the
// same pages and doing nothing else.
func BenchmarkExtract(b *testing.B) {
	pages, urls, size := samplePages(b)
	model := sitemodel.Default()
	b.SetBytes(size)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for j, p := range pages {
			if _, err := Extract(bytes.NewReader(p), urls[j], model); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(len(pages)*b.N)/b.Elapsed().Seconds(), "pages/s")
}

func BenchmarkParseOnly(b *testing.B) {
	pages, _, size := samplePages(b)
	b.SetBytes(size)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, p := range pages {
			if _, err := goquery.NewDocumentFromReader(bytes.NewReader(p)); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(len(pages)*b.N)/b.Elapsed().Seconds(), "pages/s")
}
