package analysis

import (
	"unicode/utf8"

	banalysis "github.com/blevesearch/bleve/v2/analysis"
)

// HangulMode selects what a HangulFilter makes of Hangul tokens.
type HangulMode int

const (
	// HangulIndex, for documents: every bigram of a token (서비스를 → 서비,
	// 비스, 스를); a unigram for a one-syllable token (법); a cross-space
	// bigram joining a token to the previous one when only white space
	// separates them (공공 서비스 → …, 공서, …), so that a query written
	// without the space matches; and the token whole, without a trailing
	// josa, when two syllables or more remain (서비스를 → 서비스).
	HangulIndex HangulMode = iota
	// HangulQuery, for queries: a trailing josa is stripped when two
	// syllables remain (서비스를 → 서비스), then the bigrams of what is left.
	// No cross-space bigrams between words, so "정부 서비스" also finds the
	// two words apart; every term is one the index side has, so a match
	// query with the AND operator finds spaced and unspaced writings
	// alike. A one-syllable token next to another Hangul token (정보공개 법)
	// becomes the cross-space bigram with it, which an unspaced document
	// (정보공개법) has, instead of a unigram, which it has not; alone, it
	// stays a unigram and only matches documents where that syllable is a
	// token of its own.
	HangulQuery
	// HangulWord, for an optional ranking clause: each token whole,
	// without its josa, as the index side also stores it.
	HangulWord
)

// HangulFilter turns tokens typed TypeHangul or TypeHangulSpaced (by
// Tokenizer; they must already be folded) into bigrams as its mode says,
// and passes other tokens through. Positions count syllables: a Hangul
// token of n syllables takes n positions and the bigram starting at its
// k-th syllable has the k-th, so phrase queries line up whether or not
// the text has the space. Offsets of bigrams are those of their two
// syllables in the original text.
//
// Precision: a bigram may straddle a morpheme boundary, so 정부 matches
// 과정부터 (과정 + 부터). The index also stores the josa-stripped word
// (정부는 → 정부), which adds to the term frequency of real words, so
// such documents rank below those with the word itself.
type HangulFilter struct {
	mode HangulMode
}

// NewHangulFilter returns a HangulFilter working in mode.
func NewHangulFilter(mode HangulMode) *HangulFilter { return &HangulFilter{mode: mode} }

// hangulPrev remembers the last Hangul token seen, for cross-space bigrams.
type hangulPrev struct {
	valid     bool
	pos       int    // its position before renumbering
	syllables int    // its length in syllables
	last      []byte // its last syllable
	lastStart int    // offset of its last syllable in the text
}

// Filter implements bleve's analysis.TokenFilter.
func (f *HangulFilter) Filter(input banalysis.TokenStream) banalysis.TokenStream {
	extra := 0
	for _, tok := range input {
		if IsHangulType(tok.Type) {
			extra += len(tok.Term)/3 + 2
		}
	}
	if extra == 0 {
		return input
	}
	b := bigrammer{
		mode: f.mode,
		out:  make(banalysis.TokenStream, 0, len(input)+extra),
		slab: make([]banalysis.Token, 0, extra),
		offs: make([]int, 0, 16),
	}
	for i, tok := range input {
		if !IsHangulType(tok.Type) {
			tok.Position += b.shift
			b.out = append(b.out, tok)
			b.prev.valid = false
			continue
		}
		if f.mode == HangulQuery && i > 0 && !IsHangulType(input[i-1].Type) && input[i-1].End == tok.Start && isJosa(tok.Term) {
			// A particle glued to a Latin word or a number (OGP의, 2019년에):
			// not part of what the reader looks for.
			continue
		}
		var next *banalysis.Token
		if i+1 < len(input) {
			next = input[i+1]
		}
		b.token(tok, next)
	}
	return b.out
}

// bigrammer holds the state of one Filter call.
type bigrammer struct {
	mode  HangulMode
	out   banalysis.TokenStream
	slab  []banalysis.Token // new tokens
	buf   []byte            // terms of cross-space bigrams
	offs  []int             // rune offsets of the current term
	shift int               // added to the positions of later tokens
	prev  hangulPrev
}

// token handles one Hangul token; next is the token after it, if any.
func (b *bigrammer) token(tok, next *banalysis.Token) {
	term := tok.Term
	b.offs = runeOffsets(b.offs, term)
	offs := b.offs
	n := len(offs) - 1
	if n == 0 {
		return
	}
	exact := tok.End-tok.Start == len(term)
	start := func(k int) int { // offset in the text where syllable k starts
		if exact {
			return tok.Start + offs[k]
		}
		return tok.Start
	}
	end := func(k int) int { // offset in the text where syllable k ends
		if exact {
			return tok.Start + offs[k+1]
		}
		return tok.End
	}
	oldPos, p := tok.Position, tok.Position+b.shift
	afterPrev := b.prev.valid && b.prev.pos == oldPos-1 && tok.Type == TypeHangulSpaced
	first := term[:offs[1]]
	stem := stripJosa(term, offs)

	switch {
	case b.mode == HangulWord || b.mode == HangulQuery && n == 1:
		covered := false
		if b.mode == HangulQuery && afterPrev {
			covered = true // by the previous token's cross, or by this one
			if b.prev.syllables > 1 {
				b.cross(b.prev.last, first, b.prev.lastStart, end(0), p-1)
			}
		}
		if b.mode == HangulQuery && next != nil && next.Type == TypeHangulSpaced &&
			next.Position == oldPos+1 && len(next.Term) > 0 {
			nextFirst, nextEnd := firstSyllable(next)
			b.cross(first, nextFirst, start(0), nextEnd, p)
			covered = true
		}
		if !covered || b.mode == HangulWord {
			b.add(term[:offs[stem]], start(0), end(stem-1), p)
		}
	case b.mode == HangulQuery:
		for k := 0; k+1 < stem; k++ {
			b.add(term[offs[k]:offs[k+2]], start(k), end(k+1), p+k)
		}
	default: // HangulIndex
		if afterPrev {
			b.cross(b.prev.last, first, b.prev.lastStart, end(0), p-1)
		}
		if n == 1 {
			b.add(term, start(0), end(0), p)
		}
		for k := 0; k+1 < n; k++ {
			b.add(term[offs[k]:offs[k+2]], start(k), end(k+1), p+k)
			if k == 0 && stem >= 2 {
				b.add(term[:offs[stem]], start(0), end(stem-1), p)
			}
		}
	}
	b.shift += n - 1
	b.prev = hangulPrev{valid: true, pos: oldPos, syllables: n,
		last: term[offs[n-1]:], lastStart: start(n - 1)}
}

// firstSyllable returns the first syllable of tok's term and the offset in
// the text where it ends.
func firstSyllable(tok *banalysis.Token) ([]byte, int) {
	_, size := utf8.DecodeRune(tok.Term)
	syl := tok.Term[:size]
	if tok.End-tok.Start == len(tok.Term) {
		return syl, tok.Start + len(syl)
	}
	return syl, tok.End
}

// add appends a Hangul token with the given term, offsets and position.
func (b *bigrammer) add(term []byte, start, end, pos int) {
	if len(b.slab) == cap(b.slab) {
		b.slab = make([]banalysis.Token, 0, 16)
	}
	b.slab = append(b.slab, banalysis.Token{
		Term: term[:len(term):len(term)], Start: start, End: end,
		Position: pos, Type: TypeHangul,
	})
	b.out = append(b.out, &b.slab[len(b.slab)-1])
}

// cross appends the bigram of syllables x and y, which are not next to
// each other in any term, so its term is built in b.buf.
func (b *bigrammer) cross(x, y []byte, start, end, pos int) {
	if b.buf == nil {
		b.buf = make([]byte, 0, 256)
	}
	from := len(b.buf)
	b.buf = append(append(b.buf, x...), y...)
	b.add(b.buf[from:], start, end, pos)
}
