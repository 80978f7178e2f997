package analysis

import (
	"unicode"
	"unicode/utf8"

	banalysis "github.com/blevesearch/bleve/v2/analysis"
	bunicode "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
)

// Tokenizer is bleve's unicode (UAX #29) tokenizer followed by three
// repairs, with every token's Start and End kept as byte offsets into the
// text it was given:
//   - tokens are split where Hangul meets another script (2019년 → 2019,
//     년; OGP가 → OGP, 가; 제5차 → 제, 5, 차) and the Hangul pieces typed
//     TypeHangul or TypeHangulSpaced;
//   - tokens are split at middle dots and colons that glue words together
//     (정부ㆍ시민사회, citoyen·ne·s, Statut:terminé), which are dropped;
//   - letters and digits the unicode tokenizer skips (full-width digits,
//     superscripts, anything after invalid UTF-8) are recovered, joined
//     to a token they touch (ＫＲ００１８ stays one token).
//
// Positions are renumbered 1, 2, 3… over the tokens it returns.
type Tokenizer struct {
	words banalysis.Tokenizer
}

// NewTokenizer returns a Tokenizer over bleve's unicode tokenizer.
func NewTokenizer() *Tokenizer {
	return &Tokenizer{words: bunicode.NewUnicodeTokenizer()}
}

// span is a stretch of the input that becomes one or more tokens; word is
// the unicode tokenizer's token for exactly that stretch, if there is one.
type span struct {
	start, end int
	typ        banalysis.TokenType
	word       *banalysis.Token
}

// splitter accumulates the output of one Tokenize call.
type splitter struct {
	input   []byte
	out     banalysis.TokenStream
	slab    []banalysis.Token
	pending span
	has     bool
}

// Tokenize implements bleve's analysis.Tokenizer.
func (t *Tokenizer) Tokenize(input []byte) banalysis.TokenStream {
	words := t.words.Tokenize(input)
	s := splitter{input: input, out: make(banalysis.TokenStream, 0, len(words)+len(words)/4+1)}
	prevEnd := 0
	for _, w := range words {
		s.recover(prevEnd, w.Start)
		s.add(span{w.Start, w.End, w.Type, w}, false)
		prevEnd = w.End
	}
	s.recover(prevEnd, len(input))
	if s.has {
		s.split(s.pending)
	}
	return s.out
}

// recover adds as spans the runs of letters and digits found in a gap
// between two tokens of the unicode tokenizer. Gaps are usually a space
// or a punctuation mark, so the scan is short.
func (s *splitter) recover(from, to int) {
	start := -1
	for i := from; i < to; {
		c := s.input[i]
		if c < utf8.RuneSelf && !isWordRune(rune(c)) {
			if start >= 0 {
				s.add(span{start, i, runType(s.input[start:i]), nil}, true)
				start = -1
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(s.input[i:to])
		word := isWordRune(r) || start >= 0 && unicode.Is(unicode.M, r)
		switch {
		case word && start < 0:
			start = i
		case !word && start >= 0:
			s.add(span{start, i, runType(s.input[start:i]), nil}, true)
			start = -1
		}
		i += size
	}
	if start >= 0 {
		s.add(span{start, to, runType(s.input[start:to]), nil}, true)
	}
}

// runType types a recovered run.
func runType(b []byte) banalysis.TokenType {
	for _, r := range string(b) {
		if !unicode.IsDigit(r) {
			return banalysis.AlphaNumeric
		}
	}
	return banalysis.Numeric
}

// add queues sp, merging it with the pending span when the two touch and
// one of them was recovered from a gap (two tokens of the unicode
// tokenizer that touch, such as consecutive ideographs, stay apart).
func (s *splitter) add(sp span, recovered bool) {
	p := &s.pending
	if s.has && p.end == sp.start && (recovered || p.word == nil) &&
		p.typ != banalysis.Ideographic && sp.typ != banalysis.Ideographic {
		p.end = sp.end
		p.word = nil
		if p.typ != banalysis.Numeric || sp.typ != banalysis.Numeric {
			p.typ = banalysis.AlphaNumeric
		}
		return
	}
	if s.has {
		s.split(*p)
	}
	*p, s.has = sp, true
}

// split emits the tokens of one span: itself when it is plain ASCII,
// otherwise its runs of Hangul and of other word characters, cut at
// separators.
func (s *splitter) split(sp span) {
	term := s.input[sp.start:sp.end]
	if plainASCII(term) {
		s.emit(sp.start, sp.end, sp, false)
		return
	}
	runStart, runHangul := -1, false
	for i := 0; i < len(term); {
		r, size := utf8.DecodeRune(term[i:])
		if isSeparator(r) {
			s.piece(sp, runStart, i, runHangul)
			runStart = -1
		} else {
			h := isHangul(r)
			if runStart >= 0 && h != runHangul {
				s.piece(sp, runStart, i, runHangul)
				runStart = -1
			}
			if runStart < 0 {
				runStart, runHangul = i, h
			}
		}
		i += size
	}
	s.piece(sp, runStart, len(term), runHangul)
}

// plainASCII reports whether b is ASCII without a colon: nothing to split.
func plainASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf || c == ':' {
			return false
		}
	}
	return true
}
