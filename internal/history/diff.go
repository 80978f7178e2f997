package history

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// fieldSpec is one compared field of a record.
type fieldSpec struct {
	name string
	// shared fields (terms, year, member) are the same in every language
	// of a commitment; the others are the text of one page.
	shared bool
	// long texts are recorded as digest and length.
	long bool
	// vocab names the vocabulary that labels a term field's keys.
	vocab string
	value func(ogp.Commitment) string   // a scalar, or a term's key
	list  func(ogp.Commitment) []string // a list of term keys
}

// fields are the compared fields, in the order a change lists them. The
// translations, related commitments, other fields and fetch metadata are
// left out: they follow other pages or the crawl, not this commitment.
var fields = []fieldSpec{
	{name: "status", shared: true, vocab: ogp.VocabStatus, value: term(func(c ogp.Commitment) ogp.Term { return c.Status })},
	{name: "completion", shared: true, vocab: ogp.VocabCompletion, value: term(func(c ogp.Commitment) ogp.Term { return c.Completion })},
	{name: "completion_mid_term", shared: true, vocab: ogp.VocabCompletion, value: term(func(c ogp.Commitment) ogp.Term { return c.CompletionMidTerm })},
	{name: "completion_end_of_term", shared: true, vocab: ogp.VocabCompletion, value: term(func(c ogp.Commitment) ogp.Term { return c.CompletionEndOfTerm })},
	{name: "starred", shared: true, vocab: ogp.VocabYesNo, value: term(func(c ogp.Commitment) ogp.Term { return c.Starred })},
	{name: "verifiable", shared: true, vocab: ogp.VocabYesNo, value: term(func(c ogp.Commitment) ogp.Term { return c.Verifiable })},
	{name: "early_results", shared: true, vocab: ogp.VocabEarlyResults, value: term(func(c ogp.Commitment) ogp.Term { return c.EarlyResults })},
	{name: "potential_impact", shared: true, vocab: ogp.VocabPotentialImpact, value: term(func(c ogp.Commitment) ogp.Term { return c.PotentialImpact })},
	{name: "policy_areas", shared: true, vocab: ogp.VocabPolicyArea, list: terms(func(c ogp.Commitment) []ogp.Term { return c.PolicyAreas })},
	{name: "relevant_values", shared: true, vocab: ogp.VocabOGPValue, list: terms(func(c ogp.Commitment) []ogp.Term { return c.RelevantValues })},
	{name: "year", shared: true, value: func(c ogp.Commitment) string { return year(c.Year) }},
	{name: "member", shared: true, vocab: ogp.VocabMember, value: func(c ogp.Commitment) string { return c.Member }},
	{name: "title", value: func(c ogp.Commitment) string { return c.Title }},
	{name: "action_plan", value: func(c ogp.Commitment) string { return c.ActionPlan }},
	{name: "lead_institution", value: func(c ogp.Commitment) string { return c.LeadInstitution }},
	{name: "support_institutions", value: func(c ogp.Commitment) string { return c.SupportInstitutions }},
	{name: "irm_report", value: func(c ogp.Commitment) string { return c.IRMReport }},
	{name: "url", value: func(c ogp.Commitment) string { return c.URL }},
	{name: "description", long: true, value: func(c ogp.Commitment) string { return c.Description }},
	{name: "irm_summary", long: true, value: func(c ogp.Commitment) string { return c.IRMSummary }},
}

// FieldNames lists the names a FieldChange may carry.
func FieldNames() []string {
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.name
	}
	return names
}

// Vocabulary names the vocabulary (ogp.Vocab) that labels the keys a
// change of field carries (Old, New, Added, Removed): status, completion,
// policy areas, …; empty for a field of text, a year or an address.
func Vocabulary(field string) string {
	for _, f := range fields {
		if f.name == field {
			return f.vocab
		}
	}
	return ""
}

// termKey is a term's canonical key, or its label when it has none.
func termKey(t ogp.Term) string {
	if t.Key != "" {
		return t.Key
	}
	return t.Label
}

// term reads a term field as its key.
func term(get func(ogp.Commitment) ogp.Term) func(ogp.Commitment) string {
	return func(c ogp.Commitment) string { return termKey(get(c)) }
}

// terms reads a list of terms as their keys.
func terms(get func(ogp.Commitment) []ogp.Term) func(ogp.Commitment) []string {
	return func(c ogp.Commitment) []string {
		var keys []string
		for _, t := range get(c) {
			if k := termKey(t); k != "" {
				keys = append(keys, k)
			}
		}
		return keys
	}
}

func year(y int) string {
	if y == 0 {
		return ""
	}
	return strconv.Itoa(y)
}

// Diff returns the fields that differ between two records of one
// commitment page: shared fields by canonical key, texts tagged with the
// language of the new page.
func Diff(old, new ogp.Commitment) []FieldChange {
	return diff(old, new, func(fieldSpec) bool { return true })
}

// sharedFields and pageTexts select the fields diff compares.
func sharedFields(f fieldSpec) bool { return f.shared }
func pageTexts(f fieldSpec) bool    { return !f.shared }

// diff compares the fields of two records that want selects.
func diff(old, new ogp.Commitment, want func(fieldSpec) bool) []FieldChange {
	var out []FieldChange
	for _, f := range fields {
		if !want(f) {
			continue
		}
		fc, changed := f.compare(old, new)
		if !changed {
			continue
		}
		fc.Field = f.name
		if !f.shared {
			fc.Lang = new.Lang
		}
		out = append(out, fc)
	}
	return out
}

// compare compares one field of two records.
func (f fieldSpec) compare(old, new ogp.Commitment) (FieldChange, bool) {
	if f.list != nil {
		added, removed := setDiff(f.list(old), f.list(new))
		return FieldChange{Added: added, Removed: removed}, len(added)+len(removed) > 0
	}
	o, n := f.value(old), f.value(new)
	if o == n {
		return FieldChange{}, false
	}
	if f.long {
		return FieldChange{Old: digest(o), New: digest(n), OldLen: utf8.RuneCountInString(o), NewLen: utf8.RuneCountInString(n)}, true
	}
	return FieldChange{Old: o, New: n}, true
}

// setDiff returns the keys of b missing from a and those of a missing from
// b, each in the order of its list.
func setDiff(a, b []string) (added, removed []string) {
	for _, k := range b {
		if !slices.Contains(a, k) && !slices.Contains(added, k) {
			added = append(added, k)
		}
	}
	for _, k := range a {
		if !slices.Contains(b, k) && !slices.Contains(removed, k) {
			removed = append(removed, k)
		}
	}
	return added, removed
}

// digest names a long text by the start of its SHA-256 ("sha256:…", 12
// hex digits); the empty text has no digest.
func digest(s string) string {
	if s == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(s))
	return "sha256:" + hex.EncodeToString(sum[:6])
}
