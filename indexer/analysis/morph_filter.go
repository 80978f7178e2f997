package analysis

import (
	banalysis "github.com/blevesearch/bleve/v2/analysis"
)

// MorphFilter turns Hangul tokens (typed by Tokenizer, already folded)
// into their content morphemes (koreanMorphemes) and passes other tokens
// through: 개선했다 → 개선, 높였다 → 높이, 과정부터 → 과정. Each morpheme takes
// a position of its own, so the morphemes of one word, or of two words
// written with or without a space (공공데이터, 공공 데이터), are at
// neighbouring positions and phrases line up either way. The pieces of a
// compound from the user dictionary follow it, the first at its
// position (행정안전부, 행정 | 안전 | 부), as nori's mixed mode keeps both.
// Offsets are those of the morpheme in the text where the token's bytes
// are the text's; a token whose folding changed its length keeps the
// token's offsets.
//
// A particle glued to a Latin word or a number (OGP의, 2019년에) is
// dropped, leaving a gap: it is not what a reader looks for. The index and
// the query sides are the same.
type MorphFilter struct{}

// Filter implements bleve's analysis.TokenFilter.
func (MorphFilter) Filter(input banalysis.TokenStream) banalysis.TokenStream {
	hangul := false
	for _, tok := range input {
		if IsHangulType(tok.Type) {
			hangul = true
			break
		}
	}
	if !hangul {
		return input
	}
	out := make(banalysis.TokenStream, 0, len(input)+8)
	shift := 0
	for i, tok := range input {
		if !IsHangulType(tok.Type) {
			tok.Position += shift
			out = append(out, tok)
			continue
		}
		if i > 0 && !IsHangulType(input[i-1].Type) && input[i-1].End == tok.Start && isJosa(tok.Term) {
			continue
		}
		ms := koreanMorphemes(tok.Term)
		exact := tok.End-tok.Start == len(tok.Term)
		p := tok.Position + shift
		next, whole, piece := p, p, 0
		for _, m := range ms {
			pos := next
			if m.part {
				pos = whole + piece // the first piece shares the compound's position
				piece++
			} else {
				whole, piece = next, 0
			}
			next = max(next, pos+1)
			t := &banalysis.Token{Term: []byte(m.term), Start: tok.Start, End: tok.End, Position: pos, Type: TypeHangul}
			if exact {
				t.Start, t.End = tok.Start+m.start, tok.Start+m.end
			}
			out = append(out, t)
		}
		n := next - p // positions taken
		// A word of particles only takes no position, like a stop word
		// leaves a gap; otherwise later tokens move by the morphemes added.
		shift += max(n, 1) - 1
	}
	return out
}

// SpanGramFilter keeps the Hangul tokens only, cut to their content span
// (contentSpan: the word without its particles and endings), and turns
// each into syllable n-grams: on the index side (query false) every
// bigram and trigram (a one-syllable span stays whole); on the query side
// the trigrams of a span of three syllables or more, else the span whole.
// A query word's trigrams all present is, but for rare coincidences, the
// word itself inside one span: no positions are needed. It is the recall
// fallback of the morphemes: a noun inside a compound the dictionary keeps
// whole (데이터 in 빅데이터) or an institution it splits in another way in
// another context is still found; but a word is never found across the
// boundary of a particle (정부 in 과정부터), as bigrams of whole words were.
type SpanGramFilter struct {
	query bool
}

// Filter implements bleve's analysis.TokenFilter.
func (f SpanGramFilter) Filter(input banalysis.TokenStream) banalysis.TokenStream {
	var out banalysis.TokenStream
	var offs []int
	pos := 1
	for _, tok := range input {
		if !IsHangulType(tok.Type) {
			continue
		}
		start, end, ok := contentSpan(tok.Term)
		if !ok {
			continue
		}
		span := tok.Term[start:end]
		exact := tok.End-tok.Start == len(tok.Term)
		offs = runeOffsets(offs, span)
		n := len(offs) - 1
		emit := func(from, to int) {
			t := &banalysis.Token{Term: span[offs[from]:offs[to]:offs[to]], Start: tok.Start, End: tok.End, Position: pos, Type: TypeHangul}
			if exact {
				t.Start, t.End = tok.Start+start+offs[from], tok.Start+start+offs[to]
			}
			out = append(out, t)
			pos++
		}
		switch {
		case n <= 2 && (f.query || n == 1):
			emit(0, n)
		case f.query:
			for k := 0; k+3 <= n; k++ {
				emit(k, k+3)
			}
		default:
			for k := 0; k+2 <= n; k++ {
				emit(k, k+2)
				if k+3 <= n {
					emit(k, k+3)
				}
			}
		}
	}
	return out
}
