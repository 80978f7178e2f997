package scraper

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// robotsCase is one robots.txt decision: the file, a path and query as
// found in a link, and whether we may fetch it. Our product token is
// "ogpsearch-test" (testUA).
type robotsCase struct {
	name   string
	robots string
	path   string
	want   bool
}

// rfc9309Cases are the rules of RFC 9309 the crawler must get right.
var rfc9309Cases = []robotsCase{
	// A UTF-8 byte order mark does not hide the first line (§2.2: the file
	// is UTF-8; a BOM is not part of the first record).
	{"bom then star group", "\ufeffUser-agent: *\nDisallow: /private/\n", "/private/x", false},
	{"bom then our group", "\ufeffUser-agent: ogpsearch-test\nDisallow: /\n\nUser-agent: *\nAllow: /\n", "/x", false},
	{"bom and CRLF", "\ufeffUser-agent: *\r\nDisallow: /a\r\n", "/a/b", false},
	{"truncated bom", "\xef\xbbUser-agent: *\nDisallow: /a\n", "/a", false},
	{"bom before a comment", "\ufeff# comment\nUser-agent: *\nDisallow: /a\n", "/a", false},

	// Equal-length allow and disallow: the least restrictive (allow) wins
	// (§2.2.2), whatever their order and group.
	{"tie, allow first", "User-agent: *\nAllow: /page\nDisallow: /page\n", "/page", true},
	{"tie, disallow first", "User-agent: *\nDisallow: /page\nAllow: /page\n", "/page", true},
	{"tie, longer path", "User-agent: *\nDisallow: /x/page.html\nAllow: /x/page.html\n", "/x/page.html", true},
	{"tie, wildcard against literal", "User-agent: *\nAllow: /x/y.html\nDisallow: /*/y.html\n", "/x/y.html", true},
	{"tie, star rule", "User-agent: *\nDisallow: /*\nAllow: /a\n", "/a/b", true},
	{"tie, dollar against star", "User-agent: *\nDisallow: /a$\nAllow: /a*\n", "/a", true},
	{"tie across merged groups", "User-agent: *\nDisallow: /p\n\nUser-agent: *\nAllow: /p\n", "/p", true},

	// The longest match wins (§2.2.2).
	{"longer disallow wins", "User-agent: *\nAllow: /a\nDisallow: /a/b\n", "/a/b/c", false},
	{"longer allow wins", "User-agent: *\nDisallow: /a\nAllow: /a/b\n", "/a/b/c", true},
	{"only the shorter matches", "User-agent: *\nDisallow: /a\nAllow: /a/b\n", "/a/c", false},
	{"no rule matches", "User-agent: *\nDisallow: /a\n", "/b", true},
	{"empty disallow", "User-agent: *\nDisallow:\n", "/x", true},
	{"longest across merged groups", "User-agent: *\nDisallow: /\n\nUser-agent: *\nAllow: /members/\n", "/members/x", true},
	{"rules match from the start only", "User-agent: *\nDisallow: /secret\n", "/x/secret", true},
	{"rules are case-sensitive", "User-agent: *\nDisallow: /Secret\n", "/secret", true},

	// A wildcard rule's length is its length in octets as written, "*"
	// and "$" included, not the length of what it matched.
	{"wildcard allow shorter as written", "User-agent: *\nAllow: /*.html\nDisallow: /x/page.h\n", "/x/page.html", false},
	{"wildcard disallow longer as written", "User-agent: *\nAllow: /page\nDisallow: /*.html\n", "/page.html", false},
	{"literal allow longer than wildcard", "User-agent: *\nAllow: /x/page.\nDisallow: /*.html\n", "/x/page.html", true},
	{"wildcard rule longer than literal", "User-agent: *\nAllow: /a/\nDisallow: /*/*.pdf\n", "/a/x.pdf", false},
	{"dollar counts in the length", "User-agent: *\nAllow: /$\nDisallow: /\n", "/", true},
	{"dollar: not the end", "User-agent: *\nAllow: /$\nDisallow: /\n", "/x", false},
	{"dollar against a longer allow", "User-agent: *\nDisallow: /*.pdf$\nAllow: /docs/\n", "/docs/a.pdf", false},
	{"dollar against a longer allow, query", "User-agent: *\nDisallow: /*.pdf$\nAllow: /docs/\n", "/docs/a.pdf?x=1", true},

	// "*" matches any run of octets, "$" the end of the URL (§2.2.3).
	{"star matches nothing", "User-agent: *\nDisallow: /fish*\n", "/fish", false},
	{"star inside", "User-agent: *\nDisallow: /fish*.php\n", "/fishheads/catfish.php?parameters", false},
	{"star inside, case", "User-agent: *\nDisallow: /fish*.php\n", "/Fish.PHP", true},
	{"several stars", "User-agent: *\nDisallow: /a*b*c\n", "/axxbyyc/z", false},
	{"several stars, one missing", "User-agent: *\nDisallow: /a*b*c\n", "/axxbyy", true},
	{"consecutive stars", "User-agent: *\nDisallow: /a**b\n", "/ab", false},
	{"star needs backtracking", "User-agent: *\nDisallow: /*ab$\n", "/aab", false},
	{"star and dollar, no match", "User-agent: *\nDisallow: /*ab$\n", "/aba", true},
	{"dollar at the end", "User-agent: *\nDisallow: /*.php$\n", "/index.php", false},
	{"dollar: query follows", "User-agent: *\nDisallow: /*.php$\n", "/index.php?x=1", true},
	{"dollar: path goes on", "User-agent: *\nDisallow: /*.php$\n", "/filename.php/", true},
	{"dollar alone on a path", "User-agent: *\nDisallow: /exact$\n", "/exact", false},
	{"dollar alone, longer path", "User-agent: *\nDisallow: /exact$\n", "/exactly", true},
	{"dollar inside is literal", "User-agent: *\nDisallow: /a$b\n", "/a$b", false},
	{"dollar inside is not an anchor", "User-agent: *\nDisallow: /a$b\n", "/a", true},

	// Octets are compared; a %-encoded unreserved character is its literal
	// form, non-ASCII octets are compared %-encoded, the case of hex digits
	// does not matter, and an encoded reserved character is not the
	// character (§2.2.2).
	{"encoded unreserved in the rule", "User-agent: *\nDisallow: /\nAllow: /foo/bar/%62%61%7A\n", "/foo/bar/baz", true},
	{"encoded unreserved in the URL", "User-agent: *\nDisallow: /foo/bar/baz\n", "/foo/bar/%62%61%7A", false},
	{"tilde encoded in the URL", "User-agent: *\nDisallow: /~user\n", "/%7Euser/x", false},
	{"tilde encoded in the rule", "User-agent: *\nDisallow: /%7euser\n", "/~user/x", false},
	{"UTF-8 rule, encoded URL", "User-agent: *\nDisallow: /foo/bar/ツ\n", "/foo/bar/%E3%83%84", false},
	{"encoded rule, UTF-8 URL", "User-agent: *\nDisallow: /foo/bar/%E3%83%84\n", "/foo/bar/ツ", false},
	{"lower-case hex in the rule", "User-agent: *\nDisallow: /foo/bar/%e3%83%84\n", "/foo/bar/%E3%83%84", false},
	{"lower-case hex in the URL", "User-agent: *\nDisallow: /foo/bar/%E3%83%84\n", "/foo/bar/%e3%83%84", false},
	{"encoded slash is not a slash", "User-agent: *\nDisallow: /a/b\n", "/a%2Fb", true},
	{"slash is not an encoded slash", "User-agent: *\nDisallow: /a%2Fb\n", "/a/b", true},
	{"encoded slash, either case", "User-agent: *\nDisallow: /a%2fb\n", "/a%2Fb", false},
	{"encoded & is not a separator", "User-agent: *\nDisallow: /s?q=a%26b\n", "/s?q=a&b", true},
	{"encoded star is a literal star", "User-agent: *\nDisallow: /a%2A\n", "/ab", true},
	{"encoded star matches itself", "User-agent: *\nDisallow: /a%2A\n", "/a%2A", false},
	{"space in the rule", "User-agent: *\nDisallow: /a b\n", "/a%20b", false},

	// The query string is matched as found in the link, not reordered.
	{"query as found", "User-agent: *\nDisallow: /?s=\n", "/?s=x&lang=fr", false},
	{"query as found, other order", "User-agent: *\nDisallow: /?s=\n", "/?lang=fr&s=x", true},
	{"query wildcard", "User-agent: *\nDisallow: /*?*sessionid=\n", "/page?lang=en&sessionid=1", false},
	{"question mark", "User-agent: *\nDisallow: /*?\n", "/page?x", false},
	{"question mark, no query", "User-agent: *\nDisallow: /*?\n", "/page", true},
	{"path rule covers its queries", "User-agent: *\nDisallow: /a\n", "/a?x=1", false},
	{"query parameter in the middle", "User-agent: *\nDisallow: /*&sort=\n", "/list?page=2&sort=asc", false},

	// Groups: the groups naming our product token (case-insensitively,
	// exactly) are merged and replace the "*" groups, which are merged
	// too (§2.2.1).
	{"our group replaces star", "User-agent: *\nDisallow: /\n\nUser-agent: ogpsearch-test\nAllow: /\n", "/x", true},
	{"our group, case-insensitive", "User-agent: *\nDisallow: /a\n\nUser-agent: OGPSearch-Test\nDisallow: /b\n", "/b", false},
	{"our group, star rules dropped", "User-agent: *\nDisallow: /a\n\nUser-agent: OGPSearch-Test\nDisallow: /b\n", "/a", true},
	{"our token with a version", "User-agent: ogpsearch-test/2.0\nDisallow: /b\n", "/b", false},
	{"our token and a comment", "User-agent: ogpsearch-test # us\nDisallow: /b\n", "/b", false},
	{"a prefix of our token is another bot", "User-agent: ogpsearch\nDisallow: /\n", "/x", true},
	{"our token is a prefix of another bot", "User-agent: ogpsearch-testing\nDisallow: /\n", "/x", true},
	{"our groups merged, first", "User-agent: ogpsearch-test\nDisallow: /a\n\nUser-agent: *\nDisallow: /c\n\nUser-agent: ogpsearch-test\nDisallow: /b\n", "/a", false},
	{"our groups merged, second", "User-agent: ogpsearch-test\nDisallow: /a\n\nUser-agent: *\nDisallow: /c\n\nUser-agent: ogpsearch-test\nDisallow: /b\n", "/b", false},
	{"our groups merged, star ignored", "User-agent: ogpsearch-test\nDisallow: /a\n\nUser-agent: *\nDisallow: /c\n\nUser-agent: ogpsearch-test\nDisallow: /b\n", "/c", true},
	{"several agents, one group", "User-agent: otherbot\nUser-agent: ogpsearch-test\nDisallow: /b\n", "/b", false},
	{"a group ends at the next agent", "User-agent: ogpsearch-test\nDisallow: /b\nUser-agent: otherbot\nDisallow: /c\n", "/c", true},
	{"star groups merged", "User-agent: *\nDisallow: /a\n\nUser-agent: *\nDisallow: /b\n", "/b", false},
	{"star applies when no group is ours", "User-agent: otherbot\nAllow: /\n\nUser-agent: *\nDisallow: /\n", "/x", false},
	{"another bot's group only", "User-agent: otherbot\nDisallow: /\n", "/x", true},
	{"keys are case-insensitive", "USER-AGENT: *\nDISALLOW: /a\n", "/a", false},
	{"rules before any group are ignored", "Disallow: /a\nUser-agent: *\nDisallow: /b\n", "/a", true},
	{"sitemap inside a group", "User-agent: *\nSitemap: https://e.org/s.xml\nDisallow: /a\n", "/a", false},
	{"unknown line inside a group", "User-agent: *\nNoindex: /x\nDisallow: /a\n", "/a", false},
	{"blank line inside a group", "User-agent: *\n\nDisallow: /a\n", "/a", false},

	// Lines.
	{"CR line ends", "User-agent: *\rDisallow: /a\r", "/a", false},
	{"no final line end", "User-agent: *\nDisallow: /a", "/a", false},
	{"spaces around keys and values", "  User-agent :  *  \n\tDisallow\t:\t/a\t\n", "/a", false},
	{"comment after a rule", "User-agent: *\nDisallow: /a # not /b\n", "/b", true},
	{"comment after a rule, the rule", "User-agent: *\nDisallow: /a # not /b\n", "/a", false},
	{"an overlong line is skipped, the rest read", "User-agent: *\nDisallow: /" + strings.Repeat("x", 40<<10) + "\nDisallow: /b\n", "/b", false},
}

// TestRobotsRFC9309 checks every case on the URL as a link holds it and on
// the URL Normalize makes of it (what the crawler passes).
func TestRobotsRFC9309(t *testing.T) {
	for _, tc := range rfc9309Cases {
		r, err := parseRobots(200, []byte(tc.robots), testUA)
		if err != nil {
			t.Errorf("%s: parse: %v", tc.name, err)
			continue
		}
		raw, err := url.Parse("https://e.org" + tc.path)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := r.allowed(raw); got != tc.want {
			t.Errorf("%s: allowed(%s) = %v, want %v", tc.name, tc.path, got, tc.want)
			continue
		}
		norm, err := Normalize("https://e.org"+tc.path, nil)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := r.allowed(norm); got != tc.want {
			t.Errorf("%s: allowed(Normalize(%s) = %s) = %v, want %v", tc.name, tc.path, norm, got, tc.want)
		}
	}
}

// FuzzRobotsMatch checks robotsMatch against a regular expression built
// from the same pattern, and that parsing any file never panics.
func FuzzRobotsMatch(f *testing.F) {
	for _, s := range [][2]string{{"/a*b$", "/aab"}, {"/*.php$", "/x.php?y"}, {"/**", "/"}, {"/a$b", "/a$b"}, {"*", ""}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, pattern, path string) {
		r, _ := parseRobots(200, []byte("User-agent: *\nDisallow: "+pattern+"\n"+path), testUA)
		r.allowedPath("/" + path)
		if !utf8.ValidString(pattern) || !utf8.ValidString(path) {
			return // the reference regexp reads UTF-8; robotsMatch reads octets
		}
		anchored := strings.HasSuffix(pattern, "$")
		body := strings.TrimSuffix(pattern, "$")
		var re strings.Builder
		re.WriteString(`(?s)^`)
		for i, part := range strings.Split(body, "*") {
			if i > 0 {
				re.WriteString(".*")
			}
			re.WriteString(regexp.QuoteMeta(part))
		}
		if anchored {
			re.WriteString(`\z`)
		}
		want := regexp.MustCompile(re.String()).MatchString(path)
		if got := robotsMatch(pattern, path); got != want {
			t.Fatalf("robotsMatch(%q, %q) = %v, want %v", pattern, path, got, want)
		}
	})
}
