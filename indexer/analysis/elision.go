package analysis

import (
	"unicode/utf8"

	banalysis "github.com/blevesearch/bleve/v2/analysis"
)

// ElisionFilter removes a French elided article or pronoun from the front
// of a token: l', m', t', qu', n', s', j', d', c', jusqu', quoiqu',
// lorsqu', puisqu' (the list of bleve's articles_fr and Lucene), in any
// case and with any apostrophe (' ’ ‘ ʼ ＇ ′ ` ´), since query text may not
// have been through ogp.NormalizeText. It runs before folding, on
// the original bytes, and moves the token's Start past the article so a
// highlight covers "engagement", not "l'engagement".
type ElisionFilter struct{}

// NewElisionFilter returns an ElisionFilter.
func NewElisionFilter() *ElisionFilter { return &ElisionFilter{} }

// Filter implements bleve's analysis.TokenFilter.
func (f *ElisionFilter) Filter(input banalysis.TokenStream) banalysis.TokenStream {
	for _, tok := range input {
		if IsHangulType(tok.Type) {
			continue
		}
		cut := elisionCut(tok.Term)
		if cut == 0 {
			continue
		}
		if tok.End-tok.Start == len(tok.Term) {
			tok.Start += cut
		}
		tok.Term = tok.Term[cut:]
	}
	return input
}

// elisionCut returns how many leading bytes of term are an elided article
// and its apostrophe, or 0. Articles are at most 7 letters long, so only
// the first 8 bytes are looked at for the apostrophe.
func elisionCut(term []byte) int {
	limit := min(len(term), 8)
	for i := 1; i < limit; i++ {
		c := term[i]
		if c < utf8.RuneSelf {
			if c == '\'' || c == '`' {
				return cutAfter(term, i, 1)
			}
			if !isASCIILetter(c) {
				return 0
			}
			continue
		}
		r, size := utf8.DecodeRune(term[i:])
		switch r {
		case '’', '‘', 'ʼ', '＇', '′', '´':
			return cutAfter(term, i, size)
		}
		return 0
	}
	return 0
}

// cutAfter returns i+size when term[:i] is an elided article and
// something follows the apostrophe, else 0.
func cutAfter(term []byte, i, size int) int {
	if i+size >= len(term) || !isArticle(term[:i]) {
		return 0
	}
	return i + size
}

// isArticle reports whether p, ASCII letters in any case, is one of the
// French elided words.
func isArticle(p []byte) bool {
	var low [8]byte
	if len(p) > len(low) {
		return false
	}
	for i, c := range p {
		low[i] = c | 0x20
	}
	switch string(low[:len(p)]) {
	case "l", "m", "t", "n", "s", "j", "d", "c", "qu",
		"jusqu", "quoiqu", "lorsqu", "puisqu":
		return true
	}
	return false
}

// isASCIILetter reports whether c is an ASCII letter.
func isASCIILetter(c byte) bool {
	c |= 0x20
	return 'a' <= c && c <= 'z'
}
