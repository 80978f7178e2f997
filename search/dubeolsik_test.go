package search

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestDubeolsik(t *testing.T) {
	cases := []struct {
		keys, want string
		ok         bool
	}{
		{"rhdrhd", "공공", true},
		{"dkssud", "안녕", true},
		{"tjqltm", "서비스", true},
		{"wjdqn", "정부", true},
		{"rhdrhdepdlxj", "공공데이터", true},
		{"rhdrhd epdlxj", "공공 데이터", true},
		{"rhdrhd ", "공공 ", true},         // a finished word
		{"rhk", "과", true},               // ㅗ+ㅏ
		{"dml", "의", true},               // ㅡ+ㅣ
		{"dnjs", "원", true},              // ㅜ+ㅓ
		{"ekfr", "닭", true},              // ㄹ+ㄱ
		{"ekfrrhrl", "닭고기", true},        // the double final stays
		{"ekfrl", "달기", true},            // ㄱ moves on
		{"ekfrdl", "닭이", true},           // ㅇ is a consonant
		{"rkqt", "값", true},              // ㅂ+ㅅ
		{"dksg", "않", true},              // ㄴ+ㅎ
		{"rkfrk", "갈가", true},            // a double final split by the vowel
		{"Rkt", "깟", true},               // shifted: tense
		{"TkT", "쌌", true},               // ㅆ as a final
		{"dhO", "오ㅒ", false},             // ㅒ lone after a syllable without final
		{"dP", "예", true},                // ㅖ
		{"Ekf", "딸", true},               // ㄸ initial
		{"dkE", "아ㄸ", true},              // ㄸ cannot be a final: lone, in progress
		{"dkEk", "아따", true},             // then it starts the next syllable
		{"RHDRHD", "꽁꽁", true},           // caps lock: shifted keys
		{"Gkstjd", "한성", true},           // other capitals as lower case
		{"rhdr", "공ㄱ", true},             // 공공 being typed
		{"rhdrh", "공고", true},            // 공공 being typed
		{"r", "ㄱ", false},                // no syllable
		{"rr", "ㄱㄱ", false},              // consonants only
		{"k", "ㅏ", false},                // a lone vowel
		{"hk", "ㅘ", false},               // a lone compound vowel
		{"rhm", "고ㅡ", false},             // a vowel that joins nothing
		{"rrk", "ㄱ가", false},             // a lone consonant before the end
		{"rhdrt", "공ㄱㅅ", false},          // two lone consonants
		{"rhdr epdlxj", "공ㄱ 데이터", false}, // a lone consonant ends a word, not the input
		{"open", "ㅐㅔ두", false},           // starts with a vowel
		{"data", "ㅇㅁㅅㅁ", false},          // consonants and lone vowels
		{"gov", "햎", true},               // an English word can spell Korean
		{"rhdrhd2", "공공2", false},        // a digit
		{"rhdrhd!", "공공!", false},        // punctuation
		{"공공", "공공", false},              // already Hangul: not keys
		{"", "", false},                  //
		{"   ", "   ", false},            //
		{"\trhdrhd\n", "\t공공\n", true},   // whitespace kept
		{"qwertyuiopasdfghjklzxcvbnm", "ㅂㅈㄷㄱ쇼ㅕㅑㅐㅔㅁㄴㅇㄹ호ㅓㅏㅣㅋㅌㅊ퓨ㅜㅡ", false}, // the whole row
	}
	for _, c := range cases {
		got, ok := dubeolsik(c.keys)
		if got != c.want || ok != c.ok {
			t.Errorf("dubeolsik(%q) = %q, %v; want %q, %v", c.keys, got, ok, c.want, c.ok)
		}
	}
}

// TestDubeolsikLayout: every key types the jamo the layout prints on it.
func TestDubeolsikLayout(t *testing.T) {
	layout := map[rune]string{
		'q': "ㅂ", 'w': "ㅈ", 'e': "ㄷ", 'r': "ㄱ", 't': "ㅅ", 'y': "ㅛ", 'u': "ㅕ", 'i': "ㅑ", 'o': "ㅐ", 'p': "ㅔ",
		'a': "ㅁ", 's': "ㄴ", 'd': "ㅇ", 'f': "ㄹ", 'g': "ㅎ", 'h': "ㅗ", 'j': "ㅓ", 'k': "ㅏ", 'l': "ㅣ",
		'z': "ㅋ", 'x': "ㅌ", 'c': "ㅊ", 'v': "ㅍ", 'b': "ㅠ", 'n': "ㅜ", 'm': "ㅡ",
		'Q': "ㅃ", 'W': "ㅉ", 'E': "ㄸ", 'R': "ㄲ", 'T': "ㅆ", 'O': "ㅒ", 'P': "ㅖ",
		'A': "ㅁ", 'Z': "ㅋ", 'M': "ㅡ",
	}
	for key, want := range layout {
		if got, ok := keyJamo(key); !ok || got != want {
			t.Errorf("key %c types %q, %v; want %q", key, got, ok, want)
		}
	}
	for _, c := range "1 -;[ㄱé" {
		if j, ok := keyJamo(c); ok {
			t.Errorf("%q is not a key of the layout, yet types %q", c, j)
		}
	}
}

// typedKeys spells Hangul in the keys that type it on the layout (the
// inverse of dubeolsik for whole syllables); other runes are kept.
func typedKeys(hangul string) string {
	keyOf := map[string]rune{}
	for i := range len(dubeolsikKeys) / 3 {
		keyOf[jamoAt(dubeolsikKeys, i)] = rune('a' + i)
	}
	for i, k := range dubeolsikShifted {
		keyOf[jamoAt(dubeolsikShiftJa, i)] = k
	}
	var b strings.Builder
	for _, r := range jamoKeys(hangul) {
		if k, ok := keyOf[string(r)]; ok {
			b.WriteRune(k)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// asTyped is what the layout makes of keys: capitals that carry no jamo
// of their own are read as lower case.
func asTyped(keys string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' && !strings.ContainsRune(dubeolsikShifted, r) {
			return unicode.ToLower(r)
		}
		return r
	}, keys)
}

// hangulOf makes a text of syllables and spaces out of any string: its
// syllables and spaces are kept, every other rune becomes a syllable of
// its own.
func hangulOf(s string) string {
	return strings.Map(func(r rune) rune {
		if isSyllable(r) || r == ' ' {
			return r
		}
		return rune(syllableFirst + uint32(r)*2654435761%(syllableLast-syllableFirst+1))
	}, strings.ToValidUTF8(s, ""))
}

// FuzzDubeolsik checks the round trip both ways: Hangul syllables spelt in
// keys read back as the same Hangul, valid; and keys read as valid Hangul
// spell those keys again. Any input gives valid UTF-8 without panicking.
func FuzzDubeolsik(f *testing.F) {
	for _, s := range []string{"rhdrhd", "dkssud", "ekfrdl", "rkfrk", "RHDRHD", "rhdr", "open", "공공데이터 개방", "닭고기", "값싼 의자", "과 왜 외 워 웨 위", "a1 ?"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := dubeolsik(s)
		if !utf8.ValidString(got) && utf8.ValidString(s) {
			t.Fatalf("dubeolsik(%q) = %q: not UTF-8", s, got)
		}
		if ok && typedKeys(got) != asTyped(s) {
			t.Fatalf("dubeolsik(%q) = %q, valid, but it is typed %q", s, got, typedKeys(got))
		}
		text := hangulOf(s)
		keys := typedKeys(text)
		back, ok := dubeolsik(keys)
		if back != text || ok != (strings.TrimSpace(text) != "") {
			t.Fatalf("%q typed as %q reads %q, %v", text, keys, back, ok)
		}
	})
}
