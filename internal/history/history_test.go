package history

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// page is a record of KR0018 in lang with the fields the tests change.
func page(lang, status, completion string, areas ...string) ogp.Commitment {
	c := ogp.Commitment{ID: "KR0018", Lang: lang, Member: "south-korea", Year: 2018,
		Title: "Personalised services " + lang, Description: "A long text in " + lang,
		Status: ogp.Term{Label: status, Key: status}, Completion: ogp.Term{Label: completion, Key: completion}}
	for _, a := range areas {
		c.PolicyAreas = append(c.PolicyAreas, ogp.Term{Label: a, Key: a})
	}
	return c
}

var (
	day1 = time.Date(2026, 2, 1, 10, 0, 0, 0, time.UTC)
	day2 = day1.Add(24 * time.Hour)
)

func TestDiff(t *testing.T) {
	old := page("en", "active", "limited", "open-data", "health")
	new := page("en", "complete", "substantial", "health", "anti-corruption")
	new.Description = "A longer text, edited"
	new.Title = "Tailored services"
	got := Diff(old, new)
	want := []FieldChange{
		{Field: "status", Old: "active", New: "complete"},
		{Field: "completion", Old: "limited", New: "substantial"},
		{Field: "policy_areas", Added: []string{"anti-corruption"}, Removed: []string{"open-data"}},
		{Field: "title", Lang: "en", Old: "Personalised services en", New: "Tailored services"},
		{Field: "description", Lang: "en", Old: digest(old.Description), New: digest(new.Description),
			OldLen: len(old.Description), NewLen: len(new.Description)},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Diff:\n got %+v\nwant %+v", got, want)
	}
	// Labels do not count, keys do; nor do the order of policy areas,
	// related commitments, translations or fetch times.
	same := old
	same.Status.Label = "Actif"
	same.PolicyAreas = []ogp.Term{old.PolicyAreas[1], old.PolicyAreas[0]}
	same.Related = []ogp.Related{{ID: "KR0019"}}
	same.Translations = map[string]string{"fr": "https://example.org/fr"}
	same.FetchedAt, same.ContentHash = "2030-01-01T00:00:00Z", "x"
	if d := Diff(old, same); len(d) != 0 {
		t.Errorf("Diff of equal content: %+v", d)
	}
	if !strings.HasPrefix(digest("x"), "sha256:") || len(digest("x")) != len("sha256:")+12 || digest("") != "" {
		t.Errorf("digest: %q %q", digest("x"), digest(""))
	}
}

func TestRecordKinds(t *testing.T) {
	dir := t.TempDir()
	en := page("en", "active", "limited", "open-data")
	other := page("en", "active", "", "health")
	other.ID, other.Member = "CA0001", "canada"

	l, err := Open(dir, SourceSite, day1)
	if err != nil {
		t.Fatal(err)
	}
	got, err := l.Record(Observation{After: []ogp.Commitment{en, other}})
	if err != nil || len(got) != 2 || got[0].Kind != KindNew || got[0].ID != "CA0001" || got[1].ID != "KR0018" {
		t.Fatalf("first record: %+v %v", got, err)
	}
	if got[1].Seen != "2026-02-01T10:00:00Z" || got[1].Source != SourceSite || got[1].Member != "south-korea" ||
		!reflect.DeepEqual(got[1].Langs, []string{"en"}) || got[1].Hash == "" {
		t.Errorf("new change: %+v", got[1])
	}
	if err := l.Finish("crawl", true); err != nil {
		t.Fatal(err)
	}

	// The next day: KR0018 changes status and gets a French page, CA0001
	// is gone from the site.
	l, err = Open(dir, SourceSite, day2)
	if err != nil {
		t.Fatal(err)
	}
	en2 := page("en", "complete", "limited", "open-data")
	fr := page("fr", "complete", "limited", "open-data")
	got, err = l.Record(Observation{
		Before: []ogp.Commitment{en, other}, After: []ogp.Commitment{en2, fr, other},
		Present: map[string]bool{"KR0018": true}, Gone: []string{"ca0001"},
	})
	if err != nil {
		t.Fatal(err)
	}
	kinds := []Kind{}
	for _, c := range got {
		kinds = append(kinds, c.Kind)
	}
	if !reflect.DeepEqual(kinds, []Kind{KindRemoved, KindChanged, KindTranslationAdded}) {
		t.Fatalf("kinds %v: %+v", kinds, got)
	}
	if got[0].ID != "CA0001" || got[0].Member != "canada" || got[0].Hash != "" {
		t.Errorf("removal: %+v", got[0])
	}
	if want := []FieldChange{{Field: "status", Old: "active", New: "complete"}}; !reflect.DeepEqual(got[1].Fields, want) {
		t.Errorf("fields %+v", got[1].Fields)
	}
	if !reflect.DeepEqual(got[2].Langs, []string{"fr"}) {
		t.Errorf("translation: %+v", got[2])
	}
	if !l.Removed("ca0001") || l.Removed("KR0018") {
		t.Error("Removed")
	}
	if c := l.Counts(); c[KindRemoved] != 1 || c[KindChanged] != 1 || c[KindTranslationAdded] != 1 || c[KindNew] != 0 {
		t.Errorf("counts %v", c)
	}
	if err := l.Finish("crawl", true); err != nil {
		t.Fatal(err)
	}
	jobs, err := Jobs(dir)
	if err != nil {
		t.Fatal(err)
	}
	if jobs["crawl"].Seen != "2026-02-02T10:00:00Z" || jobs["crawl"].Total() != 3 {
		t.Errorf("last crawl %+v", jobs["crawl"])
	}

	// Removed again: nothing. Listed again, unchanged: returned.
	l, _ = Open(dir, SourceSite, day2.Add(time.Hour))
	if got, _ := l.Record(Observation{Before: []ogp.Commitment{other}, After: []ogp.Commitment{other}, Gone: []string{"CA0001"}}); len(got) != 0 {
		t.Errorf("a second removal was recorded: %+v", got)
	}
	got, _ = l.Record(Observation{Before: []ogp.Commitment{other}, After: []ogp.Commitment{other}, Present: map[string]bool{"CA0001": true}})
	if len(got) != 1 || got[0].Kind != KindReturned || len(got[0].Fields) != 0 {
		t.Errorf("return: %+v", got)
	}
	// An extractor revision is kept apart.
	l, _ = Open(dir, SourceExtractor, day2.Add(2*time.Hour))
	fixed := en2
	fixed.Title = "Better extracted"
	if got, _ := l.Record(Observation{Before: []ogp.Commitment{en2, fr}, After: []ogp.Commitment{fixed, fr}}); len(got) != 1 || got[0].Source != SourceExtractor {
		t.Errorf("revision %+v", got)
	}

	all, damaged, err := Read(dir, Filter{})
	if err != nil || damaged != 0 || len(all) != 7 {
		t.Fatalf("Read: %d changes, %d damaged, %v", len(all), damaged, err)
	}
	for _, tc := range []struct {
		f    Filter
		want int
	}{
		{Filter{Since: day2}, 5},
		{Filter{ID: "kr0018"}, 4},
		{Filter{Field: "status"}, 1},
		{Filter{Field: "title"}, 1},
		{Filter{Source: SourceExtractor}, 1},
		{Filter{Source: SourceSite, ID: "KR0018"}, 3},
		{Filter{Member: "canada"}, 3},
		{Filter{Kind: KindRemoved}, 1},
	} {
		got, _, _ := Read(dir, tc.f)
		if len(got) != tc.want {
			t.Errorf("Read %+v: %d changes, want %d", tc.f, len(got), tc.want)
		}
	}
}

// TestReRunAfterCrash: a job that recorded its changes but crashed before
// writing the corpus sees them again when re-run, and records none twice.
func TestReRunAfterCrash(t *testing.T) {
	dir := t.TempDir()
	en := page("en", "active", "limited")
	l, _ := Open(dir, SourceSite, day1)
	if _, err := l.Record(Observation{After: []ogp.Commitment{en}}); err != nil {
		t.Fatal(err)
	}
	en2 := page("en", "complete", "limited")
	obs := Observation{Before: []ogp.Commitment{en}, After: []ogp.Commitment{en2}, Present: map[string]bool{"KR0018": true}}
	l, _ = Open(dir, SourceSite, day2)
	if got, _ := l.Record(obs); len(got) != 1 {
		t.Fatalf("change: %+v", got)
	}
	// Crash: the corpus still holds en. The re-run sees the same change.
	l, _ = Open(dir, SourceSite, day2.Add(time.Minute))
	if got, _ := l.Record(obs); len(got) != 0 {
		t.Errorf("recorded twice: %+v", got)
	}
	// A new commitment and a removal re-run alike.
	other := page("en", "active", "")
	other.ID = "KR0019"
	obs2 := Observation{Before: []ogp.Commitment{en2}, After: []ogp.Commitment{en2, other}, Gone: []string{"KR0020"}}
	for range 2 {
		l, _ = Open(dir, SourceSite, day2.Add(time.Hour))
		l.Record(obs2)
	}
	all, _, _ := Read(dir, Filter{})
	if len(all) != 4 {
		t.Errorf("history after re-runs: %+v", all)
	}
	// A real change back to the first state is recorded.
	l, _ = Open(dir, SourceSite, day2.Add(2*time.Hour))
	if got, _ := l.Record(Observation{Before: []ogp.Commitment{en2}, After: []ogp.Commitment{en}}); len(got) != 1 {
		t.Errorf("change back: %+v", got)
	}
}

// TestTornWrite: whatever a crash leaves at the end of the file, readers
// skip it and the next writer removes it before appending.
func TestTornWrite(t *testing.T) {
	for name, debris := range map[string]string{
		"cut line":    `{"seen":"2026-02-02T10:00:00Z","id":"KR00`,
		"zeros":       "\x00\x00\x00\x00",
		"zeros, line": "\x00\x00{\"seen\"\n",
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			l, _ := Open(dir, SourceSite, day1)
			if _, err := l.Record(Observation{After: []ogp.Commitment{page("en", "active", "")}}); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, FileName)
			good, _ := os.ReadFile(path)
			if err := os.WriteFile(path, append(good, debris...), 0o644); err != nil {
				t.Fatal(err)
			}
			all, damaged, err := Read(dir, Filter{})
			if err != nil || len(all) != 1 || damaged != 1 {
				t.Fatalf("Read of a torn file: %d changes, %d damaged, %v", len(all), damaged, err)
			}
			l, err = Open(dir, SourceSite, day2)
			if err != nil {
				t.Fatal(err)
			}
			if data, _ := os.ReadFile(path); string(data) != string(good) {
				t.Errorf("not repaired: %q", data)
			}
			if _, err := l.Record(Observation{Before: []ogp.Commitment{page("en", "active", "")},
				After: []ogp.Commitment{page("en", "complete", "")}}); err != nil {
				t.Fatal(err)
			}
			all, damaged, _ = Read(dir, Filter{})
			if len(all) != 2 || damaged != 0 {
				t.Errorf("after the repair: %d changes, %d damaged", len(all), damaged)
			}
			if tmps, _ := filepath.Glob(filepath.Join(dir, ".*.tmp")); len(tmps) > 0 {
				t.Errorf("debris: %v", tmps)
			}
		})
	}
}

// TestVocabulary: each term field names a vocabulary that exists, the
// texts none.
func TestVocabulary(t *testing.T) {
	for _, name := range FieldNames() {
		v := Vocabulary(name)
		if v != "" {
			ogp.Vocab(v) // panics on an unknown vocabulary
		}
		if term := !slices.Contains([]string{"year", "title", "action_plan", "lead_institution", "support_institutions", "irm_report", "url", "description", "irm_summary"}, name); term != (v != "") {
			t.Errorf("%s: vocabulary %q", name, v)
		}
	}
	if Vocabulary("status") != ogp.VocabStatus || Vocabulary("policy_areas") != ogp.VocabPolicyArea || Vocabulary("colour") != "" {
		t.Error("Vocabulary names the wrong vocabularies")
	}
}
