package ogp

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
)

// NormalizeText is the form every text takes once, when a record enters
// the index, and is stored and displayed in:
//   - Unicode NFC (decomposed Hangul jamo compose to syllables, e + ◌́ to é);
//   - full-width ASCII folded to ASCII (ＯＧＰ２０１９ → OGP2019) and
//     half-width Katakana/Hangul widened, so tokenizers see ordinary digits;
//   - zero-width characters, soft hyphens and byte-order marks removed;
//   - every kind of space (no-break, narrow no-break, ideographic, …) turned
//     into an ASCII space, and line breaks kept;
//   - apostrophes unified to ' (’ ‘ ʼ ＇).
//
// Accents, case and ligatures are kept: display needs them. Folding them is
// the search analysis' job (FoldToken). NormalizeText is idempotent.
func NormalizeText(s string) string {
	if isNormal(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case isInvisible(r):
		case r == '\n' || r == '\r' || r == '\t':
			b.WriteRune(r)
		case unicode.IsSpace(r) || unicode.Is(unicode.Zs, r):
			b.WriteByte(' ')
		case strings.ContainsRune(apostrophes, r):
			b.WriteByte('\'')
		default:
			b.WriteRune(foldWidth(r))
		}
	}
	return norm.NFC.String(b.String())
}

// isNormal is NormalizeText's fast path: true when s has nothing to
// change, which is the case of most text.
func isNormal(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			return isNormalSlow(s)
		}
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' || c == 0x7f || c == '`' {
			return false
		}
	}
	return true
}

func isNormalSlow(s string) bool {
	for _, r := range s {
		if r < 0x80 {
			if r < 0x20 && r != '\n' && r != '\r' && r != '\t' || r == 0x7f || r == '`' {
				return false
			}
			continue
		}
		if r == utf8.RuneError || isInvisible(r) || unicode.IsSpace(r) || unicode.Is(unicode.Zs, r) ||
			strings.ContainsRune(apostrophes, r) || foldWidth(r) != r {
			return false
		}
	}
	return norm.NFC.IsNormalString(s)
}

// isInvisible lists format characters that only get in the way of search:
// soft hyphen, zero-width space/joiners, word joiner, BOM, and the other
// invisible controls.
func isInvisible(r rune) bool {
	switch r {
	case '\u00ad', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u180e':
		return true
	}
	return unicode.Is(unicode.Cc, r) && r != '\n' && r != '\r' && r != '\t'
}

// foldWidth narrows full-width ASCII and widens half-width Katakana and
// Hangul; other runes are returned as they are. The ideographic space is
// handled as a space before this is called.
func foldWidth(r rune) rune {
	switch {
	case r >= '\uff01' && r <= '\uff5e':
		return r - 0xff01 + '!'
	case r >= '\uff61' && r <= '\uffdc':
		p := width.LookupRune(r)
		if w := p.Wide(); w != 0 {
			return w
		}
	}
	return r
}

// FoldToken is the search form of a token: NFKC (ligatures spelt out,
// compatibility characters unified) except for Hangul compatibility jamo,
// which stay as typed so initial-consonant queries (ㄱㄱ) keep working;
// lower case; accents removed (é → e, but Hangul syllables untouched);
// œ → oe, æ → ae, ß → ss; apostrophes unified.
func FoldToken(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, seg := range splitJamo(s) {
		if seg.jamo {
			b.WriteString(seg.text)
			continue
		}
		for _, r := range norm.NFKD.String(seg.text) {
			switch {
			case unicode.Is(unicode.Mn, r) && !isHangulJamo(r):
			case r == 'œ' || r == 'Œ':
				b.WriteString("oe")
			case r == 'æ' || r == 'Æ':
				b.WriteString("ae")
			case r == 'ß' || r == 'ẞ':
				b.WriteString("ss")
			case strings.ContainsRune(apostrophes, r):
				b.WriteByte('\'')
			default:
				b.WriteRune(unicode.ToLower(r))
			}
		}
	}
	// NFKD split syllables into conjoining jamo; compose them back.
	return norm.NFC.String(b.String())
}

// isHangulJamo covers the conjoining jamo blocks, which NFKD produces when
// it splits a syllable; they are not accents to strip.
func isHangulJamo(r rune) bool {
	return (r >= 0x1100 && r <= 0x11ff) || (r >= 0xa960 && r <= 0xa97f) || (r >= 0xd7b0 && r <= 0xd7ff)
}

// IsCompatJamo reports whether r is a Hangul compatibility jamo (ㄱ, ㅏ, …),
// the form keyboards type a lone consonant or vowel in.
func IsCompatJamo(r rune) bool { return r >= 0x3131 && r <= 0x318e }

type segment struct {
	text string
	jamo bool
}

// splitJamo cuts s into runs of compatibility jamo and runs of anything else.
func splitJamo(s string) []segment {
	var out []segment
	start := 0
	inJamo := false
	for i, r := range s {
		j := IsCompatJamo(r)
		if i > start && j != inJamo {
			out = append(out, segment{s[start:i], inJamo})
			start = i
		}
		inJamo = j
	}
	if start < len(s) {
		out = append(out, segment{s[start:], inJamo})
	}
	return out
}
