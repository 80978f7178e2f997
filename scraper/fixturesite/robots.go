package fixturesite

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ogpsearch/ogpsearch/internal/sample"
)

// robotsTxt is the robots.txt of the fixture: a WordPress-like first group,
// then a second "User-agent: *" group that holds the rules that matter (the
// trap and the disallowed commitment), so a parser that reads only the
// first matching group misses them.
func robotsTxt(base string, crawlDelay time.Duration) []byte {
	var b strings.Builder
	b.WriteString("# WordPress robots.txt\n")
	b.WriteString("User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n\n")
	b.WriteString("# Added by the security plugin\n")
	b.WriteString("User-agent: *\n")
	b.WriteString("Disallow: /*blackhole\n")
	b.WriteString("Disallow: /?blackhole\n")
	b.WriteString("Disallow: /private/\n")
	b.WriteString("Disallow: /*/drafts/$\n")
	b.WriteString("Disallow: " + disallowedPath + "\n")
	b.WriteString("Disallow: /*" + disallowedPath + "\n")
	if crawlDelay > 0 {
		b.WriteString("Crawl-delay: " + strconv.FormatFloat(crawlDelay.Seconds(), 'f', -1, 64) + "\n")
	}
	fmt.Fprintf(&b, "\nSitemap: %s/wp-sitemap.xml\n", base)
	return []byte(b.String())
}

// sitemapMember picks the member whose English pages the sitemap lists:
// france when the sample has it, else the first member.
func sitemapMember(site *sample.Site) string {
	members := site.Members()
	for _, m := range members {
		if m == "france" {
			return m
		}
	}
	if len(members) > 0 {
		return members[0]
	}
	return ""
}

// sitemapXML lists the English commitment pages of one member plus one
// off-host URL a crawler must ignore.
func sitemapXML(site *sample.Site, base string) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for _, c := range site.ByMember(sitemapMember(site)) {
		fmt.Fprintf(&b, " <url><loc>%s%s</loc><lastmod>%s</lastmod></url>\n",
			esc(base), commitmentPath(c.Member, c.ID, "en"), baseModTime.Format("2006-01-02"))
	}
	b.WriteString(" <url><loc>http://elsewhere.example/members/france/commitments/FR0001/</loc></url>\n")
	b.WriteString("</urlset>\n")
	return []byte(b.String())
}
