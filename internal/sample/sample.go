// Package sample holds the sample OGP site written for ogpsearch: commitments
// in several languages, described as data. The fixture site renders it as
// HTML for crawler tests, benchmarks scale it up, and `ogpsearch serve`
// embeds the corpus extracted from it.
package sample

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

//go:embed site
var siteFS embed.FS

// Commitment is one commitment of the sample site. Facet values are
// canonical keys of the vocabularies in internal/ogp/vocab.json; the renderer
// shows them with each language's label.
type Commitment struct {
	ID              string   `json:"id"`
	Member          string   `json:"member"`
	Year            int      `json:"year"`
	Status          string   `json:"status"`
	PolicyAreas     []string `json:"policy_areas"`
	Starred         string   `json:"starred"`
	Verifiable      string   `json:"verifiable"`
	EarlyResults    string   `json:"early_results"`
	RelevantValues  []string `json:"relevant_values"`
	PotentialImpact string   `json:"potential_impact"`
	Completion      string   `json:"completion"`
	// MidTerm and EndOfTerm are the completion levels the IRM summary states.
	MidTerm   string `json:"mid_term"`
	EndOfTerm string `json:"end_of_term"`
	// Pages holds the text of each language's page, keyed by language.
	// English is always present: it is the original.
	Pages map[string]Page `json:"pages"`
}

// Page is the text of one language version of a commitment.
type Page struct {
	Title               string   `json:"title"`
	ActionPlan          string   `json:"action_plan"`
	LeadInstitution     string   `json:"lead_institution"`
	SupportInstitutions string   `json:"support_institutions"`
	IRMReports          []string `json:"irm_reports"`
	Description         []string `json:"description"`
	IRMSummary          []string `json:"irm_summary"`
}

// Languages returns the languages the commitment has pages in, English first.
func (c Commitment) Languages() []string {
	var out []string
	for _, l := range ogp.Languages() {
		if _, ok := c.Pages[l]; ok {
			out = append(out, l)
		}
	}
	return out
}

// Path is the address of the commitment's page in lang on the site,
// without the host: English pages at the root, translations under their
// language prefix.
func (c Commitment) Path(lang string) string {
	prefix := ""
	if lang != "en" {
		prefix = "/" + lang
	}
	return prefix + "/members/" + c.Member + "/commitments/" + c.ID + "/"
}

// Site is the whole sample: commitments sorted by member, then year
// (newest first), then ID, which is the order of member pages.
type Site struct {
	Commitments []Commitment
}

// Load reads the embedded sample site.
func Load() (*Site, error) { return LoadFS(siteFS, "site") }

// LoadFS reads every *.json file under dir of fsys as one commitment and
// checks it against the vocabularies.
func LoadFS(fsys fs.FS, dir string) (*Site, error) {
	s := &Site{}
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".json" {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		var c Commitment
		if err := json.Unmarshal(data, &c); err != nil {
			return fmt.Errorf("sample %s: %w", p, err)
		}
		if err := c.check(); err != nil {
			return fmt.Errorf("sample %s: %w", p, err)
		}
		s.Commitments = append(s.Commitments, c)
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.Sort()
	return s, nil
}

// Sort puts the commitments in page order: by member, then year (newest
// first), then ID.
func (s *Site) Sort() {
	sort.SliceStable(s.Commitments, func(i, j int) bool {
		a, b := s.Commitments[i], s.Commitments[j]
		if a.Member != b.Member {
			return a.Member < b.Member
		}
		if a.Year != b.Year {
			return a.Year > b.Year
		}
		return a.ID < b.ID
	})
}

// Members returns the member slugs of the site, sorted.
func (s *Site) Members() []string {
	var out []string
	for _, c := range s.Commitments {
		if len(out) == 0 || out[len(out)-1] != c.Member {
			out = append(out, c.Member)
		}
	}
	return out
}

// ByMember returns the commitments of one member in page order.
func (s *Site) ByMember(member string) []Commitment {
	var out []Commitment
	for _, c := range s.Commitments {
		if c.Member == member {
			out = append(out, c)
		}
	}
	return out
}

// Find returns the commitment with the given ID.
func (s *Site) Find(id string) (Commitment, bool) {
	for _, c := range s.Commitments {
		if c.ID == id {
			return c, true
		}
	}
	return Commitment{}, false
}

func (c Commitment) check() error {
	if _, ok := c.Pages["en"]; !ok {
		return fmt.Errorf("%s has no English page", c.ID)
	}
	checks := []struct {
		vocab string
		keys  []string
	}{
		{ogp.VocabMember, []string{c.Member}},
		{ogp.VocabStatus, []string{c.Status}},
		{ogp.VocabPolicyArea, c.PolicyAreas},
		{ogp.VocabYesNo, []string{c.Starred, c.Verifiable}},
		{ogp.VocabEarlyResults, []string{c.EarlyResults}},
		{ogp.VocabOGPValue, c.RelevantValues},
		{ogp.VocabPotentialImpact, []string{c.PotentialImpact}},
		{ogp.VocabCompletion, []string{c.Completion, c.MidTerm, c.EndOfTerm}},
	}
	for _, ch := range checks {
		for _, k := range ch.keys {
			if k != "" && !ogp.Vocab(ch.vocab).Known(k) {
				return fmt.Errorf("%s: unknown %s key %q", c.ID, ch.vocab, k)
			}
		}
	}
	for lang, p := range c.Pages {
		if p.Title == "" || len(p.Description) == 0 {
			return fmt.Errorf("%s/%s: a page needs a title and a description", c.ID, lang)
		}
	}
	return nil
}
