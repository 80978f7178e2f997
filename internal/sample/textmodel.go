package sample

import (
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A chain is a word model of one kind of text (prose or titles) in one
// language, learnt from the sample site: its words as written (Korean
// words keep their particles, French ones their elided articles and
// accents), ranked by frequency, and which word follows which.
//
// Text is drawn word by word: most words continue the previous one as the
// sample does (so "open data" and "l'accès à l'information" recur as
// phrases); the others are drawn by rank from a Zipf–Mandelbrot law over
// maxRank ranks. Ranks beyond the sample's words are rare words made of
// the first half of one sample word and the second half of another
// ("transpa" + "rency", "예산" + "자를"), which gives the long tail of
// distinct words a large corpus has.
type chain struct {
	words  []string
	mid    []int     // byte offset of each word's middle rune boundary
	next   [][]int32 // successors of each word as met; end marks a sentence end
	starts []int32   // first words of sentences
	long   []int32   // words of 4+ runes, the parts of rare words
	latin  bool      // capitalise the first word of a sentence
}

const (
	end = -1
	// maxRank is the number of word ranks of the Zipf law per language.
	maxRank = 150000
	// zipfS and zipfV are the Zipf–Mandelbrot exponent and offset.
	zipfS, zipfV = 1.1, 2.7
	// follow is the probability that a word continues the previous one as
	// the sample does.
	follow = 0.6
	// stopAfterZipf is the probability of ending a sentence after a word
	// drawn by rank.
	stopAfterZipf = 0.04
)

// newChain learns a chain from texts, each a list of sentences.
func newChain(sentences [][]string, latin bool) *chain {
	count := map[string]int{}
	for _, s := range sentences {
		for _, w := range s {
			count[w]++
		}
	}
	c := &chain{latin: latin}
	for w := range count {
		c.words = append(c.words, w)
	}
	sort.Slice(c.words, func(i, j int) bool {
		a, b := c.words[i], c.words[j]
		if count[a] != count[b] {
			return count[a] > count[b]
		}
		return a < b
	})
	rank := make(map[string]int32, len(c.words))
	c.next = make([][]int32, len(c.words))
	c.mid = make([]int, len(c.words))
	for i, w := range c.words {
		rank[w] = int32(i)
		n := utf8.RuneCountInString(w)
		c.mid[i] = runeOffset(w, n/2)
		if n >= 4 && isWordy(w) {
			c.long = append(c.long, int32(i))
		}
	}
	for _, s := range sentences {
		if len(s) == 0 {
			continue
		}
		c.starts = append(c.starts, rank[s[0]])
		for i, w := range s {
			nx := int32(end)
			if i+1 < len(s) {
				nx = rank[s[i+1]]
			}
			c.next[rank[w]] = append(c.next[rank[w]], nx)
		}
	}
	return c
}

// runeOffset is the byte offset of the n-th rune of s.
func runeOffset(s string, n int) int {
	for i := range s {
		if n == 0 {
			return i
		}
		n--
	}
	return len(s)
}

// isWordy reports whether w is made of letters only, a fit part for rare words.
func isWordy(w string) bool {
	for _, r := range w {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// writer draws text from chains with one random source.
type writer struct {
	rng  *rand.Rand
	zipf *rand.Zipf
	sb   strings.Builder
}

func newWriter(rng *rand.Rand) *writer {
	return &writer{rng: rng, zipf: rand.NewZipf(rng, zipfS, zipfV, maxRank-1)}
}

// parts returns the word of rank r in two parts: a sample word and "", or
// a rare word made of two sample words' halves, chosen by hashing r.
func (c *chain) parts(r int) (string, string) {
	if r < len(c.words) {
		return c.words[r], ""
	}
	h := mix(uint64(r))
	a, b := c.long[h%uint64(len(c.long))], c.long[(h>>32)%uint64(len(c.long))]
	return c.words[a][:c.mid[a]], c.words[b][c.mid[b]:]
}

// word writes the word of rank r, its first letter upper-cased if upper.
func (w *writer) word(c *chain, r int, upper bool) {
	a, b := c.parts(r)
	if upper {
		if first, size := utf8.DecodeRuneInString(a); unicode.IsLower(first) {
			w.sb.WriteRune(unicode.ToUpper(first))
			a = a[size:]
		}
	}
	w.sb.WriteString(a)
	w.sb.WriteString(b)
}

// mix is splitmix64's finaliser: a fixed, well-spread hash of x.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// sentence writes one sentence of between minWords and maxWords words; a
// sentence of prose ends with a full stop.
func (w *writer) sentence(c *chain, minWords, maxWords int, stop bool) {
	prev := -1
	for n := 0; n < maxWords; n++ {
		cur := w.pick(c, prev, n >= minWords)
		if cur == end {
			break
		}
		if n > 0 {
			w.sb.WriteByte(' ')
		}
		w.word(c, cur, n == 0 && c.latin)
		prev = cur
		if cur >= len(c.words) && n >= minWords && w.rng.Float64() < stopAfterZipf {
			break
		}
	}
	if stop {
		w.sb.WriteByte('.')
	}
}

// pick chooses the word after prev (-1 at the start of a sentence), or
// end when the sentence may and does end there.
func (w *writer) pick(c *chain, prev int, mayEnd bool) int {
	if w.rng.Float64() < follow {
		if prev < 0 {
			return int(c.starts[w.rng.IntN(len(c.starts))])
		}
		if prev < len(c.words) && len(c.next[prev]) > 0 {
			nx := int(c.next[prev][w.rng.IntN(len(c.next[prev]))])
			if nx != end || mayEnd {
				return nx
			}
		}
	}
	return int(w.zipf.Uint64())
}

// paragraphs writes prose of about target bytes, sentence by sentence, in
// paragraphs of two to four sentences separated by blank lines as in the
// corpus.
func (w *writer) paragraphs(c *chain, target int) string {
	w.sb.Reset()
	w.sb.Grow(target + 256)
	left := 0
	for w.sb.Len() < target {
		switch {
		case left == 0 && w.sb.Len() > 0:
			w.sb.WriteString("\n\n")
			left = 2 + w.rng.IntN(3)
		case left == 0:
			left = 2 + w.rng.IntN(3)
		default:
			w.sb.WriteByte(' ')
		}
		w.sentence(c, 5, 45, true)
		left--
	}
	return w.sb.String()
}

// title writes a title of minWords to maxWords words, without a full stop.
func (w *writer) title(c *chain, minWords, maxWords int) string {
	w.sb.Reset()
	w.sentence(c, minWords, maxWords, false)
	return w.sb.String()
}

// lognormal draws exp(sigma·N(0,1)), the spread of text lengths.
func (w *writer) lognormal(sigma float64) float64 {
	return math.Exp(sigma * w.rng.NormFloat64())
}

// sentences splits prose paragraphs into sentences of words as written,
// the full stop that ends a sentence removed.
func sentences(paras []string) [][]string {
	var out [][]string
	for _, p := range paras {
		for _, s := range splitSentences(p) {
			if ws := strings.Fields(s); len(ws) > 0 {
				out = append(out, ws)
			}
		}
	}
	return out
}

// splitSentences cuts a paragraph after each '.', '!' or '?' followed by a
// space or the end of the paragraph, and drops that mark.
func splitSentences(p string) []string {
	var out []string
	start := 0
	for i := 0; i < len(p); i++ {
		switch p[i] {
		case '.', '!', '?':
			if i+1 == len(p) || p[i+1] == ' ' || p[i+1] == '\n' {
				out = append(out, p[start:i])
				start = i + 1
			}
		}
	}
	if rest := strings.TrimSpace(p[start:]); rest != "" {
		out = append(out, rest)
	}
	return out
}
