package extract

import (
	"bytes"
	"strings"
	"testing"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
	"github.com/ogpsearch/ogpsearch/internal/sample"
	"github.com/ogpsearch/ogpsearch/scraper/fixturesite"
	"github.com/ogpsearch/ogpsearch/scraper/sitemodel"
)

const sampleBase = "https://sample.ogpsearch.example"

// TestSampleRoundTrip renders every page of the sample site in every markup
// and checks that extraction gives back what the sample says.
func TestSampleRoundTrip(t *testing.T) {
	site, err := sample.Load()
	if err != nil {
		t.Fatal(err)
	}
	model := sitemodel.Default()
	pages := 0
	for _, c := range site.Commitments {
		for _, lang := range c.Languages() {
			for _, markup := range []fixturesite.Markup{fixturesite.MarkupDL, fixturesite.MarkupP, fixturesite.MarkupTable} {
				html := fixturesite.Render(site, c, lang, markup, sampleBase)
				rec, err := Extract(bytes.NewReader(html), sampleBase+c.Path(lang), model)
				if err != nil {
					t.Errorf("%s/%s markup %d: %v", c.ID, lang, markup, err)
					continue
				}
				checkSample(t, site, c, lang, markup, rec)
				pages++
			}
		}
	}
	t.Logf("%d pages checked", pages)
}

func checkSample(t *testing.T, site *sample.Site, c sample.Commitment, lang string, markup fixturesite.Markup, rec ogp.Commitment) {
	t.Helper()
	p := c.Pages[lang]
	where := c.ID + "/" + lang + "/" + [...]string{"dl", "p", "table"}[markup]
	eq := func(field, got, want string) {
		if got != want {
			t.Errorf("%s: %s = %q, want %q", where, field, got, want)
		}
	}
	eq("id", rec.ID, c.ID)
	eq("lang", rec.Lang, lang)
	eq("member", rec.Member, c.Member)
	eq("title", rec.Title, ogp.CollapseSpace(p.Title))
	eq("action_plan", rec.ActionPlan, ogp.CollapseSpace(p.ActionPlan))
	eq("lead_institution", rec.LeadInstitution, ogp.CollapseSpace(p.LeadInstitution))
	eq("support_institutions", rec.SupportInstitutions, ogp.CollapseSpace(p.SupportInstitutions))
	eq("irm_report", rec.IRMReport, strings.Join(p.IRMReports, ", "))
	eq("description", rec.Description, joinParas(p.Description))
	eq("irm_summary", rec.IRMSummary, joinParas(p.IRMSummary))
	eq("status", rec.Status.Key, c.Status)
	eq("starred", rec.Starred.Key, c.Starred)
	eq("verifiable", rec.Verifiable.Key, c.Verifiable)
	eq("early_results", rec.EarlyResults.Key, c.EarlyResults)
	eq("potential_impact", rec.PotentialImpact.Key, c.PotentialImpact)
	eq("completion", rec.Completion.Key, c.Completion)
	eq("policy_areas", keys(rec.PolicyAreas), strings.Join(c.PolicyAreas, ","))
	eq("relevant_values", keys(rec.RelevantValues), strings.Join(c.RelevantValues, ","))
	if rec.Year != c.Year {
		t.Errorf("%s: year = %d, want %d", where, rec.Year, c.Year)
	}
	if want := len(site.ByMember(c.Member)); len(rec.Related) != want {
		t.Errorf("%s: %d related, want %d", where, len(rec.Related), want)
	}
	for _, r := range rec.Related {
		other, ok := site.Find(r.ID)
		if !ok || other.Year != r.Year || (len(other.PolicyAreas) > 0) != (r.PolicyArea.Key != "") {
			t.Errorf("%s: related %+v does not match the sample", where, r)
		}
	}
	if len(rec.Translations) != len(c.Languages()) {
		t.Errorf("%s: translations %v, want %v", where, rec.Translations, c.Languages())
	}
	if len(rec.OtherFields) > 0 {
		t.Errorf("%s: unexpected other_fields %v", where, rec.OtherFields)
	}
}

func joinParas(ps []string) string {
	out := make([]string, 0, len(ps))
	for _, p := range ps {
		out = append(out, ogp.CollapseSpace(p))
	}
	return strings.Join(out, "\n\n")
}

func keys(ts []ogp.Term) string {
	out := make([]string, 0, len(ts))
	for _, t := range ts {
		out = append(out, t.Key)
	}
	return strings.Join(out, ",")
}
