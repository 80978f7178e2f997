package ogp

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// apostrophes lists the characters used as apostrophes on translated pages;
// all of them are unified to the ASCII one.
const apostrophes = "’‘ʼ＇′`´"

// UnifyApostrophes maps every apostrophe variant to '.
func UnifyApostrophes(s string) string {
	if !strings.ContainsAny(s, apostrophes) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(apostrophes, r) {
			return '\''
		}
		return r
	}, s)
}

// CollapseSpace trims s and turns every run of white space (including
// non-breaking and ideographic spaces) into one ASCII space.
func CollapseSpace(s string) string {
	if isCollapsed(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if isSpace(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u00a0' || r == '\u202f' || r == '\u3000'
}

// isCollapsed reports whether CollapseSpace would return s unchanged: no
// leading or trailing space, only single ASCII spaces inside.
func isCollapsed(s string) bool {
	prevSpace := true
	for _, r := range s {
		switch {
		case r == ' ':
			if prevSpace {
				return false
			}
			prevSpace = true
		case isSpace(r):
			return false
		default:
			prevSpace = false
		}
	}
	return !prevSpace || s == ""
}

// FoldKey reduces a label to the letters and digits that identify it: NFKD,
// no accents, lower case, ligatures spelt out, punctuation and spaces
// dropped. "Institution (s) de soutien :" and "Institution(s) de soutien"
// fold alike, as do "Participation du public" written with or without
// accents. It is used to match labels, never to display them.
func FoldKey(s string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(s) {
		switch {
		case r == 'œ' || r == 'Œ':
			b.WriteString("oe")
		case r == 'æ' || r == 'Æ':
			b.WriteString("ae")
		case r == 'ß':
			b.WriteString("ss")
		case unicode.Is(unicode.Mn, r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		}
	}
	// NFKD split Hangul syllables into jamo; compose them back so Korean
	// labels stay readable in debug output and stable as map keys.
	return norm.NFC.String(b.String())
}

// Slug turns an English label into a canonical key: lower-case ASCII words
// joined by '-' ("Access to Information" → access-to-information,
// "Infrastructure & Transport" → infrastructure-transport). Letters outside
// ASCII that have no accent-free form are kept, so a Korean label still gets
// a usable key.
func Slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFKD.String(UnifyApostrophes(s)) {
		switch {
		case unicode.Is(unicode.Mn, r) || r == '\'':
		case r == 'œ' || r == 'Œ':
			b.WriteString("oe")
			dash = false
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
		default:
			dash = true
		}
	}
	return norm.NFC.String(b.String())
}
