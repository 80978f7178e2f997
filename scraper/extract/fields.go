package extract

import (
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// value is what a label labels: its elements (for lists) and its text.
type value struct {
	sel  *goquery.Selection
	text string
}

// items splits a value into list items: its <li> elements when it has
// some, else its text split at commas and semicolons.
func (v value) items() []string {
	var out []string
	if v.sel != nil {
		v.sel.Find("li").Each(func(_ int, li *goquery.Selection) {
			if t := text(li); t != "" {
				out = append(out, t)
			}
		})
		if len(out) > 0 {
			return out
		}
	}
	for _, part := range strings.FieldsFunc(v.text, func(r rune) bool { return r == ',' || r == ';' }) {
		if t := ogp.CollapseSpace(part); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// fieldSet holds the labelled values found on a page: known fields by name,
// unknown labels under their label, first occurrence winning.
type fieldSet struct {
	known      map[string]value
	other      map[string]string
	otherOrder []string
}

// fields collects label/value pairs outside the page's sections, from the
// markups the site uses: <dt>/<dd>, table rows, "<strong>Label:</strong>
// value" paragraphs and headings followed by their content.
func (p *page) fields(secs map[string]*goquery.Selection) fieldSet {
	fs := fieldSet{known: map[string]value{}, other: map[string]string{}}
	outside := func(s *goquery.Selection) bool { return !inside(s.Nodes[0], secs) }
	p.main.Find("dt").FilterFunction(func(_ int, s *goquery.Selection) bool { return outside(s) }).
		Each(func(_ int, dt *goquery.Selection) {
			dd := dt.NextUntil("dt").Filter("dd")
			fs.add(p, text(dt), value{sel: dd, text: text(dd)}, true)
		})
	p.main.Find("tr").FilterFunction(func(_ int, s *goquery.Selection) bool { return outside(s) }).
		Each(func(_ int, tr *goquery.Selection) {
			cells := tr.ChildrenFiltered("th, td")
			if cells.Length() < 2 {
				return
			}
			rest := cells.Slice(1, cells.Length())
			fs.add(p, text(cells.First()), value{sel: rest, text: text(rest)}, true)
		})
	p.main.Find("p, li, div").FilterFunction(func(_ int, s *goquery.Selection) bool { return outside(s) }).
		Each(func(_ int, e *goquery.Selection) {
			label, ok := leadingStrong(e.Nodes[0])
			if !ok {
				return
			}
			full := text(e)
			rest := strings.TrimLeft(strings.TrimPrefix(full, label), " :\u00a0\u202f")
			fs.add(p, label, value{text: rest}, true)
		})
	p.main.Find("h2, h3, h4, h5, h6").FilterFunction(func(_ int, s *goquery.Selection) bool { return outside(s) }).
		Each(func(_ int, h *goquery.Selection) {
			content := headingContent(h)
			fs.add(p, text(h), value{sel: content, text: strings.Join(paragraphs(content), ", ")}, false)
		})
	return fs
}

// leadingStrong returns the text of a <strong> or <b> that opens an element
// ("<p><strong>Statut :</strong> inactif</p>").
func leadingStrong(n *html.Node) (string, bool) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.TextNode && strings.TrimSpace(c.Data) == "":
			continue
		case c.Type == html.ElementNode && (c.Data == "strong" || c.Data == "b"):
			t := text(goquery.NewDocumentFromNode(c).Selection)
			return t, t != ""
		}
		return "", false
	}
	return "", false
}

// add records one pair. Unknown labels are kept when they come from a
// label/value markup (not from a mere heading) and look like labels.
func (fs *fieldSet) add(p *page, label string, v value, keepUnknown bool) {
	if name, ok := p.model.Field(label); ok {
		if _, seen := fs.known[name]; !seen {
			fs.known[name] = v
		}
		return
	}
	label = strings.TrimRight(ogp.CollapseSpace(label), " :\u00a0")
	if !keepUnknown || label == "" || len([]rune(label)) > 80 {
		return
	}
	if _, isSection := p.model.Section(label); isSection {
		return
	}
	if _, seen := fs.other[label]; !seen {
		fs.other[label] = v.text
		fs.otherOrder = append(fs.otherOrder, label)
	}
}

// apply stores the fields in the record, turning labels into terms.
func (fs fieldSet) apply(rec *ogp.Commitment) {
	str := func(name string) string { return fs.known[name].text }
	term := func(name, vocab string) ogp.Term { return ogp.Vocab(vocab).Term(str(name)) }
	terms := func(name, vocab string) []ogp.Term {
		out := []ogp.Term{}
		for _, it := range fs.known[name].items() {
			out = append(out, ogp.Vocab(vocab).Term(it))
		}
		return out
	}
	rec.ActionPlan = str("action_plan")
	rec.Year = yearOf(str("year"))
	rec.Status = term("status", ogp.VocabStatus)
	rec.LeadInstitution = str("lead_institution")
	rec.SupportInstitutions = str("support_institutions")
	rec.PolicyAreas = terms("policy_areas", ogp.VocabPolicyArea)
	rec.IRMReport = str("irm_report")
	rec.Starred = term("starred", ogp.VocabYesNo)
	rec.Verifiable = term("verifiable", ogp.VocabYesNo)
	rec.EarlyResults = term("early_results", ogp.VocabEarlyResults)
	rec.RelevantValues = terms("relevant_values", ogp.VocabOGPValue)
	rec.PotentialImpact = term("potential_impact", ogp.VocabPotentialImpact)
	rec.Completion = term("completion", ogp.VocabCompletion)
	for _, label := range fs.otherOrder {
		rec.OtherFields[label] = fs.other[label]
	}
}
