package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
	"github.com/ogpsearch/ogpsearch/internal/sample"
	"github.com/ogpsearch/ogpsearch/search/export"
)

// TestEndToEnd drives the real binary through a researcher's workflow:
// crawl the fixture site, index, serve, search over HTTP and with the query
// command, re-crawl after a page changed, reindex while clients search
// without pause, export everything to CSV and JSONL, import a spreadsheet.
func TestEndToEnd(t *testing.T) {
	srv := fixtureSite(t)
	dir := t.TempDir()
	corpus, index := filepath.Join(dir, "corpus"), filepath.Join(dir, "index")
	crawl := func() result {
		return runOK(t, "crawl", "--start", srv.StartURLs()[0], "--out", corpus, "--delay", "2ms", "--quiet")
	}

	began := time.Now()
	crawl()
	runOK(t, "index", "--corpus", corpus, "--index", index, "--quiet")
	base := startServe(t, "--index", index, "--reload-every", "100ms")
	t.Logf("crawl, index and serve: %s", time.Since(began).Round(time.Millisecond))

	search := url.Values{"q": {"services personnalisés"}, "lang": {"fr"}}
	res, body := searchAPI(t, base, search)
	if res.Total == 0 || res.Hits[0].ID != "KR0018" || res.Hits[0].Title != "Fournir des services personnalisés" {
		t.Fatalf("search over HTTP: %.300s", body)
	}
	checkQueryCommand(t, index, body, "--lang", "fr", "services", "personnalisés")

	const newTitle = "Fournir des services publics sur mesure"
	srv.SetPage("KR0018", "fr", func(p *sample.Page) { p.Title = newTitle })
	began = time.Now()
	if r := crawl(); !strings.Contains(r.stdout, "1 stored") {
		t.Errorf("the re-crawl did not store the one changed page: %s", r.stdout)
	}
	load := startLoad(t, 4,
		base+"/api/v1/search?q=services&lang=fr&size=5",
		base+"/api/v1/search?q=open+data&member=south-korea&sort=-year",
		base+"/api/v1/commitments/KR0018?lang=fr")
	runOK(t, "reindex", "--corpus", corpus, "--index", index, "--quiet")
	waitForTitle(t, base, "KR0018", "fr", newTitle)
	time.Sleep(300 * time.Millisecond) // keep searching across the switch
	load.check(t, 20)
	t.Logf("re-crawl, reindex and switch: %s", time.Since(began).Round(time.Millisecond))
	if res, body := searchAPI(t, base, url.Values{"q": {"sur mesure"}, "lang": {"fr"}}); res.Total == 0 || res.Hits[0].ID != "KR0018" {
		t.Errorf("the changed page is not found by its new words: %.300s", body)
	}

	began = time.Now()
	for _, args := range [][]string{
		nil,
		{"--lang", "fr", "services"},
		{"--member", "south-korea", "--year-from", "2016", "--sort", "-year"},
		{"--policy-area", "open-data,access-to-information", "--language", "ko"},
	} {
		checkExports(t, base, index, args)
	}
	t.Logf("exports: %s", time.Since(began).Round(time.Millisecond))
	csvPath := filepath.Join(dir, "fr.csv")
	runOK(t, "export", "--index", index, "--format", "csv", "--lang", "fr", "--member", "south-korea", "--out", csvPath)
	if rows := readCSV(t, csvPath); !containsRow(rows, "KR0018", newTitle) {
		t.Errorf("the French export lacks the new title of KR0018")
	}

	imported := filepath.Join(dir, "imported")
	runOK(t, "import", "--format", "ogp-csv", filepath.Join("..", "..", "testdata", "import", "ogp-commitments.csv"), "--out", imported, "--max-rejected", "3")
	runOK(t, "index", "--corpus", imported, "--index", filepath.Join(dir, "imported-index"), "--quiet")
	r := runOK(t, "query", "--index", filepath.Join(dir, "imported-index"), "--json", "budget")
	if !strings.Contains(r.stdout, `"id":"KR9101"`) {
		t.Errorf("the imported commitment is not found: %.300s", r.stdout)
	}
}

// searchAPI asks GET /api/v1/search and returns the answer, decoded and as
// sent.
func searchAPI(t *testing.T, base string, v url.Values) (ogp.SearchResult, string) {
	t.Helper()
	code, body := get(t, base+"/api/v1/search?"+v.Encode())
	var res ogp.SearchResult
	if err := json.Unmarshal([]byte(body), &res); code != 200 || err != nil {
		t.Fatalf("search %s: %d %.300s", v.Encode(), code, body)
	}
	return res, body
}

// checkQueryCommand checks that `query --json` prints the API's answer
// (api, the body of GET /api/v1/search for the same parameters), the time
// taken aside, and that the text list names the same commitments.
func checkQueryCommand(t *testing.T, index, api string, args ...string) {
	t.Helper()
	r := runOK(t, append([]string{"query", "--index", index, "--json"}, args...)...)
	var got, want map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("query --json: %v: %.300s", err, r.stdout)
	}
	_ = json.Unmarshal([]byte(api), &want)
	delete(got, "took_ms")
	delete(want, "took_ms")
	if !reflect.DeepEqual(got, want) {
		t.Errorf("query --json differs from the API:\n%.500s\n%.500s", r.stdout, api)
	}
	r = runOK(t, append([]string{"query", "--index", index}, args...)...)
	var res ogp.SearchResult
	_ = json.Unmarshal([]byte(api), &res)
	for _, h := range res.Hits {
		if !strings.Contains(r.stdout, h.ID) || !strings.Contains(r.stdout, h.Title) {
			t.Errorf("query lacks %s %q:\n%s", h.ID, h.Title, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "<mark>") {
		t.Errorf("query shows the HTML of snippets:\n%s", r.stdout)
	}
}

// checkExports exports what the search flags args match as CSV and as
// JSONL, and checks that each holds the API's total of commitments, once
// each.
func checkExports(t *testing.T, base, index string, args []string) {
	t.Helper()
	v := url.Values{}
	var words []string
	for i := 0; i < len(args); i++ {
		if name, ok := strings.CutPrefix(args[i], "--"); ok {
			v.Add(strings.ReplaceAll(name, "-", "_"), args[i+1])
			i++
		} else {
			words = append(words, args[i])
		}
	}
	if len(words) > 0 {
		v.Set("q", strings.Join(words, " "))
	}
	want, _ := searchAPI(t, base, v)
	if want.Total == 0 {
		t.Errorf("export %v: the API finds nothing; the check needs a search that does", args)
	}
	t.Logf("export %v: %d commitments", args, want.Total)
	dir := t.TempDir()
	csvPath, jsonlPath := filepath.Join(dir, "out.csv"), filepath.Join(dir, "out.jsonl")
	r := runOK(t, append([]string{"export", "--index", index, "--format", "csv", "--bom", "--out", csvPath}, args...)...)
	if !strings.HasPrefix(r.stdout, "exported ") || !strings.Contains(r.stdout, " commitments to "+csvPath+" in ") {
		t.Errorf("export summary: %q", r.stdout)
	}
	if data, _ := os.ReadFile(csvPath); !strings.HasPrefix(string(data), "\uFEFFid,") {
		t.Errorf("export --bom: the file starts with %q", data[:min(len(data), 8)])
	}
	rows := readCSV(t, csvPath)
	if len(rows)-1 != want.Total || rows[0][0] != "id" {
		t.Errorf("export %v: %d CSV rows after the header %v, the API says %d", args, len(rows)-1, rows[0][:3], want.Total)
	}
	runOK(t, append([]string{"export", "--index", index, "--format", "jsonl", "--out", jsonlPath}, args...)...)
	ids := map[string]bool{}
	for _, row := range rows[1:] {
		ids[row[0]] = true
	}
	lines := 0
	for _, rec := range readJSONL(t, jsonlPath) {
		lines++
		if !ids[rec.ID] || len(rec.Pages) == 0 || len(rec.Pages) != len(rec.Languages) || rec.Pages[0].ID != rec.ID {
			t.Errorf("export %v: JSONL record %s with %d pages, in CSV: %v", args, rec.ID, len(rec.Pages), ids[rec.ID])
		}
		delete(ids, rec.ID)
	}
	if lines != want.Total || len(ids) > 0 {
		t.Errorf("export %v: %d JSONL lines, the API says %d; %d ids of the CSV not in the JSONL", args, lines, want.Total, len(ids))
	}
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(data), "\uFEFF"))).ReadAll()
	if err != nil || len(rows) == 0 {
		t.Fatalf("%s: %v, %d rows", path, err, len(rows))
	}
	return rows
}

func containsRow(rows [][]string, id, title string) bool {
	for _, r := range rows {
		if r[0] == id && r[3] == title {
			return true
		}
	}
	return false
}

func readJSONL(t *testing.T, path string) []export.JSONLRecord {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var recs []export.JSONLRecord
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var rec export.JSONLRecord
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("%s: line %d: %v", path, len(recs)+1, err)
		}
		recs = append(recs, rec)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return recs
}
