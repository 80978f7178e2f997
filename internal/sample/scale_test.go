package sample

import (
	"bytes"
	"math"
	"sort"
	"strings"
	"testing"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

func TestScaleDeterministic(t *testing.T) {
	a, err := Scale(300, 7)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Scale(300, 7)
	c, _ := Scale(300, 8)
	ids := map[string]bool{}
	differs := false
	for i := range a {
		if a[i].ID != b[i].ID || a[i].Lang != b[i].Lang || a[i].Description != b[i].Description || a[i].Title != b[i].Title {
			t.Fatal("Scale is not deterministic")
		}
		if i < len(c) && a[i].Description != c[i].Description {
			differs = true
		}
		ids[a[i].ID] = true
	}
	if !differs {
		t.Error("another seed gives the same corpus")
	}
	if len(ids) != 300 {
		t.Fatalf("%d commitments, want 300", len(ids))
	}
	if scaledID(0) != "AA0000" || scaledID(12345) != "AB2345" || scaledID(6759999) != "ZZ9999" {
		t.Errorf("scaledID: %s %s %s", scaledID(0), scaledID(12345), scaledID(6759999))
	}
}

// WriteScaled streams what WriteCorpus writes of Scale's pages.
func TestWriteScaledMatchesScale(t *testing.T) {
	recs, err := Scale(120, 3)
	if err != nil {
		t.Fatal(err)
	}
	var want, got bytes.Buffer
	if err := ogp.WriteCorpus(&want, recs); err != nil {
		t.Fatal(err)
	}
	if err := WriteScaled(&got, 120, 3); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Fatal("WriteScaled differs from WriteCorpus(Scale)")
	}
	back, bad, err := ogp.ReadCorpus(&got)
	if err != nil || len(bad) > 0 || len(back) != len(recs) {
		t.Fatalf("read back: %d records, %v %v", len(back), bad, err)
	}
}

// The languages, years, members and policy areas follow the sample.
func TestScaleProportions(t *testing.T) {
	const n = 3000
	recs, err := Scale(n, 42)
	if err != nil {
		t.Fatal(err)
	}
	site, _ := Load()
	want := map[string]float64{}
	members := map[string]float64{}
	for _, c := range site.Commitments {
		for _, l := range c.Languages() {
			want[l] += 1 / float64(len(site.Commitments))
		}
		members[c.Member] += 1 / float64(len(site.Commitments))
	}
	langs := map[string]float64{}
	gotMembers := map[string]float64{}
	years := map[int]int{}
	areas := map[string]int{}
	descBytes := map[string][]int{}
	for _, r := range recs {
		langs[r.Lang] += 1.0 / n
		descBytes[r.Lang] = append(descBytes[r.Lang], len(r.Description))
		if r.Lang != "en" {
			continue
		}
		gotMembers[r.Member] += 1.0 / n
		years[r.Year]++
		for _, a := range r.PolicyAreas {
			areas[a.Key]++
			if a.Label == "" {
				t.Errorf("%s: policy area %s without a label", r.ID, a.Key)
			}
		}
	}
	if math.Abs(langs["en"]-1) > 1e-9 {
		t.Errorf("English pages for %.3f of commitments, want all", langs["en"])
	}
	for l, w := range want {
		if math.Abs(langs[l]-w) > 0.04 {
			t.Errorf("%s pages for %.3f of commitments, want %.3f±0.04", l, langs[l], w)
		}
	}
	for m, w := range members {
		if math.Abs(gotMembers[m]-w) > 0.04 {
			t.Errorf("member %s has %.3f of commitments, want %.3f±0.04", m, gotMembers[m], w)
		}
	}
	if len(years) < 12 || years[2018] < years[2011]*3 {
		t.Errorf("years not spread like the sample's: %v", years)
	}
	if len(areas) != len(ogp.Vocab(ogp.VocabPolicyArea).Entries) {
		t.Errorf("%d of %d policy areas used", len(areas), len(ogp.Vocab(ogp.VocabPolicyArea).Entries))
	}
	for l, sizes := range descBytes {
		sort.Ints(sizes)
		if med := sizes[len(sizes)/2]; med < 800 || med > 1800 {
			t.Errorf("%s descriptions: median %d bytes, want about 1–1.5 KB", l, med)
		}
		if sizes[len(sizes)-1] < 3000 {
			t.Errorf("%s descriptions: longest %d bytes, want a tail of several KB", l, sizes[len(sizes)-1])
		}
	}
}

// Word frequencies fall off with rank like a Zipf law, with a long tail of
// words seen once; Korean keeps its particles and French its elisions and
// accents.
func TestScaleText(t *testing.T) {
	recs, err := Scale(2000, 42)
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]map[string]int{}
	for _, r := range recs {
		if count[r.Lang] == nil {
			count[r.Lang] = map[string]int{}
		}
		for _, w := range strings.Fields(r.Description) {
			count[r.Lang][strings.ToLower(strings.Trim(w, ".,;:"))]++
		}
	}
	for lang, c := range count {
		freq := make([]int, 0, len(c))
		total, once := 0, 0
		for _, n := range c {
			freq = append(freq, n)
			total += n
			if n == 1 {
				once++
			}
		}
		sort.Sort(sort.Reverse(sort.IntSlice(freq)))
		// The slope of log frequency against log rank, ranks 10 to 1000.
		slope := (math.Log(float64(freq[999])) - math.Log(float64(freq[9]))) / (math.Log(1000) - math.Log(10))
		if slope > -0.6 || slope < -1.6 {
			t.Errorf("%s: log-log slope %.2f between ranks 10 and 1000, want about -1", lang, slope)
		}
		if freq[0] < 3*freq[9] || freq[0] > total/5 {
			t.Errorf("%s: top word %d times, 10th %d, of %d", lang, freq[0], freq[9], total)
		}
		if len(c) < 10000 || once < len(c)/4 {
			t.Errorf("%s: %d distinct words, %d seen once: no long tail", lang, len(c), once)
		}
	}
	ko, fr := count["ko"], count["fr"]
	for _, w := range []string{"정부는", "데이터를", "시민의", "공개한다"} {
		if ko[w] == 0 {
			t.Errorf("Korean text lacks %q", w)
		}
	}
	particles := 0
	for w, n := range ko {
		for _, p := range []string{"을", "를", "의", "에서", "으로", "는", "이", "가"} {
			if strings.HasSuffix(w, p) {
				particles += n
				break
			}
		}
	}
	if particles < 1000 {
		t.Errorf("only %d Korean words end in a particle", particles)
	}
	elided, accented := 0, 0
	for w, n := range fr {
		if strings.HasPrefix(w, "l'") || strings.HasPrefix(w, "l’") || strings.HasPrefix(w, "d'") || strings.HasPrefix(w, "d’") {
			elided += n
		}
		if strings.ContainsAny(w, "éèêàçô") {
			accented += n
		}
	}
	if elided < 500 || accented < 2000 {
		t.Errorf("French text: %d elided words, %d accented", elided, accented)
	}
	if fr["l'information"]+fr["l’information"] == 0 || fr["données"] == 0 {
		t.Error("French text lacks l'information or données")
	}
}

func BenchmarkWriteScaled(b *testing.B) {
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := WriteScaled(&buf, 1000, 1); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(1000*b.N)/b.Elapsed().Seconds(), "commitments/s")
	b.SetBytes(int64(buf.Len()))
}
