package ogp

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
)

// Vocabulary names, as in vocab.json.
const (
	VocabPolicyArea      = "policy_area"
	VocabStatus          = "status"
	VocabYesNo           = "yes_no"
	VocabCompletion      = "completion"
	VocabEarlyResults    = "early_results"
	VocabPotentialImpact = "potential_impact"
	VocabOGPValue        = "ogp_value"
	VocabMember          = "member"
	// VocabChangeKind and VocabChangedField label what the history of a
	// commitment records: the kind of a change (new, changed, …) and the
	// fields that changed (status, completion, …).
	VocabChangeKind   = "change_kind"
	VocabChangedField = "changed_field"
)

//go:embed vocab.json
var vocabJSON []byte

// Entry is one concept of a vocabulary: its canonical key and the labels it
// is shown with, per language. The first label of a language is the one used
// for display; the others are variants met on translated pages.
type Entry struct {
	Key    string              `json:"key"`
	Labels map[string][]string `json:"labels"`
}

// Vocabulary maps labels in any language to canonical keys and back.
type Vocabulary struct {
	Name    string
	Entries []Entry
	byFold  map[string]string // FoldKey(label) → key
	byKey   map[string]*Entry
	memo    sync.Map     // label as met on a page → Term, for repeated lookups
	memoLen atomic.Int64 // entries in memo, bounded by maxMemo
}

// maxMemo bounds the lookups a vocabulary remembers, so hostile pages with
// endless label variants cannot grow memory.
const maxMemo = 10000

// NewVocabulary indexes entries. Two entries claiming the same folded label
// is an error: the vocabulary would be ambiguous.
func NewVocabulary(name string, entries []Entry) (*Vocabulary, error) {
	v := &Vocabulary{Name: name, Entries: entries, byFold: map[string]string{}, byKey: map[string]*Entry{}}
	for i := range entries {
		e := &entries[i]
		if e.Key == "" {
			return nil, fmt.Errorf("vocabulary %s: entry %d has no key", name, i)
		}
		v.byKey[e.Key] = e
		for _, labels := range e.Labels {
			for _, l := range labels {
				f := FoldKey(l)
				if prev, ok := v.byFold[f]; ok && prev != e.Key {
					return nil, fmt.Errorf("vocabulary %s: label %q belongs to both %s and %s", name, l, prev, e.Key)
				}
				v.byFold[f] = e.Key
			}
		}
	}
	return v, nil
}

// leadingArticles are stripped when a label is not found as it stands
// ("la participation citoyenne" → "participation citoyenne").
var leadingArticles = []string{"la ", "le ", "les ", "l'", "el ", "los ", "las ", "the "}

// Term returns the term for a label as shown on a page. An empty label gives
// the empty term; a label with no known key keeps its text and gets its slug
// as key, so nothing is dropped.
func (v *Vocabulary) Term(label string) Term {
	if t, ok := v.memo.Load(label); ok {
		return t.(Term)
	}
	t := v.term(label)
	if v.memoLen.Add(1) <= maxMemo {
		v.memo.Store(label, t)
	}
	return t
}

func (v *Vocabulary) term(label string) Term {
	label = CollapseSpace(label)
	if label == "" {
		return Term{}
	}
	if key, ok := v.Lookup(label); ok {
		return Term{Label: label, Key: key}
	}
	return Term{Label: label, Key: Slug(label)}
}

// Lookup finds the canonical key of a label, if the vocabulary knows it.
func (v *Vocabulary) Lookup(label string) (string, bool) {
	if key, ok := v.byFold[FoldKey(label)]; ok {
		return key, true
	}
	lower := strings.ToLower(UnifyApostrophes(CollapseSpace(label)))
	for _, a := range leadingArticles {
		if rest, ok := strings.CutPrefix(lower, a); ok {
			if key, ok := v.byFold[FoldKey(rest)]; ok {
				return key, true
			}
		}
	}
	return "", false
}

// Label returns the display label of key in lang, falling back to English,
// then to the key itself.
func (v *Vocabulary) Label(key, lang string) string {
	e, ok := v.byKey[key]
	if !ok {
		return key
	}
	if l := e.Labels[lang]; len(l) > 0 {
		return l[0]
	}
	if l := e.Labels["en"]; len(l) > 0 {
		return l[0]
	}
	return key
}

// Known reports whether key is a canonical key of the vocabulary.
func (v *Vocabulary) Known(key string) bool { _, ok := v.byKey[key]; return ok }

var (
	vocabOnce sync.Once
	vocabs    map[string]*Vocabulary
	vocabErr  error
)

// Vocab returns the built-in vocabulary called name. It panics on an unknown
// name, which is a programming error; vocab.json is checked by the tests.
func Vocab(name string) *Vocabulary {
	vocabOnce.Do(func() { vocabs, vocabErr = ParseVocabularies(vocabJSON) })
	if vocabErr != nil {
		panic(vocabErr)
	}
	v, ok := vocabs[name]
	if !ok {
		panic("internal: unknown vocabulary " + name)
	}
	return v
}

// ParseVocabularies reads vocabularies in the format of vocab.json.
func ParseVocabularies(data []byte) (map[string]*Vocabulary, error) {
	var raw map[string][]Entry
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("parse vocabularies: %w", err)
	}
	out := make(map[string]*Vocabulary, len(raw))
	for name, entries := range raw {
		v, err := NewVocabulary(name, entries)
		if err != nil {
			return nil, err
		}
		out[name] = v
	}
	return out, nil
}
