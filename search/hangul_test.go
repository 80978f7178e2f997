package search

import (
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestJamoKeys(t *testing.T) {
	cases := map[string]string{
		"공공":                  "ㄱㅗㅇㄱㅗㅇ",
		"과":                   "ㄱㅗㅏ",
		"닭":                   "ㄷㅏㄹㄱ",
		"의":                   "ㅇㅡㅣ",
		"쌌":                   "ㅆㅏㅆ",
		"ㅘ":                   "ㅗㅏ",
		"ㄺ":                   "ㄹㄱ",
		"ㄱㄱ":                  "ㄱㄱ",
		"open":                "open",
		"2019년":               "2019ㄴㅕㄴ",
		"\u1100":              "ㄱ", // a lone conjoining initial (NFD input)
		norm.NFD.String("공공"): "ㄱㅗㅇㄱㅗㅇ",
	}
	for in, want := range cases {
		if got := jamoKeys(in); got != want {
			t.Errorf("jamoKeys(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestTypingStatesArePrefixes: every state a Korean keyboard shows while
// typing a word is, in jamo, a prefix of the word.
func TestTypingStatesArePrefixes(t *testing.T) {
	words := map[string][]string{
		"서비스": {"ㅅ", "서", "섭", "서비", "서빗", "서비스"},
		"공공":  {"ㄱ", "고", "공", "공ㄱ", "공고", "공공"},
		"개방":  {"ㄱ", "개", "갭", "개바", "개방"},
		"과정":  {"고", "과", "괒", "과저", "과정"},
		"닭고기": {"다", "달", "닭", "닭고", "닭곡", "닭고기"},
	}
	for word, states := range words {
		full := jamoKeys(word)
		for _, s := range states {
			if !strings.HasPrefix(full, jamoKeys(s)) {
				t.Errorf("%q (%s) is not a prefix of %q (%s)", s, jamoKeys(s), word, full)
			}
		}
	}
}

func TestChosung(t *testing.T) {
	if got := chosung("공공 데이터 open"); got != "ㄱㄱ ㄷㅇㅌ open" {
		t.Errorf("chosung = %q", got)
	}
	for q, want := range map[string]bool{"ㄱㄱ": true, "ㄱㄱ ㄷ": true, "ㄱ": true, "공ㄱ": false, "ㅏ": false, "": false, " ": false, "ab": false} {
		if got := isChosungQuery(q); got != want {
			t.Errorf("isChosungQuery(%q) = %v", q, got)
		}
	}
}
