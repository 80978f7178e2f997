package analysis

import (
	"unicode"

	banalysis "github.com/blevesearch/bleve/v2/analysis"
)

// Token types the tokenizer gives Hangul runs, so that later filters know
// them without decoding runes again. Bleve itself never reads a token's
// type at indexing time; only filters do. Values start well above bleve's
// own types.
const (
	// TypeHangul is a run of Hangul with something other than white space
	// (or nothing) before it.
	TypeHangul banalysis.TokenType = 100 + iota
	// TypeHangulSpaced is a run of Hangul separated from the previous run
	// of Hangul only by white space (공공 서비스): the two may be one word
	// written with a space.
	TypeHangulSpaced
)

// IsHangulType reports whether t is one of the Hangul token types.
func IsHangulType(t banalysis.TokenType) bool {
	return t == TypeHangul || t == TypeHangulSpaced
}

// isHangul reports whether r is written in Hangul: syllables, conjoining
// jamo (both blocks and their extensions), compatibility jamo and
// half-width jamo. ㆍ (U+318D) is a compatibility jamo too, but Korean text
// uses it as an enumeration dot, so it counts as a separator instead.
func isHangul(r rune) bool {
	switch {
	case r >= 0xac00 && r <= 0xd7a3:
		return true
	case r < 0x1100:
		return false
	case r <= 0x11ff:
		return true
	case r >= 0x3131 && r <= 0x318e:
		return r != 0x318d
	case r >= 0xa960 && r <= 0xa97f, r >= 0xd7b0 && r <= 0xd7ff:
		return true
	case r >= 0xffa0 && r <= 0xffdc:
		return true
	}
	return false
}

// isSyllable reports whether r is a precomposed Hangul syllable.
func isSyllable(r rune) bool { return r >= 0xac00 && r <= 0xd7a3 }

// isSeparator reports whether r joins two words inside one token of the
// unicode tokenizer and should split them: middle dots (inclusive writing
// citoyen·ne·s, Korean and Japanese enumerations 정부ㆍ시민사회) and colons
// (UAX #29 keeps "Statut:terminé" whole).
func isSeparator(r rune) bool {
	switch r {
	case '\u00b7', '\u0387', '\u2027', '\u318d', '\u30fb', '\uff65',
		':', '\ufe13', '\ufe55', '\uff1a':
		return true
	}
	return false
}

// isWordRune reports whether r can carry meaning in a token on its own: a
// letter or a number, not a separator.
func isWordRune(r rune) bool {
	if r < 0x80 {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return (unicode.IsLetter(r) || unicode.IsNumber(r)) && !isSeparator(r)
}

// isSpaceGap reports whether b, the bytes between two tokens, is only
// white space (or empty).
func isSpaceGap(b []byte) bool {
	for _, c := range b {
		switch c {
		case ' ', '\t', '\n', '\r', '\v', '\f':
		default:
			if c < 0x80 {
				return false
			}
			return isSpaceGapSlow(b)
		}
	}
	return true
}

// isSpaceGapSlow is isSpaceGap for gaps with non-ASCII bytes (no-break or
// ideographic spaces in text that skipped ogp.NormalizeText).
func isSpaceGapSlow(b []byte) bool {
	for _, r := range string(b) {
		if !unicode.IsSpace(r) {
			return false
		}
	}
	return true
}

// isASCIIDigits reports whether b is non-empty and made of ASCII digits.
func isASCIIDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(b) > 0
}
