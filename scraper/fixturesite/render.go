package fixturesite

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
	"github.com/ogpsearch/ogpsearch/internal/sample"
)

// Render writes the page of commitment c in lang, in the given markup, as
// the fixture server would serve it in UTF-8. Absolute links (canonical,
// hreflang alternates) start with base, e.g. "http://127.0.0.1:4711" or
// "https://www.opengovpartnership.org". The member's other commitments come
// from site. The text of a language c has no page in falls back to English.
// Rendering is deterministic: the same arguments give the same bytes.
func Render(site *sample.Site, c sample.Commitment, lang string, markup Markup, base string) []byte {
	return renderCommitment(site, c, lang, pageStyle(c, lang, markup), charsetUTF8, base)
}

// renderCommitment renders a commitment page with an explicit style and
// charset declaration (the hostile encodings change both).
func renderCommitment(site *sample.Site, c sample.Commitment, lang string, st style, meta, base string) []byte {
	pg, ok := c.Pages[lang]
	if !ok {
		pg = c.Pages["en"]
	}
	title := pg.Title + " (" + c.ID + ")"
	self := commitmentPath(c.Member, c.ID, lang)
	f := frame{lang: lang, title: title, canonical: base + self, meta: meta, trapPath: self, inlineTrap: st.inlineTrap}
	for _, l := range c.Languages() {
		f.alternates = append(f.alternates, link{l, base + commitmentPath(c.Member, c.ID, l)})
		if l != lang {
			f.switcher = append(f.switcher, link{l, commitmentPath(c.Member, c.ID, l)})
		}
	}
	f.alternates = append(f.alternates, link{"x-default", base + commitmentPath(c.Member, c.ID, "en")})
	names := [...]string{
		MarkupDL:    "commitment-template-default single single-commitment postid-%d",
		MarkupP:     "single commitment-page layout-summary page-id-%d",
		MarkupTable: "single commitment-page layout-facts entry-%d",
	}
	f.bodyClass = fmt.Sprintf(names[st.markup], 20000+hash("post", c.ID)%5000)

	var b strings.Builder
	b.Grow(16 << 10)
	writeHead(&b, f)
	writeHeader(&b, f)
	crumb := fmt.Sprintf("<a href=\"%s\">%s</a>", memberPath(c.Member, lang, 1), esc(memberName(c.Member, lang)))
	switch st.markup {
	case MarkupTable:
		fmt.Fprintf(&b, "<div id=\"content\" class=\"content-area\" role=\"main\">\n<nav class=\"crumbs\" aria-label=\"breadcrumb\">%s</nav>\n<h1>%s</h1>\n", crumb, esc(title))
	case MarkupP:
		fmt.Fprintf(&b, "<main id=\"content\" class=\"page-main\">\n<nav class=\"crumbs\" aria-label=\"breadcrumb\">%s</nav>\n<h1 class=\"commitment-title\">%s</h1>\n", crumb, esc(title))
	default:
		fmt.Fprintf(&b, "<main id=\"content\" class=\"site-main\">\n<nav class=\"breadcrumb\">%s</nav>\n<h1 class=\"entry-title\">%s</h1>\n", crumb, esc(title))
	}
	writeGlance(&b, buildGlance(c, lang, st), lang, st)
	writeText(&b, sectionLabel("description", lang), "commitment-description", pg.Description, st)
	writeText(&b, sectionLabel("irm_summary", lang), "irm-summary", pg.IRMSummary, st)
	writeRelated(&b, site, c.Member, lang, st)
	if st.markup == MarkupTable {
		b.WriteString("</div>\n")
	} else {
		b.WriteString("</main>\n")
	}
	writeFooter(&b, f)
	return []byte(b.String())
}

// writeText writes a section of paragraphs under an <h2>; no paragraphs, no
// section.
func writeText(b *strings.Builder, heading, class string, paras []string, st style) {
	if len(paras) == 0 {
		return
	}
	if st.markup == MarkupDL {
		fmt.Fprintf(b, "<section class=\"%s\">\n <h2>%s</h2>\n <div class=\"entry-content\">\n", class, esc(heading))
	} else {
		fmt.Fprintf(b, "<div class=\"commitment-text\">\n <h2>%s</h2>\n <div>\n", esc(heading))
	}
	for _, p := range paras {
		fmt.Fprintf(b, "  <p>%s</p>\n", esc(p))
	}
	if st.markup == MarkupDL {
		b.WriteString(" </div>\n</section>\n")
	} else {
		b.WriteString(" </div>\n</div>\n")
	}
}

// writeRelated writes the list of every commitment of the member, the
// page's own included: title link (in lang when translated), then "ID,
// year, first policy area".
func writeRelated(b *strings.Builder, site *sample.Site, member, lang string, st style) {
	heading := esc(sectionLabel("related", lang))
	switch st.markup {
	case MarkupP:
		fmt.Fprintf(b, "<div class=\"related-commitments\">\n <h2>%s</h2>\n <ul class=\"related-list\">\n", heading)
	case MarkupTable:
		fmt.Fprintf(b, "<div class=\"member-list\">\n <h2>%s</h2>\n <ol class=\"commitment-index\">\n", heading)
	default:
		fmt.Fprintf(b, "<section class=\"member-commitments\">\n <h2>%s</h2>\n <ol class=\"commitment-list\">\n", heading)
	}
	if site != nil {
		for _, o := range site.ByMember(member) {
			l := lang
			if _, ok := o.Pages[l]; !ok {
				l = "en"
			}
			href, title := commitmentPath(o.Member, o.ID, l), esc(o.Pages[l].Title)
			year, areaLabel := "", ""
			if o.Year > 0 {
				year = strconv.Itoa(o.Year)
			}
			if len(o.PolicyAreas) > 0 {
				areaLabel = ogp.Vocab(ogp.VocabPolicyArea).Label(o.PolicyAreas[0], lang)
			}
			meta := esc(o.ID + ", " + year + ", " + areaLabel)
			switch st.markup {
			case MarkupP:
				fmt.Fprintf(b, "  <li><a href=\"%s\">%s</a> <small class=\"related-meta\">%s</small></li>\n", href, title, meta)
			case MarkupTable:
				fmt.Fprintf(b, "  <li class=\"index-item\"><a href=\"%s\">%s</a><br><span class=\"item-meta\">%s</span></li>\n", href, title, meta)
			default:
				fmt.Fprintf(b, "  <li class=\"commitment-card\"><a href=\"%s\"><span class=\"commitment-card__title\">%s</span></a><p class=\"commitment-card__meta\">%s</p></li>\n", href, title, meta)
			}
		}
	}
	switch st.markup {
	case MarkupP:
		b.WriteString(" </ul>\n</div>\n")
	case MarkupTable:
		b.WriteString(" </ol>\n</div>\n")
	default:
		b.WriteString(" </ol>\n</section>\n")
	}
}
