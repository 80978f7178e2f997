package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
	"github.com/ogpsearch/ogpsearch/search"
)

// detailView is what the commitment template sees.
type detailView struct {
	base
	C        ogp.Commitment
	Source   string // the page's address, when it is an http(s) one: the only kind linked
	Notice   string
	Facts    []fact
	Texts    []text
	Related  []related
	Others   []langLink
	Back     string
	Error    *pageError
	Document string // the language of the commitment's text
	History  []timelineEntry
}

type fact struct{ Label, Value string }

type text struct {
	Label string
	Paras []string
}

type related struct {
	Title, Href string
	Year        int
}

func (s *server) handleCommitment(w http.ResponseWriter, r *http.Request) {
	lang := s.language(w, r)
	id, valid := ogp.ParseID(r.PathValue("id"))
	if !valid {
		id = r.PathValue("id")
	}
	v := detailView{base: s.base(r, lang), Back: "/?lang=" + lang}
	var pages []ogp.Commitment
	var changes []search.Change
	var err error
	if valid {
		pages, changes, err = s.search.History(r.Context(), id)
	}
	if err == nil && len(pages) == 0 {
		err = ogp.Errorf(ogp.ENotFound, "no commitment %s", id)
	}
	if err != nil {
		v.Error = s.failure(lang, err)
		if v.Error.Status == http.StatusNotFound || v.Error.Status == http.StatusBadRequest {
			v.Error = &pageError{http.StatusNotFound, uiStrings.text(lang, "not_found", id)}
		}
		v.State.Error = v.Error
		s.render(w, v.Error.Status, "commitment", v)
		return
	}
	a := ogp.NewCommitmentAnswer(id, lang, pages)
	// The script needs the page shown, not every translation's text.
	a.Translations = nil
	v.State.Commitment = &a
	v.fill(a)
	v.History = timeline(changes, lang)
	s.render(w, http.StatusOK, "commitment", v)
}

// fill lists the commitment's fields in the order the page shows them.
func (v *detailView) fill(a ogp.CommitmentAnswer) {
	c, lang, t := a.Commitment, v.Lang, uiStrings
	v.C, v.Document, v.Title = c, c.Lang, c.Title
	if ogp.IsWebURL(c.URL) {
		v.Source = c.URL
	}
	if c.Lang != lang {
		v.Notice = t.text(lang, "not_in_language", t.text(lang, "name"), t.text(c.Lang, "name"))
	}
	for _, l := range a.Languages {
		if l != lang {
			v.Others = append(v.Others, langLink{Code: l, Name: t.text(l, "name"), Href: "/commitments/" + a.ID + "?lang=" + l})
		}
	}
	add := func(key, value string) {
		if value = strings.TrimSpace(value); value != "" && !notAvailable(value) {
			v.Facts = append(v.Facts, fact{t.text(lang, "f_"+key), value})
		}
	}
	// Assessments come from vocabularies with lower-case labels in some
	// languages; they are shown with a capital, as in the facets.
	addCased := func(key, value string) { add(key, displayCase(strings.TrimSpace(value))) }
	add("id", c.ID)
	add("member", ogp.Vocab("member").Label(c.Member, c.Lang))
	add("action_plan", c.ActionPlan)
	if c.Year > 0 {
		add("year", strconv.Itoa(c.Year))
	}
	addCased("status", c.Status.Label)
	add("lead_institution", c.LeadInstitution)
	add("support_institutions", c.SupportInstitutions)
	add("policy_areas", labels(c.PolicyAreas))
	add("relevant_values", labels(c.RelevantValues))
	addCased("starred", c.Starred.Label)
	addCased("verifiable", c.Verifiable.Label)
	addCased("potential_impact", c.PotentialImpact.Label)
	addCased("early_results", c.EarlyResults.Label)
	addCased("completion", c.Completion.Label)
	addCased("completion_mid_term", c.CompletionMidTerm.Label)
	addCased("completion_end_of_term", c.CompletionEndOfTerm.Label)
	add("irm_report", c.IRMReport)
	for _, k := range sortedKeys(c.OtherFields) {
		if val := strings.TrimSpace(c.OtherFields[k]); val != "" && !notAvailable(val) {
			v.Facts = append(v.Facts, fact{k, val})
		}
	}
	add("fetched_at", strings.SplitN(c.FetchedAt, "T", 2)[0])
	for _, f := range []struct{ key, body string }{{"description", c.Description}, {"irm_summary", c.IRMSummary}} {
		if paras := paragraphs(f.body); len(paras) > 0 {
			v.Texts = append(v.Texts, text{t.text(lang, "f_"+f.key), paras})
		}
	}
	for _, r := range c.Related {
		if r.ID == c.ID {
			continue
		}
		v.Related = append(v.Related, related{r.Title, "/commitments/" + r.ID + "?lang=" + lang, r.Year})
	}
}

// notAvailable reports whether a field's value only says that there is
// none: "NA", "N/A", "n/a", … The page shows no value rather than the
// abbreviation.
func notAvailable(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "na", "n/a", "n.a.", "n. a.", "n.a":
		return true
	}
	return false
}

func labels(terms []ogp.Term) string {
	var out []string
	for _, t := range terms {
		if t.Label != "" && !notAvailable(t.Label) {
			out = append(out, t.Label)
		}
	}
	return strings.Join(out, ", ")
}

// paragraphs splits plain text at blank lines.
func paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
