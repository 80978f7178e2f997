package search

import (
	"bytes"
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// Suggestions complete what a reader is typing, from titles (per
// language), commitment IDs and facet labels. They are built in memory
// once per index version: every entry has keys, its search form from each
// word on (folded, Hangul spelt in keystroke jamo), in sorted slices, so
// a keystroke costs a binary search and a short scan whatever the corpus.
// Korean entries also have initial-consonant keys (공공 데이터 → ㄱㄱ ㄷㅇㅌ).

// maxKeyWords bounds the word starts of one entry that get a key.
const maxKeyWords = 12

// suggestEntry is one thing that can be suggested, as newSuggester is
// given it.
type suggestEntry struct {
	text, kind, id, key, lang string
	variants                  []string // other texts it is found by (label variants)
}

// entry is a suggestEntry as the suggester keeps it, compactly: ref is
// the commitment ID of a title or an ID, the facet key of a label; kind
// and lang are indexes in the suggester's names.
type entry struct {
	text, ref  string
	kind, lang uint32
}

// keyRef is a key of an entry: its search form from one word on, at off
// in its set's text, up to the next NUL.
type keyRef struct {
	off   uint32
	entry int32
}

// keyText holds the keys of one or more key sets: each entry's search
// form from its first word, ended by a NUL (keys are letters, digits and
// spaces). Keys from a later word are suffixes of those, so they take no
// room of their own.
type keyText struct{ b []byte }

// keySet is a sorted slice of keys.
type keySet struct {
	text *keyText
	refs []keyRef
}

func (ks keySet) key(i int) []byte { return ks.text.key(ks.refs[i].off) }

func (ks *keySet) sort() {
	slices.SortFunc(ks.refs, func(a, b keyRef) int {
		return bytes.Compare(ks.text.key(a.off), ks.text.key(b.off))
	})
}

func (t *keyText) key(off uint32) []byte {
	k := t.b[off:]
	return k[:bytes.IndexByte(k, 0)]
}

// langKeys are the keys of one language's entries: from the text's first
// word (start) and from later words (inner), in jamo and in chosung form.
type langKeys struct {
	start, inner, chosungStart, chosungInner keySet
}

func newLangKeys() *langKeys {
	jamo, chosung := &keyText{}, &keyText{}
	return &langKeys{
		start: keySet{text: jamo}, inner: keySet{text: jamo},
		chosungStart: keySet{text: chosung}, chosungInner: keySet{text: chosung},
	}
}

// suggester is the suggestion data of one index version. It is read-only
// once built.
type suggester struct {
	entries []entry
	names   []string // of kinds and languages
	ids     keySet
	langs   map[string]*langKeys
}

// newSuggester indexes entries. IDs go to a language-neutral set, the
// others to their language's.
func newSuggester(entries []suggestEntry) *suggester {
	s := &suggester{entries: make([]entry, len(entries)), ids: keySet{text: &keyText{}}, langs: map[string]*langKeys{}}
	names := map[string]uint32{}
	for i, e := range entries {
		ref := e.id
		if e.key != "" {
			ref = e.key
		}
		s.entries[i] = entry{text: e.text, ref: ref, kind: s.name(e.kind, names), lang: s.name(e.lang, names)}
		if e.kind == kindID {
			s.ids.add(idKey(e.text), int32(i))
			continue
		}
		lk := s.langs[e.lang]
		if lk == nil {
			lk = newLangKeys()
			s.langs[e.lang] = lk
		}
		lk.add(e.text, int32(i))
		for _, text := range e.variants {
			lk.add(text, int32(i))
		}
	}
	sets := []*keySet{&s.ids}
	for _, lk := range s.langs {
		sets = append(sets, &lk.start, &lk.inner, &lk.chosungStart, &lk.chosungInner)
	}
	for _, ks := range sets {
		ks.text.b = slices.Clip(ks.text.b)
		ks.refs = slices.Clip(ks.refs)
		ks.sort()
	}
	return s
}

// name returns the index of name in s.names, adding it when new.
func (s *suggester) name(name string, seen map[string]uint32) uint32 {
	i, ok := seen[name]
	if !ok {
		i = uint32(len(s.names))
		seen[name] = i
		s.names = append(s.names, name)
	}
	return i
}

// add gives entry i the key k.
func (ks *keySet) add(k string, i int32) {
	ks.refs = append(ks.refs, keyRef{uint32(len(ks.text.b)), i})
	ks.text.b = append(append(ks.text.b, k...), 0)
}

// add gives entry i the keys of text.
func (lk *langKeys) add(text string, i int32) {
	words := searchWords(text)
	addKeys(&lk.start, &lk.inner, words, jamoKeys, i)
	if hasHangul(text) {
		addKeys(&lk.chosungStart, &lk.chosungInner, words, chosung, i)
	}
}

// addKeys adds the keys of words, each word spelt by spell: the whole
// text to start, the text from each later word to inner (start and inner
// share their text).
func addKeys(start, inner *keySet, words []string, spell func(string) string, i int32) {
	if len(words) == 0 {
		return
	}
	off := uint32(len(start.text.b))
	for j, w := range words {
		if j > 0 {
			start.text.b = append(start.text.b, ' ')
			if j < maxKeyWords {
				inner.refs = append(inner.refs, keyRef{uint32(len(start.text.b)), i})
			}
		}
		start.text.b = append(start.text.b, spell(w)...)
	}
	start.text.b = append(start.text.b, 0)
	start.refs = append(start.refs, keyRef{off, i})
}

// searchWords are the words of a text in search form: normalised, folded
// (case, accents, width), cut at anything that is not a letter or digit.
func searchWords(text string) []string {
	folded := ogp.FoldToken(ogp.NormalizeText(text))
	return strings.FieldsFunc(folded, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r)
	})
}

// idKey is the search form of an ID or of an ID being typed: letters and
// digits only, lower case (KR 00 → kr00).
func idKey(s string) string {
	return strings.Join(searchWords(s), "")
}

// suggest returns at most limit entries matching q in reader's language
// lang first: IDs, then entries whose text starts with q, then entries
// with a later word starting with q, then initial-consonant matches. A q
// that matches nothing as typed but spells Korean on the 2-beolsik layout
// (rhdrhd) is read as the Hangul it spells (공공), and what that matches
// is returned with the reading.
func (s *suggester) suggest(q, lang string, limit int) []ogp.Suggestion {
	out := s.complete(q, lang, limit)
	if len(out) > 0 {
		return out
	}
	hangul, ok := dubeolsik(q)
	if !ok {
		return out
	}
	out = s.complete(hangul, lang, limit)
	for i := range out {
		out[i].Hangul = strings.TrimSpace(hangul)
	}
	return out
}

// complete returns the suggestions of q as typed, in suggest's order.
func (s *suggester) complete(q, lang string, limit int) []ogp.Suggestion {
	words := searchWords(q)
	if len(words) == 0 {
		return []ogp.Suggestion{}
	}
	spelt := make([]string, len(words))
	for i, w := range words {
		spelt[i] = jamoKeys(w)
	}
	key := strings.Join(spelt, " ")
	if r, _ := utf8.DecodeLastRuneInString(q); unicode.IsSpace(r) {
		key += " " // a finished word: complete the next one
	}
	c := &gatherer{s: s, lang: lang, limit: limit, seen: map[int32]bool{}, values: map[string]int{}}
	if id := idKey(q); len(words) <= 2 && len(id) >= 2 {
		c.scan(s.ids, id)
	}
	langs := readerFirst(lang)
	for _, pick := range []func(*langKeys) keySet{
		func(lk *langKeys) keySet { return lk.start },
		func(lk *langKeys) keySet { return lk.inner },
	} {
		for _, l := range langs {
			if lk := s.langs[l]; lk != nil {
				c.scan(pick(lk), key)
			}
		}
	}
	if isChosungQuery(key) {
		for _, l := range langs {
			if lk := s.langs[l]; lk != nil {
				c.scan(lk.chosungStart, key)
				c.scan(lk.chosungInner, key)
			}
		}
	}
	return c.out
}

// readerFirst lists the site languages, the reader's first.
func readerFirst(lang string) []string {
	out := []string{lang}
	for _, l := range ogp.Languages() {
		if l != lang {
			out = append(out, l)
		}
	}
	return out
}

// gatherer gathers suggestions in rank order, each entry once and each
// facet value once, at most limit.
type gatherer struct {
	s      *suggester
	lang   string // the reader's
	limit  int
	seen   map[int32]bool
	values map[string]int // kind and key of a facet value → its place in out
	out    []ogp.Suggestion
}

// scan adds the entries of ks whose key starts with prefix: it looks at a
// bounded number of keys, ranks what it found (labels and IDs before
// titles, shorter texts first) and keeps what fits under the limit.
func (c *gatherer) scan(ks keySet, prefix string) {
	if len(c.out) >= c.limit {
		return
	}
	p := []byte(prefix)
	i, _ := slices.BinarySearchFunc(ks.refs, p, func(k keyRef, p []byte) int { return bytes.Compare(ks.text.key(k.off), p) })
	var found []int32
	for ; i < len(ks.refs) && len(found) < 4*c.limit && bytes.HasPrefix(ks.key(i), p); i++ {
		if e := ks.refs[i].entry; !c.seen[e] && !slices.Contains(found, e) {
			found = append(found, e)
		}
	}
	slices.SortStableFunc(found, func(a, b int32) int {
		ea, eb := c.s.entries[a], c.s.entries[b]
		return cmp.Or(cmp.Compare(kindRank(c.s.names[ea.kind]), kindRank(c.s.names[eb.kind])), cmp.Compare(len(ea.text), len(eb.text)))
	})
	for _, e := range found {
		if len(c.out) >= c.limit {
			return
		}
		c.seen[e] = true
		c.add(c.s.suggestion(c.s.entries[e]))
	}
}

// add appends sg, unless it is a facet value already suggested by its
// label in another language (Kenya in English and French, Kenia in
// Spanish): a value is suggested once, by the reader's label when that
// label matches too, in the place of the first label that matched.
func (c *gatherer) add(sg ogp.Suggestion) {
	if sg.Key == "" {
		c.out = append(c.out, sg)
		return
	}
	value := sg.Kind + "\x00" + sg.Key
	if i, ok := c.values[value]; ok {
		if sg.Lang == c.lang && c.out[i].Lang != c.lang {
			c.out[i] = sg
		}
		return
	}
	c.values[value] = len(c.out)
	c.out = append(c.out, sg)
}

func kindRank(kind string) int {
	switch kind {
	case kindID:
		return 0
	case kindTitle:
		return 2
	}
	return 1
}

func (s *suggester) suggestion(e entry) ogp.Suggestion {
	out := ogp.Suggestion{Text: e.text, Kind: s.names[e.kind], Lang: s.names[e.lang]}
	if out.Kind == kindTitle || out.Kind == kindID {
		out.ID = e.ref
	} else {
		out.Key = e.ref
	}
	return out
}
