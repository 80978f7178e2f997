package ogp

import _ "embed"

// koreanTerms is the user dictionary of the Korean analyser: OGP terms and
// the names of Korean institutions, which the general dictionary splits in
// the wrong places (행정안전부 as 행정 + 안 + 전부) or not at all. One entry
// a line, in kagome's user dictionary format:
//
//	word,piece piece …,piece piece …,part of speech
//
// The word is kept whole and its pieces are found too (행정안전부 and
// 행정, 안전, 부). The second and third columns are the same here (the
// third is a reading, which Korean does not need). Lines starting with #
// are comments. The entries come from the Korean labels of vocab.json and
// the lead and supporting institutions of Korean commitments; add a name
// when a crawl brings a new one.
//
//go:embed korean-terms.csv
var koreanTerms []byte

// KoreanTerms returns the user dictionary of the Korean analyser.
func KoreanTerms() []byte { return koreanTerms }
