package analysis

import (
	"bytes"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"

	ko "github.com/ikawaha/kagome-dict-ko"
	"github.com/ikawaha/kagome-dict/dict"
	"github.com/ikawaha/kagome/v2/tokenizer"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// Korean morphology. A Hangul word (an eojeol: what sits between two
// spaces) is split into morphemes by kagome with mecab-ko-dic, the
// dictionary Lucene's nori is built on, in its shrunk form (parts of
// speech kept, feature strings dropped: about 73 MB of heap instead of
// 211). The content morphemes are indexed; particles and endings are
// dropped by their part of speech, as nori's stop tags do.
//
// The dictionary loads once per process, the first time a Hangul word is
// analysed (about a second), so a corpus without Korean never pays for it.
// Each word is analysed on its own, which lets its morphemes be cached:
// the words of a corpus repeat.

// morpheme is a content morpheme of a Hangul word: the term to index and
// its byte offsets in the word. part is true for the pieces of a compound
// from the user dictionary, which follow the whole compound and share its
// first position.
type morpheme struct {
	term       string
	start, end int
	part       bool
}

// contentTags are the parts of speech (mecab-ko-dic's tag set) whose
// morphemes are indexed: nouns, numerals, verb and adjective stems, roots,
// foreign words, Chinese characters, numbers and the counters that follow
// numbers (2019년, 제5차). Other dependent nouns (것, 수),
// pronouns, auxiliary verbs, copulas, adverbs, determiners, particles,
// endings and affixes are not: they are the stop words of Korean.
var contentTags = map[string]bool{
	"NNG": true, "NNP": true, "NR": true, "NNBC": true,
	"VV": true, "VA": true, "XR": true,
	"SL": true, "SH": true, "SN": true,
	"UNKNOWN": true,
}

// korean is the process's Korean analyser.
var korean koreanAnalyser

type koreanAnalyser struct {
	once  sync.Once
	ready atomic.Bool
	tok   *tokenizer.Tokenizer
	err   error
	cache morphCache
}

// load builds the tokenizer on first use.
func (k *koreanAnalyser) load() (*tokenizer.Tokenizer, error) {
	k.once.Do(func() {
		var opts []tokenizer.Option
		records, err := dict.NewUserDicRecords(bytes.NewReader(ogp.KoreanTerms()))
		if err == nil {
			var udict *dict.UserDict
			if udict, err = records.NewUserDict(); err == nil {
				opts = append(opts, tokenizer.UserDict(udict))
			}
		}
		if err != nil {
			k.err = err
			return
		}
		k.tok, k.err = tokenizer.New(ko.DictShrink(), append(opts, tokenizer.OmitBosEos())...)
		// Loading leaves behind as much garbage as the dictionary
		// itself: give it back to the system now, once.
		debug.FreeOSMemory()
		k.ready.Store(true)
	})
	return k.tok, k.err
}

// LoadKorean loads the Korean dictionary now, if it is not yet loaded: a
// server whose index has Korean text calls it at start, so that no
// reader's search waits for it.
func LoadKorean() error {
	_, err := korean.load()
	return err
}

// KoreanReady reports whether the Korean dictionary is loaded.
func KoreanReady() bool { return korean.ready.Load() }

// koreanMorphemes returns the content morphemes of a folded Hangul word.
// Should the dictionary fail to load (it is compiled in, so only a broken
// build can), the word is its own single morpheme.
func koreanMorphemes(word []byte) []morpheme {
	if ms, ok := korean.cache.get(word); ok {
		return ms
	}
	t, err := korean.load()
	if err != nil {
		return []morpheme{{term: string(word), end: len(word)}}
	}
	ms := analyseWord(t, string(word))
	korean.cache.put(string(word), ms)
	return ms
}

// analyseWord splits one word into its content morphemes.
func analyseWord(t *tokenizer.Tokenizer, word string) []morpheme {
	// A full stop after the word: analysed as a sentence of its own, a
	// word ending in a particle would be read otherwise (의 at the end of
	// a sentence as a noun, 보고서 as a verb and its ending).
	toks := t.Analyze(word+".", tokenizer.Normal)
	offs := runeOffsets(nil, []byte(word))
	var out []morpheme
	for _, tok := range toks {
		if tok.Start >= len(offs) || tok.End >= len(offs) {
			continue
		}
		start, end := offs[tok.Start], offs[tok.End]
		pos := tok.POS()
		if len(pos) == 0 {
			continue
		}
		tags := strings.Split(pos[0], "+")
		if tok.Class == tokenizer.USER {
			out = append(out, morpheme{term: tok.Surface, start: start, end: end})
			if extra := tok.UserExtra(); extra != nil && len(extra.Tokens) > 1 {
				at := start
				for _, p := range extra.Tokens {
					if !strings.HasPrefix(word[at:], p) {
						break // the parts do not spell the compound
					}
					out = append(out, morpheme{term: p, start: at, end: at + len(p), part: true})
					at += len(p)
				}
			}
			continue
		}
		if !contentTags[tags[0]] {
			continue
		}
		term := tok.Surface
		if len(tags) > 1 && (tags[0] == "VV" || tags[0] == "VA") {
			// The stem fused with its ending (높였 is 높이 + 었): find it.
			term = verbStem(t, term)
		}
		out = append(out, morpheme{term: term, start: start, end: end})
	}
	return out
}

// verbStem recovers the stem of a verb or adjective fused with its ending
// (높였 → 높이, 늘린 → 늘리, 봤 → 보, 됐 → 되). The shrunk dictionary has no
// analysis of such forms, so candidates are made by undoing the usual
// contractions on the last syllable of each prefix, longest first, and the
// first that the dictionary reads as a stem in its dictionary form
// (candidate + 다) is taken. Failing that, the form stays as it is.
func verbStem(t *tokenizer.Tokenizer, form string) string {
	runes := []rune(form)
	for k := len(runes); k > 0; k-- {
		for _, last := range unfuse(runes[k-1]) {
			cand := string(runes[:k-1]) + string(last)
			toks := t.Analyze(cand+"다.", tokenizer.Normal)
			if len(toks) == 0 || toks[0].Surface != cand {
				continue
			}
			if pos := toks[0].POS(); len(pos) > 0 && (pos[0] == "VV" || pos[0] == "VA") {
				return cand
			}
		}
	}
	return form
}

// unfuse returns what a syllable at the end of a fused stem may have been:
// itself, without its final consonant (an ending's ㄴ, ㄹ, ㅁ, ㅂ or the
// past tense's ㅆ), and with the vowel the contraction changed put back
// (여 → 이, 와 → 오, 워 → 우, 왜 → 외, 해 → 하).
func unfuse(syl rune) []rune {
	if syl < syllableBase || syl > syllableEnd {
		return []rune{syl}
	}
	idx := syl - syllableBase
	initial, medial, final := idx/(21*28), idx/28%21, idx%28
	bare := syllableBase + (initial*21+medial)*28
	out := []rune{syl}
	if final != 0 {
		out = append(out, bare)
	}
	if m, ok := contractedVowels[medial]; ok {
		out = append(out, syllableBase+(initial*21+m)*28)
	}
	if medial == 1 && initial == 18 { // 해 → 하
		out = append(out, syllableBase+(initial*21)*28)
	}
	return out
}

// contractedVowels maps the medial (vowel index) a contraction makes to
// the stem's own: ㅕ → ㅣ, ㅘ → ㅗ, ㅝ → ㅜ, ㅙ → ㅚ.
var contractedVowels = map[rune]rune{6: 20, 9: 8, 14: 13, 10: 11}

// Hangul syllable block bounds.
const (
	syllableBase = 0xAC00
	syllableEnd  = 0xD7A3
)

// contentSpan returns the byte range of a Hangul word from its first
// content morpheme to the end of its last: the word without its particles
// and endings (과정부터 → 과정, 국민권익위원회는 → 국민권익위원회). ok is false
// when the word has no content morpheme.
func contentSpan(word []byte) (start, end int, ok bool) {
	ms := koreanMorphemes(word)
	if len(ms) == 0 {
		return 0, 0, false
	}
	start, end = ms[0].start, ms[0].end
	for _, m := range ms[1:] {
		end = max(end, m.end)
	}
	return start, end, true
}

// morphCache keeps the morphemes of the words seen, in shards so that the
// analysis workers of a build rarely wait for each other. A shard that
// fills up is emptied: the words worth keeping come back at once.
type morphCache struct {
	shards [32]morphShard
}

type morphShard struct {
	mu sync.RWMutex
	m  map[string][]morpheme
}

// morphShardSize bounds the words a shard keeps (about 130,000 in all).
const morphShardSize = 4096

func (c *morphCache) shard(word []byte) *morphShard {
	var h uint32 = 2166136261
	for _, b := range word {
		h = (h ^ uint32(b)) * 16777619
	}
	return &c.shards[h%uint32(len(c.shards))]
}

func (c *morphCache) get(word []byte) ([]morpheme, bool) {
	s := c.shard(word)
	s.mu.RLock()
	ms, ok := s.m[string(word)]
	s.mu.RUnlock()
	return ms, ok
}

func (c *morphCache) put(word string, ms []morpheme) {
	s := c.shard([]byte(word))
	s.mu.Lock()
	if s.m == nil || len(s.m) >= morphShardSize {
		s.m = make(map[string][]morpheme, 256)
	}
	s.m[word] = ms
	s.mu.Unlock()
}
