package fixturesite

import (
	"fmt"
	"strings"

	"github.com/ogpsearch/ogpsearch/internal/sample"
)

// disallowedPath is the commitment robots.txt forbids. It is not in the
// sample; member pages link to it and a correct crawler never requests it.
const disallowedPath = "/members/canada/commitments/CA0099/"

// hostileLinks are the extra commitment-shaped links of hostile member
// pages: a redirect loop, an off-site redirect, a redirect to the trap and
// an oversized page. None of them is a sample commitment.
var hostileLinks = []string{
	"/members/kenya/commitments/KE0990/",
	"/members/kenya/commitments/KE0992/",
	"/members/kenya/commitments/KE0993/",
	"/members/kenya/commitments/KE0999/",
}

// duplicates returns other spellings of a commitment link: tracking
// parameters, a lower-case ID, a fragment, an absolute upper-case form and
// a protocol-relative form. They all reach the same page.
func duplicates(c sample.Commitment, lang, base string) []string {
	href := commitmentPath(c.Member, c.ID, lang)
	host := strings.TrimPrefix(strings.TrimPrefix(base, "http://"), "https://")
	return []string{
		href + "?utm_source=newsletter&utm_medium=email",
		href + "?fbclid=abc",
		commitmentPath(c.Member, strings.ToLower(c.ID), lang),
		href + "#top",
		strings.ToUpper(base) + href,
		"//" + host + href,
	}
}

// renderMember renders page `page` of a member's commitment list in lang;
// false when the member, language or page does not exist.
func renderMember(site *sample.Site, member, lang string, page, pageSize int, base string, hostile bool) ([]byte, bool) {
	cs := site.ByMember(member)
	langs := siteLanguages(cs)
	pages := pageCount(len(cs), pageSize)
	if len(cs) == 0 || !hasLanguage(langs, lang) || page > pages {
		return nil, false
	}
	var b strings.Builder
	fmt.Fprintf(&b, "<nav class=\"breadcrumb\"><a href=\"%s\">%s</a></nav>\n", membersPath(lang, 1), esc(text(lang, "members")))
	fmt.Fprintf(&b, "<section class=\"member-commitments\">\n<h2>%s</h2>\n<ul class=\"commitment-index\">\n", esc(sectionLabel("related", lang)))
	end := min(page*pageSize, len(cs))
	for i, c := range cs[(page-1)*pageSize : end] {
		l := lang
		if _, ok := c.Pages[l]; !ok {
			l = "en"
		}
		fmt.Fprintf(&b, " <li class=\"index-entry\"><a href=\"%s\">%s (%s)</a>", commitmentPath(c.Member, c.ID, l), esc(c.Pages[l].Title), c.ID)
		dups := duplicates(c, l, base)
		if i > 0 {
			dups = dups[i%len(dups) : i%len(dups)+1]
		}
		for _, d := range dups {
			fmt.Fprintf(&b, " <a class=\"more-link\" href=\"%s\">›</a>", esc(d))
		}
		b.WriteString("</li>\n")
	}
	if page == 1 {
		fmt.Fprintf(&b, " <li class=\"index-entry draft\"><a href=\"%s%s\">CA0099</a></li>\n", prefix(lang), disallowedPath)
		if hostile {
			for _, h := range hostileLinks {
				id := strings.TrimSuffix(h[strings.LastIndex(h[:len(h)-1], "/")+1:], "/")
				fmt.Fprintf(&b, " <li class=\"index-entry\"><a href=\"%s\">%s</a></li>\n", h, id)
			}
		}
	}
	b.WriteString("</ul>\n")
	pagination(&b, lang, page, pages, func(n int) string { return memberPath(member, lang, n) })
	b.WriteString("</section>\n")
	in := func(l string) string { return memberPath(member, l, page) }
	return simplePage(lang, memberName(member, lang), b.String(), base, in(lang), langs, in), true
}
