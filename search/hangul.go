package search

import (
	"strings"
	"unicode"
)

// Hangul helpers for autocomplete. A Korean keyboard types a syllable one
// jamo at a time, and the screen shows the syllable being composed: on the
// way to 공공 the box shows 공고, and on the way to 서비스 it shows 섭 (the ㅂ
// sits under 서 until the ㅣ moves it on). Comparing text as jamo in
// keystroke order makes every such state a prefix of what is being typed.

// Hangul syllable arithmetic (Unicode 3.12): a syllable is
// 0xAC00 + (initial*21 + medial)*28 + final.
const (
	syllableFirst = 0xAC00
	syllableLast  = 0xD7A3
	medialCount   = 21
	finalCount    = 28
)

// Compatibility jamo, the form a keyboard types a lone letter in, in the
// order of the syllable arithmetic. Every one is three bytes of UTF-8.
const (
	initialJamo = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
	medialJamo  = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
	finalJamo   = "ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ" // final index - 1
)

// jamoAt returns the i-th jamo of one of the tables above.
func jamoAt(table string, i int) string { return table[3*i : 3*i+3] }

// tableIndex returns the place of the jamo j in one of the tables above,
// or -1 when the table does not hold it.
func tableIndex(table, j string) int {
	for i := 0; i+3 <= len(table); i += 3 {
		if table[i:i+3] == j {
			return i / 3
		}
	}
	return -1
}

// syllable composes the syllable of an initial and a medial index and a
// final index (0 for none, else the place in finalJamo plus one).
func syllable(initial, medial, final int) rune {
	return rune(syllableFirst + (initial*medialCount+medial)*finalCount + final)
}

// keystrokes splits a compound vowel or a double final consonant into the
// jamo typed for it (ㅘ → ㅗㅏ, ㄺ → ㄹㄱ); other jamo are returned as they
// are. Tense consonants (ㄲ, ㅆ) are one key on a Korean keyboard and stay.
func keystrokes(j string) string {
	switch j {
	case "ㅘ":
		return "ㅗㅏ"
	case "ㅙ":
		return "ㅗㅐ"
	case "ㅚ":
		return "ㅗㅣ"
	case "ㅝ":
		return "ㅜㅓ"
	case "ㅞ":
		return "ㅜㅔ"
	case "ㅟ":
		return "ㅜㅣ"
	case "ㅢ":
		return "ㅡㅣ"
	case "ㄳ":
		return "ㄱㅅ"
	case "ㄵ":
		return "ㄴㅈ"
	case "ㄶ":
		return "ㄴㅎ"
	case "ㄺ":
		return "ㄹㄱ"
	case "ㄻ":
		return "ㄹㅁ"
	case "ㄼ":
		return "ㄹㅂ"
	case "ㄽ":
		return "ㄹㅅ"
	case "ㄾ":
		return "ㄹㅌ"
	case "ㄿ":
		return "ㄹㅍ"
	case "ㅀ":
		return "ㄹㅎ"
	case "ㅄ":
		return "ㅂㅅ"
	}
	return j
}

// isSyllable reports whether r is a precomposed Hangul syllable.
func isSyllable(r rune) bool { return r >= syllableFirst && r <= syllableLast }

// isCompatConsonant reports whether r is a compatibility consonant (ㄱ–ㅎ),
// what a reader types for an initial-consonant (chosung) search.
func isCompatConsonant(r rune) bool { return r >= 0x3131 && r <= 0x314e }

// compatJamo maps a conjoining jamo (U+1100 block, what NFD Hangul and some
// input methods produce) to its compatibility form; ok is false for any
// other rune and for the archaic jamo the tables do not hold.
func compatJamo(r rune) (string, bool) {
	switch {
	case r >= 0x1100 && r <= 0x1112:
		return jamoAt(initialJamo, int(r-0x1100)), true
	case r >= 0x1161 && r <= 0x1175:
		return jamoAt(medialJamo, int(r-0x1161)), true
	case r >= 0x11a8 && r <= 0x11c2:
		return jamoAt(finalJamo, int(r-0x11a8)), true
	}
	return "", false
}

// writeJamo writes the keystroke jamo of one rune: a syllable decomposed,
// a jamo in compatibility form and split, anything else unchanged.
func writeJamo(b *strings.Builder, r rune) {
	switch {
	case isSyllable(r):
		s := int(r - syllableFirst)
		b.WriteString(jamoAt(initialJamo, s/(medialCount*finalCount)))
		b.WriteString(keystrokes(jamoAt(medialJamo, s/finalCount%medialCount)))
		if f := s % finalCount; f > 0 {
			b.WriteString(keystrokes(jamoAt(finalJamo, f-1)))
		}
	case r >= 0x3131 && r <= 0x3163:
		b.WriteString(keystrokes(string(r)))
	default:
		if j, ok := compatJamo(r); ok {
			b.WriteString(keystrokes(j))
			return
		}
		b.WriteRune(r)
	}
}

// jamoKeys spells s in keystroke jamo: 공공 → ㄱㅗㅇㄱㅗㅇ, 과 → ㄱㅗㅏ,
// 닭 → ㄷㅏㄹㄱ. Runes that are not Hangul are kept. s should be NFC; lone
// conjoining jamo left over from NFD input are mapped as well.
func jamoKeys(s string) string {
	if !hasHangul(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) * 2)
	for _, r := range s {
		writeJamo(&b, r)
	}
	return b.String()
}

// chosung keeps the initial consonant of every syllable (공공 데이터 → ㄱㄱ
// ㄷㅇㅌ) and every other rune as it is.
func chosung(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if isSyllable(r) {
			b.WriteString(jamoAt(initialJamo, int(r-syllableFirst)/(medialCount*finalCount)))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isChosungQuery reports whether q is made of compatibility consonants
// (and spaces) only: an initial-consonant search such as ㄱㄱ.
func isChosungQuery(q string) bool {
	seen := false
	for _, r := range q {
		switch {
		case isCompatConsonant(r):
			seen = true
		case r != ' ':
			return false
		}
	}
	return seen
}

// hasHangul reports whether s holds a syllable or any jamo.
func hasHangul(s string) bool {
	for _, r := range s {
		if r >= 0x1100 && unicode.Is(unicode.Hangul, r) {
			return true
		}
	}
	return false
}
