package search

import (
	"strings"
	"unicode"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// MaxQueryWords bounds the words of one query, so a hostile query cannot
// make a huge boolean query. Words past it are ignored.
const MaxQueryWords = 32

// A query as people type it:
//
//	open data           every word required, in any field of any language
//	"open data"         a phrase
//	-budget  -"a b"     excluded word or phrase
//	member:france       a documented field (see fieldNames), also negated
//	KR0018, kr 0018     a commitment ID (exact, never fuzzy)
//
// Anything else is text: punctuation, wildcards and regular-expression
// characters mean nothing special and the analyzers drop them.

// clause is one unit of a parsed query.
type clause struct {
	text   string // the word(s), the phrase, or the field's value
	field  string // for field:value, a name of fieldNames
	phrase bool
	not    bool
	// idParts holds the two words of an ID typed with a space (KR 0018),
	// which are also read as two words in case they were not an ID.
	idParts []string
	// prefix: the clause is the word being typed, also a prefix of the
	// words it finds.
	prefix bool
}

// parseQuery splits q (already checked by cleanQuery) into clauses, at
// most MaxQueryWords words in all. With prefixLast, the last clause is the
// word being typed when it is a plain word (or a run of Hangul words), not
// a phrase, a field, an exclusion or an ID.
func parseQuery(q string, prefixLast bool) []clause {
	q = ogp.NormalizeText(q)
	var out []clause
	words := 0
	for rest := q; words < MaxQueryWords; {
		rest = strings.TrimLeft(rest, " \t\r\n")
		if rest == "" {
			break
		}
		var c clause
		c, rest = nextClause(rest)
		if c.text == "" {
			continue
		}
		n := len(strings.Fields(c.text))
		if words+n > MaxQueryWords {
			c.text = strings.Join(strings.Fields(c.text)[:MaxQueryWords-words], " ")
			n = MaxQueryWords - words
		}
		words += n
		out = append(out, c)
	}
	out = mergeHangul(joinIDs(out))
	if n := len(out); prefixLast && n > 0 && out[n-1].isPlainWord() {
		if _, isID := asID(out[n-1].text); !isID {
			out[n-1].prefix = true
		}
	}
	return out
}

// nextClause reads one clause at the start of s and returns the rest. A
// clause with empty text (a lone "-", "member:" without value) is to be
// skipped.
func nextClause(s string) (clause, string) {
	var c clause
	if s[0] == '-' {
		c.not = true
		s = s[1:]
		if s == "" || isSpaceByte(s[0]) {
			return clause{}, s
		}
	}
	if s[0] == '"' {
		c.phrase = true
		c.text, s = quoted(s)
		return c, s
	}
	end := strings.IndexAny(s, " \t\r\n")
	if end < 0 {
		end = len(s)
	}
	tok := s[:end]
	if i := strings.IndexByte(tok, ':'); i > 0 {
		if name, ok := fieldName(tok[:i]); ok {
			c.field = name
			if strings.HasPrefix(s[i+1:], `"`) {
				c.text, s = quoted(s[i+1:])
				return c, s
			}
			c.text = tok[i+1:]
			return c, s[end:]
		}
	}
	c.text = tok
	return c, s[end:]
}

// quoted reads a phrase starting with a quote; an unbalanced quote runs to
// the end of s.
func quoted(s string) (string, string) {
	s = s[1:]
	end := strings.IndexByte(s, '"')
	if end < 0 {
		return strings.TrimSpace(s), ""
	}
	return strings.TrimSpace(s[:end]), s[end+1:]
}

func isSpaceByte(b byte) bool { return b == ' ' || b == '\t' || b == '\r' || b == '\n' }

// isPlainWord reports whether c is a positive single word.
func (c clause) isPlainWord() bool { return c.field == "" && !c.phrase && !c.not && c.idParts == nil }

// joinIDs reads "KR 0018" (two to four letters, then four digits) as one ID
// clause that keeps its two words.
func joinIDs(in []clause) []clause {
	out := make([]clause, 0, len(in))
	for i := 0; i < len(in); i++ {
		c := in[i]
		if i+1 < len(in) && c.isPlainWord() && in[i+1].isPlainWord() && isSplitID(c.text, in[i+1].text) {
			out = append(out, clause{text: c.text + in[i+1].text, idParts: []string{c.text, in[i+1].text}})
			i++
			continue
		}
		out = append(out, c)
	}
	return out
}

// mergeHangul keeps a run of Hangul-only words together: their morphemes
// are then looked for next to each other, whether the page writes them
// spaced or not (정보공개 법 finds 정보공개법), spacing being loose in
// Korean.
func mergeHangul(in []clause) []clause {
	var out []clause
	for _, c := range in {
		if n := len(out); n > 0 && c.isPlainWord() && out[n-1].isPlainWord() && allHangul(c.text) && allHangul(out[n-1].text) {
			out[n-1].text += " " + c.text
			continue
		}
		out = append(out, c)
	}
	return out
}

func allHangul(w string) bool {
	for _, r := range w {
		if !unicode.Is(unicode.Hangul, r) && r != ' ' {
			return false
		}
	}
	return w != ""
}

// asID returns the commitment ID a word spells (kr0018, KR-0018 → KR0018).
func asID(w string) (string, bool) {
	n := 0
	for n < len(w) && isASCIILetter(w[n]) {
		n++
	}
	letters, digits := w[:n], w[n:]
	if len(digits) == 5 && strings.IndexByte("-/._", digits[0]) >= 0 {
		digits = digits[1:]
	}
	return ogp.ParseID(letters + digits)
}

// isSplitID reports whether two words are an ID's letters and its four
// digits.
func isSplitID(letters, digits string) bool {
	_, ok := ogp.ParseID(letters + digits)
	return ok && len(digits) == 4 && strings.TrimSpace(letters) == letters
}

func allBytes(s string, ok func(byte) bool) bool {
	for i := 0; i < len(s); i++ {
		if !ok(s[i]) {
			return false
		}
	}
	return true
}

func isASCIILetter(b byte) bool { return b|0x20 >= 'a' && b|0x20 <= 'z' }
