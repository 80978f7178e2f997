package scraper

import (
	"context"
	"io"
	"net/http"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

func TestCrawlRawStore(t *testing.T) {
	s := newSite(t)
	body := commitmentHTML("en", "KE0001", "Open budget")
	s.handle("/members/kenya/commitments/KE0001/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Wed, 01 Jul 2026 10:00:00 GMT")
		io.WriteString(w, body)
	})
	cfg := testConfig(t, s.url("/members/kenya/commitments/ke0001"))
	crawl(t, cfg)
	c, err := openCorpus(context.Background(), cfg.Out, "en")
	if err != nil {
		t.Fatal(err)
	}
	m, ok := c.stored(s.url("/members/kenya/commitments/KE0001/"))
	if !ok {
		t.Fatalf("no sidecar; raw index: %v", c.raw)
	}
	if m.ETag != `"v1"` || m.LastModified == "" || m.Status != 200 || m.Charset != "utf-8" ||
		m.ContentType != "text/html; charset=utf-8" || m.ID != "KE0001" || m.Lang != "en" || m.FetchedAt == "" {
		t.Errorf("sidecar = %+v", m)
	}
	page, err := c.readRaw(context.Background(), m)
	if err != nil || string(page) != body {
		t.Errorf("raw page differs: %v", err)
	}
}

// TestCrawlConditionalRecrawl crawls twice into the same directory. The
// second time stored pages are asked for with If-None-Match and
// If-Modified-Since; a 304 keeps the record (fetched_at included) and its
// stored links are still followed; a changed page is rewritten.
func TestCrawlConditionalRecrawl(t *testing.T) {
	s := newSite(t)
	var mu sync.Mutex
	version := map[string]string{"KE0001": "v1", "KE0002": "v1", "KE0003": "v1"}
	for _, id := range []string{"KE0001", "KE0002", "KE0003"} {
		s.handle("/members/kenya/commitments/"+id+"/", func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			v := version[id]
			mu.Unlock()
			etag := `"` + id + v + `"`
			w.Header().Set("ETag", etag)
			w.Header().Set("Last-Modified", "Wed, 01 Jul 2026 10:00:00 GMT")
			if r.Header.Get("If-None-Match") == etag {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("Content-Type", "text/html")
			link := ""
			if id == "KE0001" {
				link = `<a href="../KE0003/">only linked from KE0001</a>`
			}
			io.WriteString(w, commitmentHTML("en", id, "Title "+v, link))
		})
	}
	start := []string{s.url("/members/kenya/commitments/KE0001/"), s.url("/members/kenya/commitments/KE0002/")}
	cfg := testConfig(t, start...)
	first := crawl(t, cfg)
	before := readCorpus(t, cfg.Out)
	if first.Stored != 3 || len(before) != 3 {
		t.Fatalf("first crawl: %+v", first)
	}

	mu.Lock()
	version["KE0002"] = "v2"
	mu.Unlock()
	time.Sleep(1100 * time.Millisecond) // fetched_at has a one-second resolution
	second := crawl(t, cfg)
	after := readCorpus(t, cfg.Out)
	if second.Unchanged != 2 || second.Fetched != 1 || second.Stored != 1 {
		t.Errorf("second crawl: %+v, want 2 unchanged (KE0001, KE0003), KE0002 fetched and stored", second)
	}
	if len(after) != 3 {
		t.Fatalf("records after: %v", keys(after))
	}
	if !reflect.DeepEqual(after[0], recordByID(before, "KE0001")) {
		t.Errorf("unchanged record rewritten:\n%+v\n%+v", before[0], after[0])
	}
	if after[1].Title != "Title v2" || after[1].FetchedAt == before[1].FetchedAt {
		t.Errorf("changed page not rewritten: %+v", after[1])
	}
	var conditional int
	for _, h := range s.allHits() {
		if h.header.Get("If-None-Match") != "" && h.header.Get("If-Modified-Since") != "" {
			conditional++
		}
	}
	if conditional != 3 {
		t.Errorf("%d conditional requests, want 3", conditional)
	}
}

func recordByID(recs []ogp.Commitment, id string) ogp.Commitment {
	for _, r := range recs {
		if r.ID == id {
			return r
		}
	}
	return ogp.Commitment{}
}
