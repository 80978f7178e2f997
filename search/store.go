// Package search answers queries over the commitments and serves the HTTP
// API and the web page.
package search

import (
	"sort"
	"strings"

	"github.com/ogpsearch/ogpsearch/internal"
)

// Store holds the commitments in memory, every language of one commitment
// together. It is read-only once built, so handlers share it freely.
type Store struct {
	byID map[string]map[string]internal.Commitment // id → lang → page
	ids  []string
}

// NewStore groups records by commitment ID. A later record for the same ID
// and language replaces an earlier one.
func NewStore(recs []internal.Commitment) *Store {
	s := &Store{byID: map[string]map[string]internal.Commitment{}}
	for _, r := range recs {
		id := strings.ToUpper(r.ID)
		if s.byID[id] == nil {
			s.byID[id] = map[string]internal.Commitment{}
			s.ids = append(s.ids, id)
		}
		s.byID[id][r.Lang] = r
	}
	sort.Strings(s.ids)
	return s
}

// Len is the number of commitments (not pages).
func (s *Store) Len() int { return len(s.ids) }

// IDs lists the commitment IDs in order.
func (s *Store) IDs() []string { return s.ids }

// Languages lists the languages a commitment exists in, English first.
func (s *Store) Languages(id string) []string {
	pages := s.byID[strings.ToUpper(id)]
	var out []string
	for _, l := range internal.Languages {
		if _, ok := pages[l]; ok {
			out = append(out, l)
		}
	}
	var rest []string
	for l := range pages {
		if !contains(internal.Languages, l) {
			rest = append(rest, l)
		}
	}
	sort.Strings(rest)
	return append(out, rest...)
}

// Get returns a commitment in the reader's language when that translation
// exists, else in English, else in its first language.
func (s *Store) Get(id, lang string) (internal.Commitment, bool) {
	pages, ok := s.byID[strings.ToUpper(id)]
	if !ok {
		return internal.Commitment{}, false
	}
	for _, l := range []string{lang, "en"} {
		if c, ok := pages[l]; ok {
			return c, true
		}
	}
	return pages[s.Languages(id)[0]], true
}

// Pages returns every language version of a commitment.
func (s *Store) Pages(id string) map[string]internal.Commitment {
	return s.byID[strings.ToUpper(id)]
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
