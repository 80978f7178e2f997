package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ogpsearch/ogpsearch/internal/history"
	"github.com/ogpsearch/ogpsearch/internal/sample"
)

// TestHistoryEndToEnd drives the binary through what a watchdog follows:
// crawl the fixture site, let the site change (a status, an IRM completion
// rating, a policy area, a description, a new commitment, a withdrawn
// one, a new translation), crawl again and read the changes as JSONL and
// CSV; serve the index and follow the changes through the API and a feed
// (history_serve_test.go); a third crawl of the unchanged site records
// nothing, nor does reindex with the same extractor, and the feed gets no
// new entry, nor after reindex with another extractor; stats tells the last
// crawl's changes.
func TestHistoryEndToEnd(t *testing.T) {
	srv := fixtureSite(t)
	dir := t.TempDir()
	corpus, index := filepath.Join(dir, "corpus"), filepath.Join(dir, "index")
	crawl := func() string {
		return runOK(t, "crawl", "--start", srv.StartURLs()[0], "--out", corpus, "--delay", "2ms", "--quiet").stdout
	}

	ids := map[string]bool{}
	for _, p := range srv.ExpectedPages() {
		ids[p.ID] = true
	}
	if out := crawl(); !strings.Contains(out, "changes: "+strconv.Itoa(len(ids))+" new\n") {
		t.Fatalf("first crawl: %s", out)
	}
	first := readChanges(t, corpus)
	time.Sleep(time.Second) // the second crawl's changes are seen a second later

	srv.SetCommitment("KR0018", func(c *sample.Commitment) { c.Status = "active" })
	srv.SetCommitment("FR0005", func(c *sample.Commitment) { c.Completion = "limited" })
	srv.SetCommitment("MX0003", func(c *sample.Commitment) { c.PolicyAreas = append(c.PolicyAreas, "health") })
	srv.SetPage("KR0003", "en", func(p *sample.Page) { p.Description = append(p.Description, "A paragraph added later.") })
	site, err := sample.Load()
	if err != nil {
		t.Fatal(err)
	}
	added, _ := site.Find("KE0005")
	added.ID = "KE0006"
	srv.AddCommitment(added)
	srv.RemoveCommitment("KE0002")
	srv.SetCommitment("KE0005", func(c *sample.Commitment) {
		fr := c.Pages["en"]
		fr.Title = "Des jeunes au cœur du budget"
		c.Pages["fr"] = fr
	})
	if out := crawl(); !strings.Contains(out, "changes: 1 new, 4 changed, 1 translation added, 1 removed\n") {
		t.Errorf("second crawl: %s", out)
	}
	all := readChanges(t, corpus)
	second := all[len(first):]
	seen := second[0].Seen
	got := map[string]string{}
	for _, c := range second {
		if c.Seen != seen || c.Source != history.SourceSite {
			t.Errorf("change of another crawl or source: %+v", c)
		}
		fields, _ := json.Marshal(c.Fields)
		got[c.ID] = string(c.Kind) + " " + strings.Join(c.Langs, ",") + " " + string(fields)
	}
	want := map[string]string{
		"KR0018": `changed  [{"field":"status","old":"inactive","new":"active"}]`,
		"FR0005": `changed  [{"field":"completion","new":"limited"}]`,
		"MX0003": `changed  [{"field":"policy_areas","added":["health"]}]`,
		"KE0006": `new en null`,
		"KE0002": `removed  null`,
		"KE0005": `translation_added fr null`,
	}
	desc := got["KR0003"]
	delete(got, "KR0003")
	if !reflect.DeepEqual(got, want) {
		t.Errorf("second crawl recorded:\n%v\nwant\n%v", got, want)
	}
	if !strings.HasPrefix(desc, `changed  [{"field":"description","lang":"en","old":"sha256:`) || !strings.Contains(desc, `"new_len":`) {
		t.Errorf("the description edit: %s", desc)
	}

	// The changes command, as JSONL and as CSV.
	since := strings.TrimSuffix(seen, "Z") + "Z"
	r := runOK(t, "changes", "--corpus", corpus, "--since", since, "--format", "jsonl")
	if lines := strings.Split(strings.TrimSpace(r.stdout), "\n"); len(lines) != len(second) {
		t.Errorf("changes --format jsonl: %d lines, want %d:\n%s", len(lines), len(second), r.stdout)
	}
	r = runOK(t, "changes", "--corpus", corpus, "--since", since)
	rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if err != nil || len(rows) != len(second)+1 || strings.Join(rows[0], ",") != strings.Join(changesHeader, ",") {
		t.Fatalf("changes as CSV: %v\n%s", err, r.stdout)
	}
	if !slices.ContainsFunc(rows, func(row []string) bool {
		return row[1] == "MX0003" && row[3] == "changed" && row[5] == "policy_areas" && row[11] == "health"
	}) {
		t.Errorf("no CSV row for MX0003's policy area:\n%s", r.stdout)
	}
	r = runOK(t, "changes", "--corpus", corpus, "--since", since[:10], "--member", "south-korea", "--field", "status")
	if rows, _ := csv.NewReader(strings.NewReader(r.stdout)).ReadAll(); len(rows) != 2 || rows[1][1] != "KR0018" || rows[1][7] != "inactive" || rows[1][8] != "active" {
		t.Errorf("status changes of south-korea:\n%s", r.stdout)
	}
	if r := runOK(t, "changes", "--corpus", corpus, "--id", "ke0002", "--format", "jsonl"); strings.Count(r.stdout, "\n") != 2 {
		t.Errorf("KE0002's history: %s", r.stdout)
	}
	if r := runOK(t, "changes", "--corpus", corpus, "--source", "extractor"); strings.Count(r.stdout, "\n") != 1 {
		t.Errorf("extractor revisions before any reindex:\n%s", r.stdout)
	}

	// Indexed and served: the changes API, search by change, a
	// commitment's history and the feed of a search.
	runOK(t, "index", "--corpus", corpus, "--index", index, "--quiet")
	base, feedIDs := checkServedChanges(t, index, seen, second)

	// Nothing changed: nothing recorded, by a crawl or by reindex.
	if out := crawl(); !strings.Contains(out, "changes: none\n") {
		t.Errorf("third crawl: %s", out)
	}
	if r := runOK(t, "reindex", "--corpus", corpus, "--index", index, "--quiet"); !strings.Contains(r.stdout, " 0 extractor revisions recorded") {
		t.Errorf("reindex with the same extractor: %s", r.stdout)
	}
	if n := len(readChanges(t, corpus)); n != len(all) {
		t.Errorf("the third crawl and reindex recorded %d changes", n-len(all))
	}
	checkFeedUnchanged(t, base, seen, feedIDs, "a third crawl and reindex")
	r = runOK(t, "stats", "--index", index, "--corpus", corpus)
	if !strings.Contains(r.stdout, "last crawl") || !strings.Contains(r.stdout, ": 0 changes: none") || !strings.Contains(r.stdout, "last import   (none)") {
		t.Errorf("stats:\n%s", r.stdout)
	}

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--since", "yesterday"}, "--since"},
		{[]string{"--field", "colour"}, "--field"},
		{[]string{"--source", "web"}, "--source"},
		{[]string{"--id", "K1"}, "--id"},
		{[]string{"--format", "xml"}, "--format"},
	} {
		if r := runBinary(t, append([]string{"changes", "--corpus", corpus}, tc.args...)...); r.code != 2 || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("changes %v: exit %d %s", tc.args, r.code, r.stderr)
		}
	}
	if r := runBinary(t, "changes", "--corpus", filepath.Join(dir, "none")); r.code != 1 || !strings.Contains(r.stderr, "does not exist") {
		t.Errorf("changes of no directory: exit %d %s", r.code, r.stderr)
	}

	// A new extractor revises records: the feed shows no change of the site.
	reindexNewExtractor(t, corpus, index, base, seen, feedIDs)
}

// TestImportRecordsHistory: an import records what it changes in the
// corpus, and a second import of the same file nothing.
func TestImportRecordsHistory(t *testing.T) {
	out := filepath.Join(t.TempDir(), "corpus")
	args := []string{"import", "--format", "ogp-csv", filepath.Join("..", "..", "testdata", "import", "ogp-commitments.csv"), "--out", out, "--max-rejected", "3"}
	if r := runOK(t, args...); !strings.Contains(r.stdout, "changes: 3 new\n") {
		t.Errorf("first import: %s", r.stdout)
	}
	if r := runOK(t, args...); !strings.Contains(r.stdout, "changes: none\n") {
		t.Errorf("second import: %s", r.stdout)
	}
	if r := runOK(t, "stats", "--corpus", out); !strings.Contains(r.stdout, ": 0 changes: none") {
		t.Errorf("stats --corpus: %s", r.stdout)
	}
}

// TestCrawlKilledLeavesValidHistory kills the binary at a random moment of
// a crawl that saves every 100ms, a first crawl or (every other trial) a
// re-crawl after statuses changed: the history must read back whole, and
// the crawl run again must complete it without recording any change twice.
// OGPSEARCH_SEED replays a run.
func TestCrawlKilledLeavesValidHistory(t *testing.T) {
	srv := fixtureSite(t)
	ids := map[string]bool{}
	for _, p := range srv.ExpectedPages() {
		ids[p.ID] = true
	}
	flip := func(c *sample.Commitment) {
		c.Status = map[string]string{"active": "inactive", "inactive": "active"}[c.Status]
	}
	rng := rand.New(rand.NewPCG(testSeed(t), 18))
	for trial := range 4 {
		corpus := filepath.Join(t.TempDir(), "corpus")
		args := []string{"crawl", "--start", srv.StartURLs()[0], "--out", corpus, "--delay", "15ms", "--save-every", "100ms", "--quiet"}
		var flipped []string
		if trial%2 == 1 {
			runOK(t, args...)
			flipped = []string{"CA0004", "KR0018", "MX0003", "SEO0002"}
			for _, id := range flipped {
				srv.SetCommitment(id, flip)
			}
		}
		cmd := exec.Command(binary, args...)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		after := 300*time.Millisecond + time.Duration(rng.Int64N(int64(1500*time.Millisecond)))
		time.Sleep(after)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		finished := cmd.Wait() == nil
		killed, damaged, err := history.Read(corpus, history.Filter{})
		if err != nil || damaged > 1 {
			t.Fatalf("trial %d: after a kill %v in: %v, %d damaged lines", trial, after, err, damaged)
		}
		runOK(t, "changes", "--corpus", corpus, "--format", "jsonl")
		runOK(t, args...)
		byKind := map[history.Kind][]string{}
		for _, c := range readChanges(t, corpus) {
			byKind[c.Kind] = append(byKind[c.Kind], c.ID)
		}
		news, changed := byKind[history.KindNew], byKind[history.KindChanged]
		sort.Strings(news)
		sort.Strings(changed)
		if len(news) != len(ids) || len(slices.Compact(slices.Clone(news))) != len(news) {
			t.Errorf("trial %d: %d new for %d commitments after the kill and the re-run", trial, len(news), len(ids))
		}
		if !slices.Equal(changed, flipped) || len(byKind) > 1+min(len(flipped), 1) {
			t.Errorf("trial %d: changes %v, want new and the status of %v once", trial, byKind, flipped)
		}
		t.Logf("trial %d: killed %v in (finished: %v) with %d changes recorded", trial, after, finished, len(killed))
	}
}

// readChanges reads the whole history of a corpus directory, which must
// be intact.
func readChanges(t *testing.T, corpus string) []history.Change {
	t.Helper()
	f, err := os.Open(filepath.Join(corpus, history.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []history.Change
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var c history.Change
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatalf("history line %q: %v", sc.Text(), err)
		}
		out = append(out, c)
	}
	return out
}
