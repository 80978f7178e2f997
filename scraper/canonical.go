package scraper

import (
	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// AdoptCanonicalKeys gives every translation the canonical keys of the page
// in language src (the English original) with the same ID, when that page
// is among recs: policy areas and OGP values by position when both pages
// list as many, status, starred, verifiable, early results, potential
// impact, completion, and the policy area of related commitments by their
// ID. Labels stay as the translation shows them; a term the translation
// leaves empty stays empty. Records without an original are unchanged. The
// input is not modified.
func AdoptCanonicalKeys(recs []ogp.Commitment, src string) []ogp.Commitment {
	originals := map[string]ogp.Commitment{}
	for _, r := range recs {
		if r.Lang == src {
			originals[r.ID] = r
		}
	}
	out := make([]ogp.Commitment, len(recs))
	for i, r := range recs {
		if en, ok := originals[r.ID]; ok && r.Lang != src {
			r = adoptKeys(r, en)
		}
		out[i] = r
	}
	return out
}

// adoptKeys returns tr with the canonical keys of en.
func adoptKeys(tr, en ogp.Commitment) ogp.Commitment {
	tr.PolicyAreas = adoptTermList(tr.PolicyAreas, en.PolicyAreas)
	tr.RelevantValues = adoptTermList(tr.RelevantValues, en.RelevantValues)
	adoptTerm(&tr.Status, en.Status)
	adoptTerm(&tr.Starred, en.Starred)
	adoptTerm(&tr.Verifiable, en.Verifiable)
	adoptTerm(&tr.EarlyResults, en.EarlyResults)
	adoptTerm(&tr.PotentialImpact, en.PotentialImpact)
	adoptTerm(&tr.Completion, en.Completion)
	adoptTerm(&tr.CompletionMidTerm, en.CompletionMidTerm)
	adoptTerm(&tr.CompletionEndOfTerm, en.CompletionEndOfTerm)
	tr.Related = adoptRelated(tr.Related, en.Related)
	return tr
}

// adoptTerm copies the key of en onto t when both have a value.
func adoptTerm(t *ogp.Term, en ogp.Term) {
	if t.Label != "" && en.Key != "" {
		t.Key = en.Key
	}
}

// adoptTermList adopts keys position by position when the lists have the
// same length; otherwise the pairing is unknown and tr is kept.
func adoptTermList(tr, en []ogp.Term) []ogp.Term {
	if len(tr) != len(en) || len(tr) == 0 {
		return tr
	}
	out := make([]ogp.Term, len(tr))
	for i := range tr {
		out[i] = tr[i]
		adoptTerm(&out[i], en[i])
	}
	return out
}

// adoptRelated adopts the policy area key of each related commitment from
// the original's entry with the same ID.
func adoptRelated(tr, en []ogp.Related) []ogp.Related {
	if len(tr) == 0 || len(en) == 0 {
		return tr
	}
	byID := make(map[string]ogp.Term, len(en))
	for _, r := range en {
		byID[r.ID] = r.PolicyArea
	}
	out := make([]ogp.Related, len(tr))
	for i, r := range tr {
		if t, ok := byID[r.ID]; ok {
			adoptTerm(&r.PolicyArea, t)
		}
		out[i] = r
	}
	return out
}
