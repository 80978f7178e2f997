package fixturesite

import (
	"strconv"
	"strings"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// prefix is the path prefix of a language: "" for English, "/fr" for French.
func prefix(lang string) string {
	if lang == "" || lang == "en" {
		return ""
	}
	return "/" + lang
}

// commitmentPath is the canonical path of a commitment page.
func commitmentPath(member, id, lang string) string {
	return prefix(lang) + "/members/" + member + "/commitments/" + id + "/"
}

// memberPath is the path of a member page: English pages paginate with
// ?page=N, translated ones with /page/N/, as WordPress does.
func memberPath(member, lang string, page int) string {
	p := prefix(lang) + "/members/" + member + "/"
	switch {
	case page <= 1:
		return p
	case lang == "" || lang == "en":
		return p + "?page=" + strconv.Itoa(page)
	default:
		return p + "page/" + strconv.Itoa(page) + "/"
	}
}

// membersPath is the path of the member index, paginated with ?page=N in
// every language.
func membersPath(lang string, page int) string {
	p := prefix(lang) + "/our-members/"
	if page > 1 {
		p += "?page=" + strconv.Itoa(page)
	}
	return p
}

// route is a request path taken apart.
type route struct {
	kind   string // "home", "members", "member", "commitment", or "" (unknown)
	lang   string
	member string
	id     string // as written in the URL (case kept)
	page   int    // from /page/N/; 0 when absent
	slash  bool   // the path ends with a slash
}

// parseRoute recognises the URL shapes the fixture serves. robots.txt and
// the sitemap are handled before it.
func parseRoute(path string) route {
	r := route{lang: "en", slash: strings.HasSuffix(path, "/")}
	segs := strings.FieldsFunc(path, func(c rune) bool { return c == '/' })
	if len(segs) > 0 && segs[0] != "en" && isLanguage(segs[0]) {
		r.lang, segs = segs[0], segs[1:]
	}
	// A trailing page/N/ belongs to the listings.
	if n := len(segs); n >= 2 && segs[n-2] == "page" {
		p, err := strconv.Atoi(segs[n-1])
		if err != nil || p < 1 {
			return route{}
		}
		r.page, segs = p, segs[:n-2]
	}
	switch {
	case len(segs) == 0 && r.page == 0:
		r.kind = "home"
	case len(segs) == 1 && segs[0] == "our-members":
		r.kind = "members"
	case len(segs) == 2 && segs[0] == "members":
		r.kind, r.member = "member", segs[1]
	case len(segs) == 4 && segs[0] == "members" && segs[2] == "commitments" && r.page == 0:
		r.kind, r.member, r.id = "commitment", segs[1], segs[3]
	}
	return r
}

// isLanguage reports whether a path segment is a translation prefix.
func isLanguage(s string) bool {
	for _, l := range ogp.Languages() {
		if l == s {
			return true
		}
	}
	return false
}
