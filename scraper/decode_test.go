package scraper

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/korean"
)

const koreanText = `<p>개인 맞춤형 서비스 제공. 정부는 국민 한 사람 한 사람에게 맞춤형 공공 서비스를 제공하기 위하여
공공 데이터를 개방하고 민관 협력을 강화한다. 이 약속은 행정안전부가 주관하며 시민 사회와 함께
정책 분야의 투명성과 참여를 높이는 것을 목표로 한다. 중간 평가: 제한적, 최종 평가: 상당함.</p>`

const frenchText = `<p>Résumé du statut à mi-parcours : l’engagement « Fournir des services personnalisés » — limité.
Données ouvertes, participation du public, réforme de l’État, accès à l’information.</p>`

func encode(t *testing.T, e encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := e.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func decodeString(t *testing.T, body []byte, contentType string) (string, string) {
	t.Helper()
	out, name, err := decodeHTML(body, contentType)
	if err != nil {
		t.Fatal(err)
	}
	return string(out), name
}

func TestDecodeEUCKRUndeclared(t *testing.T) {
	page := `<html><head><title>약속</title></head><body>` + koreanText + `</body></html>`
	got, name := decodeString(t, encode(t, korean.EUCKR, page), "text/html")
	if name != "euc-kr" || got != page {
		t.Errorf("decoded as %s: %.120q", name, got)
	}
}

func TestDecodeWindows1252MetaOnly(t *testing.T) {
	page := `<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"></head><body>` + frenchText + `</body></html>`
	got, name := decodeString(t, encode(t, charmap.Windows1252, page), "text/html")
	want := strings.Replace(page, "charset=windows-1252", "charset=utf-8", 1) // the decoded page declares UTF-8
	if name != "windows-1252" || got != want {
		t.Errorf("decoded as %s: %.120q", name, got)
	}
	// "Ã©" in windows-1252 is C3 A9, valid UTF-8 for "é": only the meta
	// tells the two apart.
	page = `<html><head><meta charset="windows-1252"></head><body>ModÃ©le</body></html>`
	got, name = decodeString(t, encode(t, charmap.Windows1252, page), "text/html")
	if name != "windows-1252" || !strings.Contains(got, "ModÃ©le") {
		t.Errorf("decoded as %s: %q", name, got)
	}
}

func TestDecodeMetaCharsetEUCKR(t *testing.T) {
	page := `<html><head><meta charset="EUC-KR"></head><body><p>약속</p></body></html>`
	got, name := decodeString(t, encode(t, korean.EUCKR, page), "")
	if name != "euc-kr" || got != strings.Replace(page, "EUC-KR", "utf-8", 1) {
		t.Errorf("decoded as %s: %q", name, got)
	}
}

func TestDecodeHeaderBeatsMeta(t *testing.T) {
	page := `<html><head><meta charset="windows-1252"></head><body>` + frenchText + `</body></html>`
	got, name := decodeString(t, []byte(page), "text/html; charset=UTF-8")
	if name != "utf-8" || got != strings.Replace(page, "windows-1252", "utf-8", 1) {
		t.Errorf("decoded as %s: %.120q", name, got)
	}
	page = `<html><head><meta charset="utf-8"></head><body>` + koreanText + `</body></html>`
	got, name = decodeString(t, encode(t, korean.EUCKR, page), "text/html; charset=euc-kr")
	if name != "euc-kr" || got != page {
		t.Errorf("decoded as %s: %.120q", name, got)
	}
}

func TestDecodeBOMAndLateMeta(t *testing.T) {
	page := "<html><body>" + frenchText + "</body></html>"
	got, name := decodeString(t, append([]byte("\xEF\xBB\xBF"), page...), "text/html; charset=windows-1252")
	if name != "utf-8" || got != page {
		t.Errorf("BOM: decoded as %s: %.80q", name, got)
	}
	// A meta beyond the first 1024 bytes does not count; the bytes are UTF-8.
	late := "<html><head><!--" + strings.Repeat("x", 1100) + `--><meta charset="euc-kr"></head><body>` + frenchText + "</body></html>"
	got, name = decodeString(t, []byte(late), "text/html")
	if name != "utf-8" || got != strings.Replace(late, "euc-kr", "utf-8", 1) {
		t.Errorf("late meta: decoded as %s", name)
	}
}

// TestDecodeHTMLStoredPage decodes an EUC-KR page declared by its <meta>,
// gzips it as raw/ does, and decodes that again with no Content-Type: the
// stored page says utf-8, so it is not decoded twice.
func TestDecodeHTMLStoredPage(t *testing.T) {
	page := `<html lang="ko"><head><meta http-equiv="content-type" content="text/html; charset=euc-kr"></head><body>` + koreanText + `</body></html>`
	decoded, _ := decodeString(t, encode(t, korean.EUCKR, page), "")
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(decoded))
	zw.Close()
	r, err := DecodeHTML(gz.Bytes(), "")
	if err != nil {
		t.Fatal(err)
	}
	again, _ := io.ReadAll(r)
	if string(again) != decoded || !strings.Contains(decoded, "개인 맞춤형") || !strings.Contains(decoded, "charset=utf-8") {
		t.Errorf("stored page read back as %.150q", again)
	}
}

func TestDecodeInvalidUTF8Repaired(t *testing.T) {
	got, _ := decodeString(t, []byte("<p>ok \xff\xfe bad</p>"), "text/html; charset=utf-8")
	if !strings.Contains(got, "\uFFFD") || !strings.HasPrefix(got, "<p>ok ") {
		t.Errorf("got %q", got)
	}
}

func TestReadCapped(t *testing.T) {
	big := io.LimitReader(zeros{}, 20<<20)
	if _, err := readCapped(big, 5<<20, false); !errors.Is(err, errTooLarge) {
		t.Errorf("20 MB body: err = %v, want errTooLarge", err)
	}
	b, err := readCapped(bytes.NewReader(make([]byte, 100)), 100, false)
	if err != nil || len(b) != 100 {
		t.Errorf("body at the cap: %d bytes, %v", len(b), err)
	}
	b, err = readCapped(bytes.NewReader(make([]byte, 300)), 100, true)
	if err != nil || len(b) != 100 {
		t.Errorf("truncOK: %d bytes, %v", len(b), err)
	}
	_, err = readCapped(io.MultiReader(strings.NewReader("abc"), errReader{io.ErrUnexpectedEOF}), 100, false)
	if !errors.Is(err, io.ErrUnexpectedEOF) || !transient(err) {
		t.Errorf("truncated body: err = %v, want a transient io.ErrUnexpectedEOF", err)
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// TestCrawlTooLarge serves a 20 MB commitment page: it fails "too large"
// and nothing of it is stored.
func TestCrawlTooLarge(t *testing.T) {
	s := newSite(t)
	s.handle("/members/kenya/commitments/KE0001/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, commitmentHTML("en", "KE0001", "Huge"))
		io.Copy(w, io.LimitReader(zeros{}, 20<<20))
	})
	cfg := testConfig(t, s.url("/members/kenya/commitments/KE0001/"))
	cfg.MaxBodyBytes = DefaultMaxBodyBytes
	sum := crawl(t, cfg)
	if sum.Failed != 1 || !strings.Contains(sum.Failures[0].Reason, "too large") || sum.Stored != 0 {
		t.Fatalf("summary = %+v", sum)
	}
	if n := s.count("KE0001"); n != 1 {
		t.Errorf("too large page requested %d times, want 1 (not retried)", n)
	}
	assertNothingStored(t, cfg.Out)
}

// TestCrawlGzipBomb serves a gzip stream that inflates without end: the
// crawler stops reading at the cap of decompressed bytes.
func TestCrawlGzipBomb(t *testing.T) {
	s := newSite(t)
	s.handle("/members/kenya/commitments/KE0001/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "gzip")
		zw, _ := gzip.NewWriterLevel(w, gzip.BestCompression)
		defer zw.Close()
		io.WriteString(zw, "<html><body>")
		io.Copy(zw, io.LimitReader(zeros{}, 1<<30)) // 1 GiB, about 1 MB on the wire
	})
	cfg := testConfig(t, s.url("/members/kenya/commitments/KE0001/"))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	sum := crawl(t, cfg)
	runtime.ReadMemStats(&after)
	if sum.Failed != 1 || !strings.Contains(sum.Failures[0].Reason, "too large") {
		t.Fatalf("summary = %+v", sum)
	}
	if grown := after.TotalAlloc - before.TotalAlloc; grown > 64<<20 {
		t.Errorf("allocated %d MB while reading a bomb capped at %d MB", grown>>20, cfg.MaxBodyBytes>>20)
	}
	assertNothingStored(t, cfg.Out)
}

func assertNothingStored(t *testing.T, dir string) {
	t.Helper()
	if recs := readCorpus(t, dir); len(recs) != 0 {
		t.Errorf("records stored: %v", keys(recs))
	}
	if files, _ := os.ReadDir(filepath.Join(dir, RawDir)); len(files) != 0 {
		t.Errorf("raw files stored: %d", len(files))
	}
}

func TestCrawlSkipsNonHTML(t *testing.T) {
	s := newSite(t)
	s.handle("/members/kenya/commitments/KE0001/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		io.WriteString(w, "%PDF-1.4 (KE0001)")
	})
	cfg := testConfig(t, s.url("/members/kenya/commitments/KE0001/"))
	sum := crawl(t, cfg)
	if sum.Failed != 1 || !strings.Contains(sum.Failures[0].Reason, "not HTML") || sum.Fetched != 0 {
		t.Errorf("summary = %+v", sum)
	}
	assertNothingStored(t, cfg.Out)
}

// TestCrawlStoresDecodedPage crawls an EUC-KR page declared nowhere: the
// raw copy and the text given to the extractor are UTF-8 Korean.
func TestCrawlStoresDecodedPage(t *testing.T) {
	s := newSite(t)
	page := `<html lang="ko"><body><main><h1>맞춤형 서비스 (KR0018)</h1>` + koreanText + `</main></body></html>`
	raw := encode(t, korean.EUCKR, page)
	s.handle("/ko/members/south-korea/commitments/KR0018/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write(raw)
	})
	cfg := testConfig(t, s.url("/ko/members/south-korea/commitments/KR0018/"))
	sum := crawl(t, cfg)
	recs := readCorpus(t, cfg.Out)
	if sum.Stored != 1 || len(recs) != 1 || recs[0].Title != "맞춤형 서비스" {
		t.Fatalf("summary = %+v, records = %+v", sum, recs)
	}
	f, err := os.Open(filepath.Join(cfg.Out, RawDir, "KR0018.ko.html.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	stored, _ := io.ReadAll(zr)
	if string(stored) != page {
		t.Errorf("stored page is not the UTF-8 page: %.100q", stored)
	}
}
