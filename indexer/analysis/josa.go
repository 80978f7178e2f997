package analysis

import "unicode/utf8"

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
