package indexer

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/ogpsearch/ogpsearch/internal"
)

// Document turns the pages of one commitment (its translations, one per
// language) into the index document. Text is normalised once here, and the
// normalised text is what the index stores, so highlight offsets point at
// the right characters. Facet keys come from the English page when there
// is one: English is the authority for canonical keys.
func Document(pages []internal.Commitment) (string, map[string]any, error) {
	if len(pages) == 0 {
		return "", nil, fmt.Errorf("document: no pages")
	}
	pages = byLanguage(pages)
	id := strings.ToUpper(pages[0].ID)
	main := pages[0]
	for _, p := range pages {
		if p.Lang == "en" {
			main = p
		}
	}
	doc := map[string]any{FieldID: id}
	var langs, folded []string
	folded = append(folded, id)
	meta := make([]internal.Commitment, 0, len(pages))
	for _, p := range pages {
		p = normalized(p)
		langs = append(langs, p.Lang)
		folded = append(folded, p.Title, p.LeadInstitution)
		for _, a := range p.PolicyAreas {
			folded = append(folded, a.Label)
		}
		if knownLanguage(p.Lang) {
			texts := map[string]string{
				"title":        p.Title,
				"description":  p.Description,
				"irm_summary":  p.IRMSummary,
				"institutions": strings.TrimSpace(p.LeadInstitution + "\n" + p.SupportInstitutions),
				"action_plan":  p.ActionPlan,
			}
			for name, text := range texts {
				if text != "" {
					doc[TextField(name, p.Lang)] = text
				}
			}
		}
		meta = append(meta, p)
	}
	for _, l := range internal.Languages {
		folded = append(folded, internal.Vocab(internal.VocabMember).Label(main.Member, l))
	}
	doc[FieldFolded] = strings.Join(folded, "\n")
	doc[FieldLanguage] = langs
	doc[FieldMember] = main.Member
	doc[FieldPolicyArea] = termKeys(main.PolicyAreas)
	doc[FieldStatus] = main.Status.Key
	doc[FieldStarred] = main.Starred.Key
	doc[FieldCompletion] = completionKey(main)
	if y := yearOf(pages); y > 0 {
		doc[FieldYear] = float64(y)
		doc[FieldYearFacet] = strconv.Itoa(y)
	}
	hash, err := contentHash(meta)
	if err != nil {
		return "", nil, fmt.Errorf("document %s: %w", id, err)
	}
	doc[FieldContentHash] = hash
	data, err := json.Marshal(meta)
	if err != nil {
		return "", nil, fmt.Errorf("document %s: %w", id, err)
	}
	doc[FieldMeta] = string(data)
	return id, doc, nil
}

// contentHash is the hash of what a commitment's pages say, whatever the
// corpus line's own content_hash claims and whenever they were fetched:
// an edit made by hand to a corpus file is seen as a change.
func contentHash(pages []internal.Commitment) (string, error) {
	h := sha256.New()
	enc := json.NewEncoder(h)
	for _, p := range pages {
		p.FetchedAt, p.ContentHash = "", ""
		if err := enc.Encode(p); err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// knownLanguage reports whether a language has its own text fields. Pages
// in other languages are findable by title through the folded field.
func knownLanguage(lang string) bool {
	for _, l := range internal.Languages {
		if l == lang {
			return true
		}
	}
	return false
}

// byLanguage keeps one page per language (the last one wins) in the order
// of internal.Languages, then any others alphabetically.
func byLanguage(pages []internal.Commitment) []internal.Commitment {
	seen := map[string]internal.Commitment{}
	for _, p := range pages {
		seen[p.Lang] = p
	}
	out := make([]internal.Commitment, 0, len(seen))
	for _, l := range internal.Languages {
		if p, ok := seen[l]; ok {
			out = append(out, p)
			delete(seen, l)
		}
	}
	rest := make([]string, 0, len(seen))
	for l := range seen {
		rest = append(rest, l)
	}
	sort.Strings(rest)
	for _, l := range rest {
		out = append(out, seen[l])
	}
	return out
}

func termKeys(ts []internal.Term) []string {
	out := make([]string, 0, len(ts))
	for _, t := range ts {
		if t.Key != "" {
			out = append(out, t.Key)
		}
	}
	return out
}

// completionKey is the page's completion rating, else the end-of-term
// level the IRM summary gives.
func completionKey(p internal.Commitment) string {
	if p.Completion.Key != "" {
		return p.Completion.Key
	}
	return p.CompletionEndOfTerm.Key
}

func yearOf(pages []internal.Commitment) int {
	for _, p := range pages {
		if p.Year > 0 {
			return p.Year
		}
	}
	return 0
}

// normalized is a page with its texts in the form the index analysed, so
// that offsets found by re-analysing them (snippets) point at the right
// characters.
func normalized(p internal.Commitment) internal.Commitment {
	p.Title = internal.NormalizeText(p.Title)
	p.Description = internal.NormalizeText(p.Description)
	p.IRMSummary = internal.NormalizeText(p.IRMSummary)
	p.LeadInstitution = internal.NormalizeText(p.LeadInstitution)
	p.SupportInstitutions = internal.NormalizeText(p.SupportInstitutions)
	p.ActionPlan = internal.NormalizeText(p.ActionPlan)
	return p
}

// Pages rebuilds the pages of a commitment from its stored fields.
func Pages(fields map[string]any) ([]internal.Commitment, error) {
	raw, _ := fields[FieldMeta].(string)
	var pages []internal.Commitment
	if err := json.Unmarshal([]byte(raw), &pages); err != nil {
		return nil, fmt.Errorf("stored document: %w", err)
	}
	return pages, nil
}
