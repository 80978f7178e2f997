package fixturesite

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
	"github.com/ogpsearch/ogpsearch/internal/sample"
)

// row is one labelled field of the "at a glance" block; value is HTML.
type row struct{ field, value string }

// group is a run of rows under a heading (h3, or h4 with a tooltip).
type group struct {
	heading, tip string
	rows         []row
}

// glance holds the block's content before it is laid out in a markup.
type glance struct {
	groups []group // the policy areas come after the first two groups
	areas  []area
}

// area is one policy area as shown: its key (for links) and label.
type area struct{ key, label string }

// buildGlance computes the fields of a commitment page in lang.
func buildGlance(c sample.Commitment, lang string, st style) glance {
	pg, en := c.Pages[lang], c.Pages["en"]
	p := prefix(lang)
	vl := func(vocab, key string) string { return esc(valueLabel(vocab, key, lang, st)) }
	plan := ""
	if pg.ActionPlan != "" {
		plan = fmt.Sprintf("<a href=\"%s/documents/%s/\">%s</a>", p, slugify(en.ActionPlan), esc(pg.ActionPlan))
	}
	year := ""
	if c.Year > 0 {
		year = strconv.Itoa(c.Year)
	}
	var reports []string
	for i, r := range pg.IRMReports {
		reports = append(reports, fmt.Sprintf("<a href=\"%s/documents/%s-irm-report-%d/\">%s</a>", p, c.Member, i, esc(r)))
	}
	var values []string
	for _, k := range c.RelevantValues {
		values = append(values, valueLabel(ogp.VocabOGPValue, k, lang, st))
	}
	review := []row{{"irm_report", strings.Join(reports, ", ")}}
	if !st.omitPost21 {
		review = append(review, row{"starred", vl(ogp.VocabYesNo, c.Starred)})
	}
	review = append(review, row{"early_results", vl(ogp.VocabEarlyResults, c.EarlyResults)})
	design := []row{
		{"verifiable", vl(ogp.VocabYesNo, c.Verifiable)},
		{"relevant_values", esc(strings.Join(values, ", "))},
	}
	if !st.omitPost21 {
		design = append(design, row{"potential_impact", vl(ogp.VocabPotentialImpact, c.PotentialImpact)})
	}
	g := glance{groups: []group{
		{heading: text(lang, "glance"), rows: []row{
			{"action_plan", plan}, {"year", year}, {"status", vl(ogp.VocabStatus, c.Status)},
		}},
		{heading: text(lang, "institutions"), rows: []row{
			{"lead_institution", esc(pg.LeadInstitution)}, {"support_institutions", esc(pg.SupportInstitutions)},
		}},
		{heading: text(lang, "review"), rows: review},
		{heading: text(lang, "design"), tip: text(lang, "designTip"), rows: design},
		{heading: text(lang, "implementation"), tip: text(lang, "implementationTip"), rows: []row{
			{"completion", vl(ogp.VocabCompletion, c.Completion)},
		}},
	}}
	for _, k := range c.PolicyAreas {
		g.areas = append(g.areas, area{k, valueLabel(ogp.VocabPolicyArea, k, lang, st)})
	}
	return g
}

// writeGlance lays the block out in the page's markup.
func writeGlance(b *strings.Builder, g glance, lang string, st style) {
	switch st.markup {
	case MarkupP:
		writeGlanceP(b, g, lang, st)
	case MarkupTable:
		writeGlanceTable(b, g, lang, st)
	default:
		writeGlanceDL(b, g, lang, st)
	}
}

// writeGlanceDL follows the reference page: dl groups under h3/h4 headings.
func writeGlanceDL(b *strings.Builder, g glance, lang string, st style) {
	fmt.Fprintf(b, "<section class=\"commitment-overview\">\n <h2>%s</h2>\n <div class=\"at-a-glance\">\n", esc(text(lang, "overview")))
	for i, gr := range g.groups {
		if gr.tip == "" {
			fmt.Fprintf(b, " <h3>%s</h3>\n <dl>\n", esc(gr.heading))
		} else {
			fmt.Fprintf(b, " <h4>%s <span class=\"tooltip-icon\" title=\"%s\">i</span></h4>\n <dl>\n", esc(gr.heading), esc(gr.tip))
		}
		for _, r := range gr.rows {
			fmt.Fprintf(b, "  <dt>%s%s</dt><dd>%s</dd>\n", esc(fieldLabel(r.field, lang, st)), colon(lang, st), r.value)
		}
		b.WriteString(" </dl>\n\n")
		if i == 1 {
			fmt.Fprintf(b, " <h3>%s</h3>\n <ul class=\"policy-areas\">\n", esc(fieldLabel("policy_areas", lang, st)))
			for _, a := range g.areas {
				fmt.Fprintf(b, "  <li><a href=\"%s/policy-area/%s/\">%s</a></li>\n", prefix(lang), a.key, esc(a.label))
			}
			b.WriteString(" </ul>\n")
		}
	}
	b.WriteString(" </div>\n</section>\n")
}

// writeGlanceP writes one <p><strong>Label :</strong> value</p> per field.
func writeGlanceP(b *strings.Builder, g glance, lang string, st style) {
	fmt.Fprintf(b, "<div class=\"commitment-summary\">\n <h2>%s</h2>\n", esc(text(lang, "glance")))
	para := func(field, value string) {
		if value != "" {
			value = " " + value
		}
		fmt.Fprintf(b, " <p class=\"summary-field\"><strong>%s%s</strong>%s</p>\n", esc(fieldLabel(field, lang, st)), colon(lang, st), value)
	}
	for i, gr := range g.groups {
		for _, r := range gr.rows {
			para(r.field, r.value)
		}
		if i == 1 {
			var labels []string
			for _, a := range g.areas {
				labels = append(labels, a.label)
			}
			para("policy_areas", esc(strings.Join(labels, ", ")))
		}
	}
	b.WriteString("</div>\n")
}

// writeGlanceTable writes one <tr><th>Label</th><td>value</td></tr> per
// field; the policy areas are a list inside their cell.
func writeGlanceTable(b *strings.Builder, g glance, lang string, st style) {
	fmt.Fprintf(b, "<div class=\"commitment-facts\">\n <h2>%s</h2>\n <table class=\"facts-table\">\n <tbody>\n", esc(text(lang, "glance")))
	for i, gr := range g.groups {
		for _, r := range gr.rows {
			fmt.Fprintf(b, "  <tr><th scope=\"row\">%s</th><td>%s</td></tr>\n", esc(fieldLabel(r.field, lang, st)), r.value)
		}
		if i == 1 {
			fmt.Fprintf(b, "  <tr><th scope=\"row\">%s</th><td><ul class=\"facts-areas\">", esc(fieldLabel("policy_areas", lang, st)))
			for _, a := range g.areas {
				fmt.Fprintf(b, "<li>%s</li>", esc(a.label))
			}
			b.WriteString("</ul></td></tr>\n")
		}
	}
	b.WriteString(" </tbody>\n </table>\n</div>\n")
}
