package analysis

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

func TestKoreanIndex(t *testing.T) {
	checkTerms(t, Korean, []termCase{
		// bigrams, plus the josa-stripped word
		{"공공참여를", "공공 공공참여 공참 참여 여를"},
		{"서비스를 서비스의", "서비 서비스 비스 스를 를서 서비 서비스 비스 스의"},
		// cross-space bigram 공서 joins the spaced writing
		{"공공 서비스", "공공 공공 공서 서비 서비스 비스"},
		{"공공서비스", "공공 공공서비스 공서 서비 비스"},
		// one-syllable words get a unigram
		{"법", "법"},
		{"세 법", "세 세법 법"},
		// numbers glued to Hangul
		{"2019년", "2019 년"},
		{"제5차", "제 5 차"},
		// enumeration dot: two words, no cross bigram
		{"정부ㆍ시민사회", "정부 정부 시민 시민사회 민사 사회"},
		// Latin in Korean text: folded, not stemmed
		{"OGP가 services", "ogp 가 services"},
	})
	// Full-width digits, whether or not the text went through NormalizeText.
	sameTerms(t, Korean, ogp.NormalizeText("２０１９년"), "2019년")
	sameTerms(t, Korean, "２０１９년", "2019년")
}

func TestKoreanQuery(t *testing.T) {
	checkTerms(t, KoreanQuery, []termCase{
		{"서비스를", "서비 비스"},
		{"공공참여를", "공공 공참 참여"},
		{"서울에서", "서울"},
		{"공공 서비스", "공공 서비 비스"},
		{"공공서비스", "공공 공서 서비 비스"},
		// a josa only goes when two syllables remain
		{"법을", "법을"},
		{"국가", "국가"},
		// one syllable: alone a unigram, next to a word the cross bigram
		{"법", "법"},
		{"정보공개 법", "정보 보공 공개 개법"},
		{"법 개정", "법개 개정"},
		{"세 법", "세법"},
		{"2019년", "2019 년"},
	})
	checkTerms(t, KoreanWord, []termCase{
		{"공공서비스를 정부는 법", "공공서비스 정부 법"},
	})
}

// Every query term must be a term the index side produces for the same
// text written with or without spaces, or a match query with AND fails.
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
		{"법 개정", "법개정"},
		{"2019", "2019년"},
		{"２０１９", ogp.NormalizeText("２０１９년")},
	}
	for _, p := range pairs {
		indexed := map[string]bool{}
		for _, tk := range Analyze(Korean, p[1]) {
			indexed[tk.Term] = true
		}
		for _, tk := range Analyze(KoreanQuery, p[0]) {
			if !indexed[tk.Term] {
				t.Errorf("query %q: term %q not indexed for %q", p[0], tk.Term, p[1])
			}
		}
	}
}

// Positions count syllables and offsets point at the syllables of each
// bigram in the original text.
func TestKoreanPositionsAndOffsets(t *testing.T) {
	text := "공공 서비스를 OGP"
	var got []string
	for _, tk := range Analyze(Korean, text) {
		got = append(got, fmt.Sprintf("%s@%d=%s", tk.Term, tk.Position, text[tk.Start:tk.End]))
	}
	want := "공공@1=공공 공공@1=공공 공서@2=공 서 서비@3=서비 서비스@3=서비스 비스@4=비스 스를@5=스를 ogp@7=OGP"
	if g := strings.Join(got, " "); g != want {
		t.Errorf("got  %s\nwant %s", g, want)
	}
}

func TestStripJosa(t *testing.T) {
	cases := map[string]string{
		"서비스를": "서비스", "정부에서": "정부", "시민으로": "시민", "서울까지": "서울",
		"오늘부터": "오늘", "시민에게": "시민", "장관께서": "장관", "정부가": "정부",
		"정부는": "정부", "시민과": "시민", "정부도": "정부", "정부만": "정부",
		"법을": "법을", "국가": "국가", "정부": "정부", "에서": "에서", "정부에": "정부",
	}
	for in, want := range cases {
		offs := runeOffsets(nil, []byte(in))
		if got := in[:offs[stripJosa([]byte(in), offs)]]; got != want {
			t.Errorf("stripJosa(%q) = %q, want %q", in, got, want)
		}
	}
}
