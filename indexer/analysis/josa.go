package analysis

import "unicode/utf8"

// stripJosa returns how many syllables of a Hangul term remain once a
// trailing josa (조사, case particle) is removed: the longest of 에서, 으로,
// 까지, 부터, 에게, 께서, then 을, 를, 이, 가, 은, 는, 의, 에, 로, 와, 과, 도,
// 만, provided at least two syllables remain. offs holds the byte offset
// of each rune of term and then len(term). Without a morphological
// analyser this cannot tell a particle from a word's last syllable
// (민주주의 loses its 의): callers use the result where that only widens a
// match a little, never where it would lose one.
func stripJosa(term []byte, offs []int) int {
	n := len(offs) - 1
	if n >= 4 {
		switch string(term[offs[n-2]:]) {
		case "에서", "으로", "까지", "부터", "에게", "께서":
			return n - 2
		}
	}
	if n >= 3 {
		switch string(term[offs[n-1]:]) {
		case "을", "를", "이", "가", "은", "는", "의", "에", "로", "와", "과", "도", "만":
			return n - 1
		}
	}
	return n
}

// runeOffsets appends to offs[:0] the byte offset of every rune of term,
// then len(term), and returns it. Invalid bytes count as one rune each.
func runeOffsets(offs []int, term []byte) []int {
	offs = offs[:0]
	for i := 0; i < len(term); {
		offs = append(offs, i)
		if term[i] < 0x80 {
			i++
			continue
		}
		_, size := utf8.DecodeRune(term[i:])
		i += size
	}
	return append(offs, len(term))
}

// isJosa reports whether a whole term is a josa (의, 에서, …).
func isJosa(term []byte) bool {
	switch string(term) {
	case "에서", "으로", "까지", "부터", "에게", "께서",
		"을", "를", "이", "가", "은", "는", "의", "에", "로", "와", "과", "도", "만":
		return true
	}
	return false
}
