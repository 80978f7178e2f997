// Package ogp is the domain of ogpsearch: the commitment record and its
// terms, the canonical vocabularies, the rules a record's values follow
// (rules.go), the corpus format, the search request and answer, the error
// codes every layer shares, and the text normalisation every stage applies.
// It imports nothing else of the project, and neither bleve nor HTTP.
package ogp

// Languages returns the site languages ogpsearch knows labels for, English
// first: English pages are the originals and the authority for canonical
// keys. Each call returns a new slice.
func Languages() []string { return []string{"en", "fr", "es", "ko"} }

// Term is a value as shown on the page together with its canonical key, shared
// by every language ("Participation du public" → public-participation).
type Term struct {
	Label string `json:"label"`
	Key   string `json:"key"`
}

// IsZero reports whether the term is empty (a field the page left blank).
func (t Term) IsZero() bool { return t.Label == "" && t.Key == "" }

// Related is one entry of the "other commitments" list of a page.
type Related struct {
	ID         string `json:"id"`
	Title      string `json:"title"`
	Year       int    `json:"year"`
	PolicyArea Term   `json:"policy_area"`
}

// Commitment is one page: a commitment in one language. Its JSON form is the
// corpus line format, documented in docs/corpus.md.
type Commitment struct {
	ID                  string            `json:"id"`
	Lang                string            `json:"lang"`
	URL                 string            `json:"url"`
	Translations        map[string]string `json:"translations"`
	Title               string            `json:"title"`
	Member              string            `json:"member"`
	ActionPlan          string            `json:"action_plan"`
	Year                int               `json:"year"`
	Status              Term              `json:"status"`
	LeadInstitution     string            `json:"lead_institution"`
	SupportInstitutions string            `json:"support_institutions"`
	PolicyAreas         []Term            `json:"policy_areas"`
	IRMReport           string            `json:"irm_report"`
	Starred             Term              `json:"starred"`
	Verifiable          Term              `json:"verifiable"`
	EarlyResults        Term              `json:"early_results"`
	RelevantValues      []Term            `json:"relevant_values"`
	PotentialImpact     Term              `json:"potential_impact"`
	Completion          Term              `json:"completion"`
	// CompletionMidTerm and CompletionEndOfTerm are read from the IRM summary
	// ("À moyen terme: limité", "Fin du mandat: substantiel"); an extension of
	// the corpus format.
	CompletionMidTerm   Term              `json:"completion_mid_term"`
	CompletionEndOfTerm Term              `json:"completion_end_of_term"`
	Description         string            `json:"description"`
	IRMSummary          string            `json:"irm_summary"`
	Related             []Related         `json:"related"`
	OtherFields         map[string]string `json:"other_fields"`
	FetchedAt           string            `json:"fetched_at"`
	ContentHash         string            `json:"content_hash"`
}
