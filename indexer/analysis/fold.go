package analysis

import (
	"unicode/utf8"

	banalysis "github.com/blevesearch/bleve/v2/analysis"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// FoldFilter gives every token its search form, ogp.FoldToken: lower
// case, accents removed, ligatures and full-width forms unified (œ → oe,
// ＯＧＰ → ogp), apostrophes unified. Tokens that fold to nothing (a lone
// combining mark) are dropped. Start, End and Position are kept.
//
// Calling FoldToken costs several allocations, so common terms take a
// shortcut that gives exactly its result (the tests and the fuzz test
// check it): already-folded terms (lower-case ASCII, Hangul syllables)
// are left as they are; ASCII capitals are lowered; and a Latin letter
// from U+0080 to U+024F is replaced by its fold from a table filled by
// calling FoldToken on each of them once, when the filter is built. Only
// letters whose fold is ASCII are in the table: NFKD decomposes each of
// them on its own and NFC cannot recombine ASCII, so folding a term letter
// by letter is the same as folding it whole. Folded terms are written to
// one buffer per stream, never into the text the tokens point to.
type FoldFilter struct {
	latin [latinTableEnd - latinTableStart]string
}

// The runes the shortcut table covers: Latin-1 Supplement and Latin
// Extended-A and -B.
const (
	latinTableStart = 0x80
	latinTableEnd   = 0x250
)

// NewFoldFilter returns a FoldFilter.
func NewFoldFilter() *FoldFilter {
	f := &FoldFilter{}
	for r := rune(latinTableStart); r < latinTableEnd; r++ {
		folded := ogp.FoldToken(string(r))
		if folded != "" && isASCII(folded) {
			f.latin[r-latinTableStart] = folded
		}
	}
	return f
}

// Filter implements bleve's analysis.TokenFilter.
func (f *FoldFilter) Filter(input banalysis.TokenStream) banalysis.TokenStream {
	var buf []byte
	j := 0
	for _, tok := range input {
		if folded, same := f.fold(&buf, tok.Term); !same {
			tok.Term = folded
		}
		if len(tok.Term) == 0 {
			continue
		}
		input[j] = tok
		j++
	}
	return input[:j]
}

// fold returns (nil, true) when term is its own folded form, else the
// folded form, appended to *buf and capped so that appending to it cannot
// overwrite the next term.
func (f *FoldFilter) fold(buf *[]byte, term []byte) ([]byte, bool) {
	if *buf == nil {
		*buf = make([]byte, 0, 1024)
	}
	start := len(*buf)
	out, same := f.appendFolded(*buf, term)
	if same {
		*buf = out[:start]
		return nil, true
	}
	*buf = out
	return out[start:len(out):len(out)], false
}

// appendFolded appends the fold of term to dst. same reports that the fold
// is term itself.
func (f *FoldFilter) appendFolded(dst, term []byte) (out []byte, same bool) {
	start := len(dst)
	same = true
	for i := 0; i < len(term); {
		c := term[i]
		if c < utf8.RuneSelf {
			switch {
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
				same = false
			case c == '`':
				c = '\''
				same = false
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, size := utf8.DecodeRune(term[i:])
		switch {
		case isSyllable(r):
			dst = append(dst, term[i:i+size]...)
		case r < latinTableEnd && f.latin[r-latinTableStart] != "":
			dst = append(dst, f.latin[r-latinTableStart]...)
			same = false
		default:
			return append(dst[:start], ogp.FoldToken(string(term))...), false
		}
		i += size
	}
	return dst, same
}

// isASCII reports whether s is all ASCII.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
