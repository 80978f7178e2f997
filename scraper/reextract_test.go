package scraper

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
	"github.com/ogpsearch/ogpsearch/scraper/sitemodel"
)

// TestReextractRecoversExtractorPanic: an extractor panic on one stored
// page fails that page only, as in a crawl: the page is reported, keeps
// its previous record, and the other pages are re-extracted.
func TestReextractRecoversExtractorPanic(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	c, err := openCorpus(ctx, dir, "en")
	if err != nil {
		t.Fatal(err)
	}
	pageURL := func(id string) string { return "https://example.org/en/commitments/" + id + "/" }
	for _, id := range []string{"AB0001", "AB0002", "AB0003"} {
		m := RawMeta{URL: pageURL(id), FinalURL: pageURL(id), Status: 200, ContentType: "text/html", Charset: "utf-8",
			FetchedAt: "2024-05-01T00:00:00Z", ID: id, Lang: "en"}
		if _, err := c.saveRaw(ctx, m, []byte(commitmentHTML("en", id, "New title "+id))); err != nil {
			t.Fatal(err)
		}
	}
	bad := pageURL("AB0002")
	c.put(ogp.Commitment{ID: "AB0002", Lang: "en", URL: bad, Title: "Old title AB0002", ContentHash: "0123456789abcdef"})
	if err := c.flush(ctx); err != nil {
		t.Fatal(err)
	}

	panicky := func(r io.Reader, u string) (ogp.Commitment, error) {
		if u == bad {
			var fields map[string]int
			fields["title"]++ // assignment to entry in nil map
		}
		return fakeExtract(r, u)
	}

	sum, err := reextract(ctx, dir, sitemodel.Default(), panicky)
	if err != nil {
		t.Fatalf("Reextract: %v", err)
	}
	if sum.Pages != 3 || sum.Records != 3 {
		t.Errorf("summary %+v, want 3 pages and 3 records", sum)
	}
	if len(sum.Failures) != 1 || sum.Failures[0].URL != bad ||
		!strings.Contains(sum.Failures[0].Reason, "extractor panicked") || !strings.Contains(sum.Failures[0].Reason, "nil map") {
		t.Errorf("failures %+v, want one for %s with the panic", sum.Failures, bad)
	}
	recs := readCorpus(t, dir)
	if got := strings.Join(keys(recs), " "); got != "AB0001.en AB0002.en AB0003.en" {
		t.Fatalf("corpus holds %s", got)
	}
	for _, r := range recs {
		want := "New title " + r.ID
		if r.URL == bad {
			want = "Old title AB0002"
		}
		if r.Title != want {
			t.Errorf("%s.%s title %q, want %q", r.ID, r.Lang, r.Title, want)
		}
	}
}
