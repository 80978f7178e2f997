package fixturesite

import (
	"fmt"
	"strings"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
	"github.com/ogpsearch/ogpsearch/internal/sample"
)

// membersPageSize is how many members one page of /our-members/ lists.
const membersPageSize = 3

// siteLanguages returns the languages any commitment of the given ones has
// a page in, in the order of ogp.Languages().
func siteLanguages(cs []sample.Commitment) []string {
	var out []string
	for _, l := range ogp.Languages() {
		for _, c := range cs {
			if _, ok := c.Pages[l]; ok {
				out = append(out, l)
				break
			}
		}
	}
	return out
}

// hasLanguage reports whether langs holds lang.
func hasLanguage(langs []string, lang string) bool {
	for _, l := range langs {
		if l == lang {
			return true
		}
	}
	return false
}

// pageCount is the number of listing pages n items fill; at least one.
func pageCount(n, size int) int {
	if n <= size {
		return 1
	}
	return (n + size - 1) / size
}

// simplePage renders any non-commitment page: the chrome around a <main>
// holding an <h1> and the given HTML.
func simplePage(lang, title, body, base, path string, langs []string, pathIn func(string) string) []byte {
	f := frame{lang: lang, title: title, meta: charsetUTF8, trapPath: path, bodyClass: "page"}
	if base != "" {
		f.canonical = base + path
	}
	for _, l := range langs {
		f.alternates = append(f.alternates, link{l, base + pathIn(l)})
		if l != lang {
			f.switcher = append(f.switcher, link{l, pathIn(l)})
		}
	}
	var b strings.Builder
	writeHead(&b, f)
	writeHeader(&b, f)
	fmt.Fprintf(&b, "<main id=\"content\" class=\"site-main\">\n<h1 class=\"entry-title\">%s</h1>\n%s</main>\n", esc(title), body)
	writeFooter(&b, f)
	return []byte(b.String())
}

// pagination writes previous / numbered / next links.
func pagination(b *strings.Builder, lang string, page, pages int, pathOf func(int) string) {
	if pages <= 1 {
		return
	}
	b.WriteString("<nav class=\"pagination\">\n")
	if page > 1 {
		fmt.Fprintf(b, " <a class=\"prev\" rel=\"prev\" href=\"%s\">%s</a>\n", esc(pathOf(page-1)), esc(text(lang, "prev")))
	}
	for i := 1; i <= pages; i++ {
		if i == page {
			fmt.Fprintf(b, " <span class=\"current\">%d</span>\n", i)
		} else {
			fmt.Fprintf(b, " <a class=\"page-numbers\" href=\"%s\">%d</a>\n", esc(pathOf(i)), i)
		}
	}
	if page < pages {
		fmt.Fprintf(b, " <a class=\"next\" rel=\"next\" href=\"%s\">%s</a>\n", esc(pathOf(page+1)), esc(text(lang, "next")))
	}
	b.WriteString("</nav>\n")
}

// renderMembers renders page `page` of the member index in lang; false when
// the page does not exist.
func renderMembers(site *sample.Site, lang string, page int, base string) ([]byte, bool) {
	langs := siteLanguages(site.Commitments)
	members := site.Members()
	pages := pageCount(len(members), membersPageSize)
	if !hasLanguage(langs, lang) || page > pages {
		return nil, false
	}
	var b strings.Builder
	b.WriteString("<ul class=\"member-index\">\n")
	end := min(page*membersPageSize, len(members))
	for _, m := range members[(page-1)*membersPageSize : end] {
		l := lang
		if !hasLanguage(siteLanguages(site.ByMember(m)), l) {
			l = "en"
		}
		fmt.Fprintf(&b, " <li class=\"member-card\"><a href=\"%s\">%s</a></li>\n", memberPath(m, l, 1), esc(memberName(m, lang)))
	}
	b.WriteString("</ul>\n")
	pagination(&b, lang, page, pages, func(n int) string { return membersPath(lang, n) })
	in := func(l string) string { return membersPath(l, page) }
	return simplePage(lang, text(lang, "members"), b.String(), base, in(lang), langs, in), true
}

// homePage renders / and its translations: a link to the member index.
func homePage(lang, base string, langs []string) []byte {
	body := fmt.Sprintf("<p><a href=\"%s\">%s</a></p>\n", membersPath(lang, 1), esc(text(lang, "members")))
	return simplePage(lang, text(lang, "home"), body, base, prefix(lang)+"/", langs, func(l string) string { return prefix(l) + "/" })
}

// notFoundPage is the body of every 404.
func notFoundPage(lang string) []byte {
	return simplePage(lang, text(lang, "notFound"), "", "", prefix(lang)+"/404/", nil, nil)
}
