package search

import (
	"strings"
	"unicode"
)

// Korean typed with the keyboard left in Latin mode. On the standard Korean
// layout (2-beolsik, 두벌식) every letter key carries one jamo, consonants
// under the left hand and vowels under the right, so a reader who forgot to
// switch the input method types rhdrhd for 공공. dubeolsik reads such keys
// back as the Hangul a Korean input method would have composed from them.

// The layout: the jamo of the keys a to z, in that order, and those of the
// shifted keys that carry a jamo of their own (the tense consonants and
// ㅒ ㅖ). Any other capital types the jamo of its lower case.
const (
	dubeolsikKeys    = "ㅁㅠㅊㅇㄷㄹㅎㅗㅑㅓㅏㅣㅡㅜㅐㅔㅂㄱㄴㅅㅕㅍㅈㅌㅛㅋ"
	dubeolsikShifted = "QWERTOP"
	dubeolsikShiftJa = "ㅃㅉㄸㄲㅆㅒㅖ"
)

// keyJamo returns the jamo the key c types on the layout; ok is false for
// anything but an ASCII letter.
func keyJamo(c rune) (j string, ok bool) {
	if i := strings.IndexRune(dubeolsikShifted, c); i >= 0 {
		return jamoAt(dubeolsikShiftJa, i), true
	}
	if c >= 'A' && c <= 'Z' {
		c += 'a' - 'A'
	}
	if c >= 'a' && c <= 'z' {
		return jamoAt(dubeolsikKeys, int(c-'a')), true
	}
	return "", false
}

// jamoPairs maps two jamo typed one after the other to the compound vowel
// or the double final consonant they make (ㅗㅏ → ㅘ, ㄹㄱ → ㄺ): the
// splits of keystrokes, read backwards.
var jamoPairs = func() map[string]string {
	m := map[string]string{}
	for _, table := range []string{medialJamo, finalJamo} {
		for i := range len(table) / 3 {
			if j := jamoAt(table, i); keystrokes(j) != j {
				m[keystrokes(j)] = j
			}
		}
	}
	return m
}()

// dubeolsik reads keys typed on the 2-beolsik layout in Latin mode as
// Hangul, composing syllables as a Korean input method does: an initial
// consonant, a vowel (two vowel keys making a compound vowel, ㅗ+ㅏ = ㅘ)
// and an optional final consonant or double final (ㄹ+ㄱ = ㄺ), a final
// moving on to start the next syllable when a vowel follows it (rkfrk is
// 갈가, not 갉ㅏ). Keys that form no syllable stay lone jamo; whitespace is
// kept, and so is anything that is not an ASCII letter.
//
// ok reports whether keys spell Korean, as a reader typing Korean would
// have them: only letters and whitespace, at least one syllable, every key
// part of a syllable except possibly the last one, a lone consonant
// (typing in progress: its vowel comes next, as in rhdr on the way to
// rhdrhd). A lone vowel, consonants that meet no vowel, a digit or a
// punctuation mark make the keys not Korean: English words (open, data)
// are not, most fail at their first key.
//
// Lone consonants are not paired: an input method shows ㄳ for rt, this
// reads ㄱㅅ; neither is valid.
func dubeolsik(keys string) (hangul string, ok bool) {
	var b strings.Builder
	b.Grow(len(keys) * 3)
	var run []string
	syllables, lone := 0, 0
	lastLone := false // the last key of the input is a lone consonant
	foreign := false
	flush := func() {
		s, l, last := composeRun(&b, run)
		syllables, lone, lastLone = syllables+s, lone+l, last
		run = run[:0]
	}
	for _, r := range keys {
		if j, isKey := keyJamo(r); isKey {
			run = append(run, j)
			continue
		}
		flush()
		lastLone = false
		foreign = foreign || !unicode.IsSpace(r)
		b.WriteRune(r)
	}
	flush()
	ok = !foreign && syllables > 0 && (lone == 0 || lone == 1 && lastLone)
	return b.String(), ok
}

// composeRun writes the syllables and lone jamo that the jamo of one run
// of keys compose, and counts them; last reports whether the run ends with
// a lone consonant.
func composeRun(b *strings.Builder, js []string) (syllables, lone int, last bool) {
	vowelAt := func(i int) bool { return i < len(js) && tableIndex(medialJamo, js[i]) >= 0 }
	// vowel reads the vowel at i, compound when the next key completes
	// it, and returns its medial index and where the next key is.
	vowel := func(i int) (int, int) {
		if i+1 < len(js) {
			if c, ok := jamoPairs[js[i]+js[i+1]]; ok && tableIndex(medialJamo, c) >= 0 {
				return tableIndex(medialJamo, c), i + 2
			}
		}
		return tableIndex(medialJamo, js[i]), i + 1
	}
	for i := 0; i < len(js); {
		initial := tableIndex(initialJamo, js[i])
		if initial < 0 || !vowelAt(i+1) {
			// A lone jamo: a consonant no vowel follows, or a vowel
			// with no consonant before it.
			last = initial >= 0
			if vowelAt(i) {
				var m int
				m, i = vowel(i)
				b.WriteString(jamoAt(medialJamo, m))
			} else {
				b.WriteString(js[i])
				i++
			}
			lone++
			continue
		}
		medial, next := vowel(i + 1)
		i = next
		final := 0
		// A consonant is a final unless a vowel follows it; a second
		// one joins it as a double final on the same condition.
		if i < len(js) && !vowelAt(i+1) {
			if f := tableIndex(finalJamo, js[i]); f >= 0 {
				final, i = f+1, i+1
				if i < len(js) && !vowelAt(i+1) {
					if c, ok := jamoPairs[js[i-1]+js[i]]; ok {
						final, i = tableIndex(finalJamo, c)+1, i+1
					}
				}
			}
		}
		b.WriteRune(syllable(initial, medial, final))
		syllables++
		last = false
	}
	return syllables, lone, last
}
