package indexer

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/ogpsearch/ogpsearch/indexer/analysis"
	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// Document turns the pages of one commitment (its translations, one per
// language) into the index document. Text is normalised once here, and the
// normalised text is what the index stores, so highlight offsets point at
// the right characters. Facet keys come from the English page when there
// is one: English is the authority for canonical keys.
func Document(pages []ogp.Commitment) (string, map[string]any, error) {
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
	var langs, folded, pageNames []string
	var title, body []analysis.Section
	folded = append(folded, id)
	meta := make([]ogp.Commitment, 0, len(pages))
	for _, p := range pages {
		p = normalized(p)
		langs = append(langs, p.Lang)
		folded = append(folded, p.Title, p.LeadInstitution)
		pageNames = append(pageNames, p.Title, p.LeadInstitution)
		for _, a := range p.PolicyAreas {
			folded = append(folded, a.Label)
			pageNames = append(pageNames, a.Label)
		}
		if knownLanguage(p.Lang) {
			if p.Title != "" {
				doc[TitleField(p.Lang)] = p.Title
			}
			title = append(title, analysis.Section{Lang: p.Lang, Text: p.Title})
			for _, text := range []string{p.Description, p.IRMSummary, p.LeadInstitution, p.SupportInstitutions, p.ActionPlan} {
				body = append(body, analysis.Section{Lang: p.Lang, Text: text})
			}
		}
		meta = append(meta, p)
	}
	for field, sections := range map[string][]analysis.Section{FieldTitle: title, FieldBody: body} {
		if text := analysis.JoinSections(sections); text != "" {
			doc[field] = text
		}
	}
	for _, l := range ogp.Languages() {
		folded = append(folded, ogp.Vocab(ogp.VocabMember).Label(main.Member, l))
	}
	doc[FieldFolded] = strings.Join(folded, "\n")
	// The prefixes of every word: the names and titles of the folded
	// field and the texts of the body.
	edge := folded
	for _, s := range body {
		edge = append(edge, s.Text)
	}
	doc[FieldPrefix] = strings.Join(edge, "\n")
	// The bigrams of Korean words, for what their morphemes miss: the
	// texts of the pages with Hangul (the names of members in Korean,
	// which every commitment has, are found in the folded field).
	var hangul []string
	for _, text := range append(pageNames, edge[len(folded):]...) {
		if hasHangul(text) {
			hangul = append(hangul, text)
		}
	}
	if len(hangul) > 0 {
		doc[FieldHangul] = strings.Join(hangul, "\n")
	}
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
	heads := make([]Head, len(meta))
	for i, p := range meta {
		heads[i] = Head{Lang: p.Lang, URL: p.URL, Title: p.Title, Member: p.Member, Year: p.Year, Status: p.Status, PolicyAreas: p.PolicyAreas}
	}
	if data, err = json.Marshal(heads); err != nil {
		return "", nil, fmt.Errorf("document %s: %w", id, err)
	}
	doc[FieldHeads] = string(data)
	return id, doc, nil
}

// Head is what a search hit shows of a page without its texts. The heads
// of a commitment's pages are stored apart from the pages (FieldHeads):
// reading them skips the long texts, most of the stored bytes.
type Head struct {
	Lang        string     `json:"lang"`
	URL         string     `json:"url"`
	Title       string     `json:"title"`
	Member      string     `json:"member"`
	Year        int        `json:"year"`
	Status      ogp.Term   `json:"status"`
	PolicyAreas []ogp.Term `json:"policy_areas"`
}

// Heads decodes the stored heads of a document's pages.
func Heads(fields map[string]any) ([]Head, error) {
	raw, _ := fields[FieldHeads].(string)
	var heads []Head
	if err := json.Unmarshal([]byte(raw), &heads); err != nil {
		return nil, fmt.Errorf("stored heads: %w", err)
	}
	return heads, nil
}

// contentHash is the hash of what a commitment's pages say, whatever the
// corpus line's own content_hash claims and whenever they were fetched:
// an edit made by hand to a corpus file is seen as a change.
func contentHash(pages []ogp.Commitment) (string, error) {
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
	for _, l := range ogp.Languages() {
		if l == lang {
			return true
		}
	}
	return false
}

// byLanguage keeps one page per language (the last one wins) in the order
// of ogp.Languages(), then any others alphabetically.
func byLanguage(pages []ogp.Commitment) []ogp.Commitment {
	seen := map[string]ogp.Commitment{}
	for _, p := range pages {
		seen[p.Lang] = p
	}
	out := make([]ogp.Commitment, 0, len(seen))
	for _, l := range ogp.Languages() {
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

func termKeys(ts []ogp.Term) []string {
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
func completionKey(p ogp.Commitment) string {
	if p.Completion.Key != "" {
		return p.Completion.Key
	}
	return p.CompletionEndOfTerm.Key
}

func yearOf(pages []ogp.Commitment) int {
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
func normalized(p ogp.Commitment) ogp.Commitment {
	p.Title = ogp.NormalizeText(p.Title)
	p.Description = ogp.NormalizeText(p.Description)
	p.IRMSummary = ogp.NormalizeText(p.IRMSummary)
	p.LeadInstitution = ogp.NormalizeText(p.LeadInstitution)
	p.SupportInstitutions = ogp.NormalizeText(p.SupportInstitutions)
	p.ActionPlan = ogp.NormalizeText(p.ActionPlan)
	return p
}

// Pages rebuilds the pages of a commitment from its stored fields.
func Pages(fields map[string]any) ([]ogp.Commitment, error) {
	raw, _ := fields[FieldMeta].(string)
	var pages []ogp.Commitment
	if err := json.Unmarshal([]byte(raw), &pages); err != nil {
		return nil, fmt.Errorf("stored document: %w", err)
	}
	return pages, nil
}

// hasHangul reports whether text has a Hangul syllable.
func hasHangul(text string) bool {
	return strings.ContainsFunc(text, func(r rune) bool { return r >= 0xAC00 && r <= 0xD7A3 })
}
