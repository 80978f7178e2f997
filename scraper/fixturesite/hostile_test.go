package fixturesite

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/korean"
)

func hostileServer(t *testing.T) *Server {
	t.Helper()
	s := New(testSite(t), Options{Hostile: true, SlowDelay: 50 * time.Millisecond})
	t.Cleanup(s.Close)
	return s
}

func TestHostilePlanUsesPreferredPages(t *testing.T) {
	s := hostileServer(t)
	want := map[string]string{
		HostileRateLimited: "KR0019/en", HostileUnavailable: "KR0020/en", HostileSlow: "KR0021/en",
		HostileEUCKR: "KR0017/ko", HostileWindows1252: "KR0016/fr",
	}
	got := s.HostilePages()
	for name, w := range want {
		if p := got[name]; p.ID+"/"+p.Lang != w {
			t.Errorf("%s on %s/%s, want %s", name, p.ID, p.Lang, w)
		}
	}
	clean := New(testSite(t), Options{})
	defer clean.Close()
	if len(clean.HostilePages()) != 0 {
		t.Error("a clean server has hostile pages")
	}
}

func TestRetrySequences(t *testing.T) {
	s := hostileServer(t)
	u := s.URL() + "/members/south-korea/commitments/KR0019/"
	resp, _ := get(t, u)
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "1" {
		t.Errorf("first KR0019: %d Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	mustGet(t, u, 200)
	mustGet(t, u, 200)
	u = s.URL() + "/members/south-korea/commitments/KR0020/"
	for _, want := range []int{503, 503, 200, 200} {
		mustGet(t, u, want)
	}
	start := time.Now()
	mustGet(t, s.URL()+"/members/south-korea/commitments/KR0021/", 200)
	if d := time.Since(start); d < 50*time.Millisecond {
		t.Errorf("slow page answered in %v", d)
	}
}

func TestEUCKRPage(t *testing.T) {
	site := testSite(t)
	s := hostileServer(t)
	c, _ := site.Find("KR0017")
	resp, body := get(t, s.URL()+"/ko/members/south-korea/commitments/KR0017/")
	if ct := resp.Header.Get("Content-Type"); ct != "text/html" {
		t.Errorf("Content-Type %q", ct)
	}
	if utf8.Valid(body) {
		t.Error("EUC-KR page is valid UTF-8")
	}
	if strings.Contains(strings.ToLower(string(body)), "charset") {
		t.Error("EUC-KR page declares a charset")
	}
	text, err := korean.EUCKR.NewDecoder().Bytes(body)
	if err != nil {
		t.Fatal(err)
	}
	if h1 := parse(t, text).Find("h1").Text(); h1 != c.Pages["ko"].Title+" (KR0017)" {
		t.Errorf("decoded h1 %q", h1)
	}
}

func TestWindows1252Page(t *testing.T) {
	s := hostileServer(t)
	resp, body := get(t, s.URL()+"/fr/members/south-korea/commitments/KR0016/")
	if ct := resp.Header.Get("Content-Type"); ct != "text/html" {
		t.Errorf("Content-Type %q", ct)
	}
	if utf8.Valid(body) || !strings.Contains(string(body), metaWindows1252) {
		t.Error("windows-1252 page is UTF-8 or lacks its meta charset")
	}
	text, err := charmap.Windows1252.NewDecoder().String(string(body))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []string{"’", "œ", "«", "»", "é"} {
		if !strings.Contains(text, r) {
			t.Errorf("decoded page lacks %q", r)
		}
	}
	if !strings.HasSuffix(parse(t, []byte(text)).Find("h1").Text(), "(KR0016)") {
		t.Error("decoded page has no h1")
	}
}

func TestKenyaLinks(t *testing.T) {
	s := hostileServer(t)
	member := string(mustGet(t, s.URL()+"/members/south-korea/", 200))
	k := s.URL() + "/members/kenya/commitments/"
	for id, loc := range map[string]string{
		"KE0990": "/members/kenya/commitments/KE0991/", "KE0991": "/members/kenya/commitments/KE0990/",
		"KE0992": "http://elsewhere.example/x", "KE0993": "/?blackhole=redir",
	} {
		resp, _ := get(t, k+id+"/")
		if resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != loc {
			t.Errorf("%s: %d → %q", id, resp.StatusCode, resp.Header.Get("Location"))
		}
		if id != "KE0991" && !strings.Contains(member, "/members/kenya/commitments/"+id+"/") {
			t.Errorf("member page does not link %s", id)
		}
	}
	resp, err := client.Get(k + "KE0999/")
	if err != nil {
		t.Fatal(err)
	}
	n, _ := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || n < hugeBodySize {
		t.Errorf("KE0999: %d, %d bytes", resp.StatusCode, n)
	}
	if s.Banned() {
		t.Error("banned without following the trap redirect")
	}
	clean := New(testSite(t), Options{})
	defer clean.Close()
	mustGet(t, clean.URL()+"/members/kenya/commitments/KE0990/", 404)
}

func TestExpectedPagesAllServed(t *testing.T) {
	site := testSite(t)
	s := hostileServer(t)
	want := 0
	for _, c := range site.Commitments {
		want += len(c.Languages())
	}
	pages := s.ExpectedPages()
	if len(pages) != want {
		t.Fatalf("%d expected pages, want %d", len(pages), want)
	}
	for _, p := range pages {
		if !strings.HasSuffix(p.URL, "/commitments/"+p.ID+"/") {
			t.Errorf("URL %s", p.URL)
		}
		status := 0
		for range 4 { // the retried pages answer 200 within three tries
			resp, _ := get(t, p.URL)
			if status = resp.StatusCode; status == 200 {
				break
			}
		}
		if status != 200 {
			t.Errorf("%s: %d", p.URL, status)
		}
	}
}
