package analysis

import (
	banalysis "github.com/blevesearch/bleve/v2/analysis"
)

// IDFilter makes one token of an OGP commitment ID: two to four ASCII
// letters and four ASCII digits, written together (KR0018) or as two
// tokens one byte apart (KR 0018, and so KR-0018 and KR/0018 too). It
// runs after FoldFilter, on tokens of Tokenizer, so the ID comes out as
// kr0018 whatever its case or width.
//
// On the query side (query true) the ID is that one token, so "KR 0018"
// looks up kr0018 and nothing else. On the index side the parts are kept
// as well, at the same position (kr0018, kr, 0018), so that text such as
// "in 2019" can still be found by 2019, and a query analyzed by the index
// analyzer by mistake still matches. An ID takes one position either way,
// so phrases line up.
//
// IDs are exact tokens: never run a fuzzy query for an ID, since kr0019
// is one edit from kr0018.
type IDFilter struct {
	query bool
}

// NewIDFilter returns an IDFilter for the query side when query is true,
// else for the index side.
func NewIDFilter(query bool) *IDFilter { return &IDFilter{query: query} }

// Filter implements bleve's analysis.TokenFilter.
func (f *IDFilter) Filter(input banalysis.TokenStream) banalysis.TokenStream {
	out := make(banalysis.TokenStream, 0, len(input)+4)
	var buf []byte
	shift := 0
	for i := 0; i < len(input); i++ {
		tok := input[i]
		tok.Position -= shift
		if letters := idLetters(tok.Term); letters > 0 && len(tok.Term) == letters+4 &&
			isASCIIDigits(tok.Term[letters:]) {
			if f.query {
				out = append(out, tok)
				continue
			}
			out = append(out, tok,
				idPart(tok, 0, letters, banalysis.AlphaNumeric),
				idPart(tok, letters, len(tok.Term), banalysis.Numeric))
			continue
		}
		if i+1 < len(input) && idLetters(tok.Term) == len(tok.Term) && len(tok.Term) > 0 {
			next := input[i+1]
			if len(next.Term) == 4 && isASCIIDigits(next.Term) &&
				next.Start-tok.End == 1 && next.Position == tok.Position+shift+1 {
				from := len(buf)
				buf = append(append(buf, tok.Term...), next.Term...)
				joined := &banalysis.Token{
					Term: buf[from:len(buf):len(buf)], Start: tok.Start, End: next.End,
					Position: tok.Position, Type: banalysis.AlphaNumeric,
				}
				out = append(out, joined)
				if !f.query {
					next.Position = tok.Position
					out = append(out, tok, next)
				}
				shift++
				i++
				continue
			}
		}
		out = append(out, tok)
	}
	return out
}

// idLetters returns n when term starts with n ASCII letters, 2 <= n <= 4,
// and not with a fifth; else 0.
func idLetters(term []byte) int {
	n := 0
	for n < len(term) && n <= 4 && isASCIILetter(term[n]) {
		n++
	}
	if n < 2 || n > 4 {
		return 0
	}
	return n
}

// idPart returns a new token for term[from:to] of tok.
func idPart(tok *banalysis.Token, from, to int, typ banalysis.TokenType) *banalysis.Token {
	part := &banalysis.Token{
		Term: tok.Term[from:to:to], Position: tok.Position, Type: typ,
		Start: tok.Start, End: tok.End,
	}
	if tok.End-tok.Start == len(tok.Term) {
		part.Start, part.End = tok.Start+from, tok.Start+to
	}
	return part
}
