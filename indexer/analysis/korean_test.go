package analysis

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
	"github.com/ogpsearch/ogpsearch/internal/samplecorpus"
)

func TestKoreanIndex(t *testing.T) {
	checkTerms(t, Korean, []termCase{
		// content morphemes; particles and endings dropped
		{"공공참여를", "공공 참여"},
		{"서비스를 서비스의", "서비스 서비스"},
		{"과정부터", "과정"},
		// spaced or not, the same morphemes
		{"공공 서비스", "공공 서비스"},
		{"공공서비스", "공공 서비스"},
		// verbs and adjectives: the stem, whatever the ending
		{"개선했다", "개선"},
		{"개선하였다", "개선"},
		{"개선한다", "개선"},
		{"투명하게", "투명"},
		{"투명한", "투명"},
		{"높였다", "높이"},
		{"높인다", "높이"},
		{"높이는", "높이"},
		{"늘렸다", "늘리"},
		// one-syllable nouns, alone or in a compound
		{"법", "법"},
		{"정보공개법을", "정보 공개 법"},
		{"방법을", "방법"},
		// numbers glued to Hangul keep their counters
		{"2019년", "2019 년"},
		{"제5차", "5 차"},
		// enumeration dot: two words
		{"정부ㆍ시민사회", "정부 시민 사회"},
		// the user dictionary keeps names whole, with their pieces
		{"행정안전부는", "행정안전부 행정 안전 부"},
		{"국민권익위원회", "국민권익위원회 국민 권익 위원회"},
		// Latin in Korean text: folded, not stemmed; a particle glued to
		// it is dropped
		{"OGP가 services", "ogp services"},
	})
	// Full-width digits, whether or not the text went through NormalizeText.
	sameTerms(t, Korean, ogp.NormalizeText("２０１９년"), "2019년")
	sameTerms(t, Korean, "２０１９년", "2019년")
}

func TestKoreanGrams(t *testing.T) {
	checkTerms(t, KoreanGrams, []termCase{
		// the bigrams and trigrams of each word without its particles
		// and endings; other scripts dropped
		{"공공서비스를 정부는 법", "공공 공공서 공서 공서비 서비 서비스 비스 정부 법"},
		{"과정부터", "과정"},
		{"빅데이터를 open", "빅데 빅데이 데이 데이터 이터"},
	})
	checkTerms(t, KoreanGramsQuery, []termCase{
		// the trigrams of a word of three syllables or more, else the word
		{"데이터를", "데이터"},
		{"국민권익위원회", "국민권 민권익 권익위 익위원 위원회"},
		{"정부는", "정부"},
		{"법을", "법"},
	})
}

// Every query term must be a term the index side produces for the same
// text written with or without spaces, with other particles or endings,
// or a match query with AND fails.
func TestKoreanQueryTermsAreIndexed(t *testing.T) {
	pairs := [][2]string{ // query, document
		{"공공참여", "공공참여를"},
		{"서비스", "서비스를 서비스의"},
		{"공공데이터", "공공데이터를"},
		{"공공서비스", "공공 서비스"},
		{"공공 서비스", "공공서비스"},
		{"서비스를", "서비스"},
		{"공공서비스를", "공공 서비스를"},
		{"정보공개 법", "정보공개법"},
		{"법", "정보공개법을"},
		{"개선했다", "개선한다"},
		{"공개했다", "공개하였다"},
		{"높인다", "높였다"},
		{"참여했다", "참여 확대"},
		{"행정안전부", "행정 안전 부"},
		{"2019", "2019년"},
		{"２０１９", ogp.NormalizeText("２０１９년")},
	}
	for _, p := range pairs {
		indexed := map[string]bool{}
		for _, tk := range Analyze(Korean, p[1]) {
			indexed[tk.Term] = true
		}
		query := Analyze(KoreanQuery, p[0])
		for i, tk := range query {
			// The whole of a compound shares its position with its first
			// piece: either one stands for that place of the phrase.
			alternative := i+1 < len(query) && query[i+1].Position == tk.Position
			if !indexed[tk.Term] && !alternative {
				t.Errorf("query %q: term %q not indexed for %q", p[0], tk.Term, p[1])
			}
		}
	}
}

// Positions count morphemes, the pieces of a compound of the user
// dictionary starting at its own; offsets point at each morpheme in the
// original text.
func TestKoreanPositionsAndOffsets(t *testing.T) {
	text := "공공 서비스를 행정안전부가 OGP"
	var got []string
	for _, tk := range Analyze(Korean, text) {
		got = append(got, fmt.Sprintf("%s@%d=%s", tk.Term, tk.Position, text[tk.Start:tk.End]))
	}
	want := "공공@1=공공 서비스@2=서비스 행정안전부@3=행정안전부 행정@3=행정 안전@4=안전 부@5=부 ogp@6=OGP"
	if g := strings.Join(got, " "); g != want {
		t.Errorf("got  %s\nwant %s", g, want)
	}
}

// The Korean user dictionary loads: every line is an entry whose pieces
// spell it.
func TestKoreanTerms(t *testing.T) {
	lines := 0
	for _, line := range strings.Split(string(ogp.KoreanTerms()), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		lines++
		cols := strings.Split(line, ",")
		if len(cols) != 4 || strings.ReplaceAll(cols[1], " ", "") != cols[0] || cols[1] != cols[2] {
			t.Errorf("user dictionary line %q: want word,pieces,pieces,tag with pieces spelling the word", line)
		}
	}
	if _, err := korean.load(); err != nil || lines == 0 {
		t.Fatalf("user dictionary: %d entries, load: %v", lines, err)
	}
}

// A process that never meets Hangul never loads the Korean dictionary; the
// first Hangul word loads it. Run in a child process of its own, since
// other tests of this package load it.
func TestKoreanDictionaryLoadsLazily(t *testing.T) {
	if os.Getenv("OGPSEARCH_LAZY_CHILD") == "1" {
		for _, name := range []string{French, English, Spanish, Korean, KoreanGrams, Folded, Edge} {
			Analyze(name, "Les données ouvertes, open data, datos abiertos, OGP 2019")
		}
		if KoreanReady() {
			t.Fatal("the Korean dictionary loaded for text without Hangul")
		}
		Analyze(French, "le portail 공공데이터")
		if !KoreanReady() {
			t.Fatal("the Korean dictionary did not load for Hangul")
		}
		fmt.Println("lazy loading checked")
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestKoreanDictionaryLoadsLazily$", "-test.count=1")
	cmd.Env = append(os.Environ(), "OGPSEARCH_LAZY_CHILD=1")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "lazy loading checked") {
		t.Fatalf("child: %v\n%s", err, out)
	}
}

// Every Korean institution of the sample corpus that the dictionary would
// split is in the user dictionary, and is kept whole.
func TestKoreanInstitutionsKeptWhole(t *testing.T) {
	sc := bufio.NewScanner(bytes.NewReader(samplecorpus.JSONL()))
	sc.Buffer(nil, 1<<24)
	seen := map[string]bool{}
	for sc.Scan() {
		var c ogp.Commitment
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatal(err)
		}
		if c.Lang != "ko" {
			continue
		}
		for _, name := range strings.FieldsFunc(c.LeadInstitution+","+c.SupportInstitutions, func(r rune) bool { return r == ',' || r == ';' }) {
			for _, word := range strings.Fields(name) {
				if !allSyllables(word) || seen[word] || len(koreanMorphemes([]byte(word))) < 2 {
					continue
				}
				seen[word] = true
				if ms := koreanMorphemes([]byte(word)); ms[0].term != word {
					t.Errorf("institution %q is split as %v: add it to the user dictionary", word, ms)
				}
			}
		}
	}
	if len(seen) == 0 {
		t.Fatal("no Korean institution in the sample corpus")
	}
}

func allSyllables(word string) bool {
	for _, r := range word {
		if !isSyllable(r) {
			return false
		}
	}
	return true
}
