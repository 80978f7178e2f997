package analysis

import (
	"unicode"
	"unicode/utf8"

	banalysis "github.com/blevesearch/bleve/v2/analysis"
)

// piece emits the run [start, end) of span sp (offsets relative to the
// span). Runs of other scripts are trimmed of leading and trailing
// punctuation a split may have exposed (the apostrophe of l'OGP가 is
// inside a token, that of OGP'가 would end one); runs with no letter or
// digit left are dropped.
func (s *splitter) piece(sp span, start, end int, hangul bool) {
	if start < 0 || start >= end {
		return
	}
	if !hangul {
		term := s.input[sp.start+start : sp.start+end]
		lead, trail := trimBounds(term)
		if lead >= trail {
			return
		}
		start, end = start+lead, start+trail
	}
	s.emit(sp.start+start, sp.start+end, sp, hangul)
}

// trimBounds returns the bounds of b without leading runes that are not
// letters or digits and trailing runes that are neither those nor marks.
func trimBounds(b []byte) (lead, trail int) {
	for lead < len(b) {
		r, size := utf8.DecodeRune(b[lead:])
		if isWordRune(r) {
			break
		}
		lead += size
	}
	trail = len(b)
	for trail > lead {
		r, size := utf8.DecodeLastRune(b[lead:trail])
		if isWordRune(r) || unicode.Is(unicode.M, r) {
			break
		}
		trail -= size
	}
	return lead, trail
}

// emit appends the token [start, end) of the input, reusing the unicode
// tokenizer's token when it covers exactly these bytes.
func (s *splitter) emit(start, end int, sp span, hangul bool) {
	var t *banalysis.Token
	whole := sp.word != nil && start == sp.word.Start && end == sp.word.End
	if whole {
		t = sp.word
	} else {
		t = s.newToken()
		t.Start, t.End = start, end
		t.Term = s.input[start:end:end]
	}
	switch {
	case hangul:
		t.Type = TypeHangul
		if n := len(s.out); n > 0 {
			prev := s.out[n-1]
			if IsHangulType(prev.Type) && prev.End <= start && isSpaceGap(s.input[prev.End:start]) {
				t.Type = TypeHangulSpaced
			}
		}
	case whole:
		// the unicode tokenizer's type stands
	case isASCIIDigits(t.Term):
		t.Type = banalysis.Numeric
	case sp.typ == banalysis.Ideographic:
		t.Type = banalysis.Ideographic
	default:
		t.Type = banalysis.AlphaNumeric
	}
	t.Position = len(s.out) + 1
	s.out = append(s.out, t)
}

// newToken hands out a token from a slab, so that splitting does not
// allocate once per token.
func (s *splitter) newToken() *banalysis.Token {
	if len(s.slab) == cap(s.slab) {
		s.slab = make([]banalysis.Token, 0, 16+len(s.out)/8)
	}
	s.slab = s.slab[:len(s.slab)+1]
	t := &s.slab[len(s.slab)-1]
	*t = banalysis.Token{}
	return t
}
