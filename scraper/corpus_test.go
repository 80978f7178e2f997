package scraper

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

func TestCorpusFlushSortedAndReloaded(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	c, err := openCorpus(ctx, dir, "en")
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"KR0018.ko", "FR0031.en", "KR0018.en", "KR0018.fr", "FR0031.fr"} {
		id, lang, _ := strings.Cut(k, ".")
		c.put(ogp.Commitment{ID: id, Lang: lang, URL: "https://e.org/" + lang + "/" + id, Title: "old"})
	}
	c.put(ogp.Commitment{ID: "KR0018", Lang: "fr", URL: "https://e.org/fr/KR0018", Title: "new"}) // one line per (id, lang)
	if err := c.flush(ctx); err != nil {
		t.Fatal(err)
	}
	recs := readCorpus(t, dir)
	want := []string{"FR0031.en", "FR0031.fr", "KR0018.en", "KR0018.fr", "KR0018.ko"}
	if got := keys(recs); !slices.Equal(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
	if recs[3].Title != "new" {
		t.Errorf("KR0018.fr = %+v, want the later record", recs[3])
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
	again, err := openCorpus(ctx, dir, "en")
	if err != nil {
		t.Fatal(err)
	}
	if r, ok := again.recordFor("https://e.org/fr/KR0018"); !ok || r.Title != "new" {
		t.Errorf("reloaded record = %+v, %v", r, ok)
	}
}

func TestCorpusMaybeFlush(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	c, err := openCorpus(ctx, dir, "en")
	if err != nil {
		t.Fatal(err)
	}
	c.put(ogp.Commitment{ID: "KE0001", Lang: "en"})
	if err := c.maybeFlush(ctx, time.Hour); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, CorpusFile)); !os.IsNotExist(err) {
		t.Error("flushed before the period was over")
	}
	if err := c.maybeFlush(ctx, 0); err != nil {
		t.Fatal(err)
	}
	if recs := readCorpus(t, dir); len(recs) != 1 {
		t.Errorf("periodic flush wrote %d records", len(recs))
	}
}

func TestCorpusRejectsBrokenLines(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, CorpusFile), []byte("{\"id\":\"KE0001\",\"lang\":\"en\"}\n{broken\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := openCorpus(context.Background(), dir, "en"); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("err = %v, want the broken line named", err)
	}
}

func TestCorpusRawRoundTrip(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	c, err := openCorpus(ctx, dir, "en")
	if err != nil {
		t.Fatal(err)
	}
	page := []byte("<html lang=\"ko\"><h1>약속 (KR0018)</h1></html>")
	m, err := c.saveRaw(ctx, RawMeta{URL: "https://e.org/ko/a/", FinalURL: "https://e.org/ko/b/", ID: "KR0018", Lang: "ko", ETag: `"x"`}, page)
	if err != nil {
		t.Fatal(err)
	}
	if m.File != "KR0018.ko.html.gz" {
		t.Errorf("file = %q", m.File)
	}
	again, err := openCorpus(ctx, dir, "en")
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"https://e.org/ko/a/", "https://e.org/ko/b/"} {
		got, ok := again.stored(u)
		if !ok || got.ETag != `"x"` {
			t.Errorf("stored(%s) = %+v, %v", u, got, ok)
		}
	}
	b, err := again.readRaw(ctx, m)
	if err != nil || string(b) != string(page) {
		t.Errorf("readRaw = %q, %v", b, err)
	}
	pages, err := RawPages(ctx, dir)
	if err != nil || len(pages) != 1 || pages[0].FinalURL != "https://e.org/ko/b/" {
		t.Errorf("RawPages = %+v, %v", pages, err)
	}
	if got := fileStem("../x/y"); got != "xy" {
		t.Errorf("fileStem = %q", got)
	}
}
