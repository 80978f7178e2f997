package ogp

import (
	"strings"
	"time"
)

// SearchRequest is one search, as the API, the command line and the page
// ask it. Filters hold canonical keys; several values of one filter are
// alternatives (OR), different filters all apply (AND).
type SearchRequest struct {
	Query    string              // what the reader typed
	Lang     string              // the reader's language: hits show that translation when it exists
	Filters  map[string][]string // policy_area, status, member, language, starred, completion, change, changed_field → keys
	Year     int                 // exact action plan cycle; 0 = any
	YearFrom int                 // range start; 0 = open
	YearTo   int                 // range end; 0 = open
	Page     int                 // 1-based
	Size     int                 // hits per page, 1–100
	Sort     string              // relevance (default), year, -year, id
	After    string              // cursor from a previous answer's Next: walk all results without paging cost
	Facets   bool                // count facets (the full request); false for the keystroke request
	Snippets bool                // cut highlighted snippets
	// Prefix is PrefixLast for search-as-you-type: the last word of the
	// query is also a prefix of the words it finds (ope → open), unless
	// the query ends with a space or that word is a quoted phrase, an ID
	// or a field. Empty: whole words only.
	Prefix string
	// ChangedSince keeps the commitments the site changed at or after
	// this time (RFC 3339, or a date: 2026-01-01), a new commitment
	// included; with the changed_field filter, those whose named fields
	// changed since then. Empty: any.
	ChangedSince string
}

// ParseSince reads a time as SearchRequest.ChangedSince and the changes
// API take it: RFC 3339, or a date (midnight UTC); empty is the zero time.
func ParseSince(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	return time.Parse(time.RFC3339, s)
}

// PrefixLast is the SearchRequest.Prefix of search-as-you-type.
const PrefixLast = "last"

// FilterNames are the filters a request may carry, in display order.
func FilterNames() []string {
	return []string{"policy_area", "status", "member", "language", "starred", "completion", "change", "changed_field"}
}

// SearchResult is the answer to a SearchRequest: one hit per commitment.
type SearchResult struct {
	Query   string             `json:"query"`
	Total   int                `json:"total"`
	TookMS  float64            `json:"took_ms"`
	Page    int                `json:"page"`
	Size    int                `json:"size"`
	Relaxed bool               `json:"relaxed,omitempty"` // no hit had every word; these have some
	Hits    []Hit              `json:"hits"`
	Facets  map[string][]Facet `json:"facets,omitempty"`
	Next    string             `json:"next,omitempty"` // cursor for the following hits, when there are more
}

// Hit is one commitment found, in the language it is shown in.
type Hit struct {
	ID          string   `json:"id"`
	Lang        string   `json:"lang"`
	Title       string   `json:"title"`
	Member      string   `json:"member"`
	Year        int      `json:"year"`
	Status      Term     `json:"status"`
	PolicyAreas []Term   `json:"policy_areas"`
	URL         string   `json:"url"`
	Score       float64  `json:"score"`
	Snippets    []string `json:"snippets,omitempty"` // HTML-escaped text, <mark> around matches
	Languages   []string `json:"languages"`
	// Changed is when the site last changed the commitment (RFC 3339),
	// and Change the kind of that change (new, changed, removed, …), as
	// its history records them; empty without a history.
	Changed string `json:"changed,omitempty"`
	Change  string `json:"change,omitempty"`
}

// Facet is one value of a facet and how many commitments have it.
type Facet struct {
	Key      string `json:"key"`
	Label    string `json:"label"`
	Count    int    `json:"count"`
	Selected bool   `json:"selected,omitempty"`
}

// The number of suggestions a request gets unless it asks for another, and
// the most it may ask for.
const (
	DefaultSuggestions = 8
	MaxSuggestions     = 20
)

// Suggestion is one completion offered while the reader types.
type Suggestion struct {
	Text string `json:"text"`
	Kind string `json:"kind"` // title, id, policy_area, member, …
	ID   string `json:"id,omitempty"`
	Key  string `json:"key,omitempty"`
	Lang string `json:"lang,omitempty"`
	// Hangul is set when the suggestion was found by reading the query as
	// Korean typed with the keyboard in Latin mode (rhdrhd for 공공): it is
	// that reading.
	Hangul string `json:"hangul,omitempty"`
}
