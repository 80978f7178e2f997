package scraper

import (
	"bytes"
	"compress/gzip"
	"slices"
	"testing"
)

func TestParseSitemap(t *testing.T) {
	urlset := `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc> https://e.org/members/kenya/commitments/KE0001/ </loc><lastmod>2026-01-01</lastmod></url>
  <url><loc>https://e.org/fr/members/kenya/commitments/KE0001/</loc></url>
  <url><loc></loc></url>
</urlset>`
	pages, children, err := parseSitemap([]byte(urlset))
	if err != nil || len(children) != 0 || !slices.Equal(pages, []string{
		"https://e.org/members/kenya/commitments/KE0001/", "https://e.org/fr/members/kenya/commitments/KE0001/"}) {
		t.Errorf("urlset: %q, %q, %v", pages, children, err)
	}

	index := `<sitemapindex><sitemap><loc>https://e.org/wp-sitemap-posts-1.xml</loc></sitemap>` +
		`<sitemap><loc>https://e.org/wp-sitemap-posts-2.xml.gz</loc></sitemap></sitemapindex>`
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(index))
	zw.Close()
	pages, children, err = parseSitemap(gz.Bytes())
	if err != nil || len(pages) != 0 || len(children) != 2 {
		t.Errorf("gzipped index: %q, %q, %v", pages, children, err)
	}

	latin1 := []byte("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><urlset><url><loc>https://e.org/caf\xe9</loc></url></urlset>")
	if pages, _, err := parseSitemap(latin1); err != nil || len(pages) != 1 || pages[0] != "https://e.org/café" {
		t.Errorf("latin-1 sitemap: %q, %v", pages, err)
	}
	if _, _, err := parseSitemap([]byte("<html><body>not xml")); err == nil {
		t.Error("garbage accepted")
	}
}
