package scraper

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

// wpRobots is WordPress's robots.txt with the Blackhole plugin's group
// appended as a second "User-agent: *" group.
const wpRobots = `# WordPress
User-agent: *
Disallow: /wp-admin/
Allow: /wp-admin/admin-ajax.php
Crawl-delay: 0.05

Sitemap: https://example.org/wp-sitemap.xml

User-agent: *
Disallow: /*blackhole
Disallow: /?blackhole
Disallow: /private/
Disallow: /*.pdf$

User-agent: OtherBot
Disallow: /
`

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := Normalize(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestRobotsRules(t *testing.T) {
	r, err := parseRobots(200, []byte(wpRobots), testUA)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path string
		want bool
	}{
		{"/members/kenya/", true},
		{"/wp-admin/options.php", false},    // first group
		{"/wp-admin/admin-ajax.php", true},  // longest match wins
		{"/private/x", false},               // second group, merged
		{"/?blackhole=1a2b", false},         // literal rule
		{"/fr/?blackhole=1a2b", false},      // only the wildcard covers this
		{"/es/members/x/?blackhole", false}, // wildcard
		{"/doc.pdf", false},                 // $ anchor
		{"/doc.pdf?x=1", true},              // $ anchor: not at the end
		{"/doc.pdfs", true},                 // $ anchor
		{"/x/private/y", true},              // rules match from the start only
		{"/members/x/commitments/KR0018/", true},
	}
	for _, tt := range tests {
		if got := r.allowed(mustURL(t, "https://example.org"+tt.path)); got != tt.want {
			t.Errorf("allowed(%s) = %v, want %v", tt.path, got, tt.want)
		}
	}
	if d := r.crawlDelay(); d != 50*time.Millisecond {
		t.Errorf("crawl delay = %v, want 50ms", d)
	}
	if got := r.sitemaps(); len(got) != 1 || got[0] != "https://example.org/wp-sitemap.xml" {
		t.Errorf("sitemaps = %v", got)
	}
}

func TestRobotsWildcardAnchoredAtStart(t *testing.T) {
	r, err := parseRobots(200, []byte("User-agent: *\nDisallow: /fr/*trap\nAllow: /*.css$\nDisallow: /assets/\nAllow: /assets/*.css$\nDisallow: /private/\nDisallow: /js/\n"), testUA)
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]bool{
		"/fr/x/trap":        false,
		"/es/fr/x/trap":     true,  // "/fr/" is not at the start
		"/assets/site.css":  true,  // the longer allow wins (15 octets against 8)
		"/assets/site.js":   false, // only the disallow matches
		"/private/x.css":    false, // "/private/" (9 octets) beats "/*.css$" (7 as written)
		"/js/x.css":         true,  // "/*.css$" (7) beats "/js/" (4)
		"/fr/members/kenya": true,
	} {
		if got := r.allowed(mustURL(t, "https://e.org"+path)); got != want {
			t.Errorf("allowed(%s) = %v, want %v", path, got, want)
		}
	}
}

func TestRobotsDisallowAllButMembers(t *testing.T) {
	r, err := parseRobots(200, []byte("User-agent: *\nDisallow: /\nAllow: /members/\n"), testUA)
	if err != nil {
		t.Fatal(err)
	}
	if !r.allowed(mustURL(t, "https://e.org/members/kenya/")) || r.allowed(mustURL(t, "https://e.org/about/")) ||
		r.allowed(mustURL(t, "https://e.org/")) {
		t.Error("Disallow: / with Allow: /members/ misapplied")
	}
}

func TestRobotsAgentGroups(t *testing.T) {
	body := "User-agent: *\nDisallow: /a/\n\nUser-agent: ogpsearch-test\nDisallow: /b/\nCrawl-delay: 2\n"
	r, err := parseRobots(200, []byte(body), testUA)
	if err != nil {
		t.Fatal(err)
	}
	// Our own group replaces the * group (RFC 9309 §2.2.1).
	if !r.allowed(mustURL(t, "https://e.org/a/x")) || r.allowed(mustURL(t, "https://e.org/b/x")) {
		t.Error("the group naming our product token was not the one applied")
	}
	if r.crawlDelay() != 2*time.Second {
		t.Errorf("crawl delay = %v", r.crawlDelay())
	}
}

func TestRobotsStatuses(t *testing.T) {
	u := mustURL(t, "https://e.org/members/kenya/")
	for status, want := range map[int]bool{404: true, 401: true, 403: true, 410: true, 500: false, 503: false} {
		r, err := parseRobots(status, []byte("User-agent: *\nDisallow: /\n"), testUA)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.allowed(u); got != want {
			t.Errorf("status %d: allowed = %v, want %v", status, got, want)
		}
	}
}

func TestRobotsSanitizes(t *testing.T) {
	// Bad lines are skipped; the rest of the file is read.
	body := "Disallow: /orphan/\nCrawl-delay: 3\nUser-agent: *\nCrawl-delay: soon\nDisallow: /private/\nnonsense line\n"
	r, err := parseRobots(200, []byte(body), testUA)
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	if r.allowed(mustURL(t, "https://e.org/private/x")) || !r.allowed(mustURL(t, "https://e.org/orphan/x")) {
		t.Error("rules after the bad lines were lost, or the orphan rule was kept")
	}
	if r.crawlDelay() != 0 {
		t.Errorf("crawl delay = %v, want 0", r.crawlDelay())
	}
}

func TestRobotsParseCap(t *testing.T) {
	var b strings.Builder
	b.WriteString("User-agent: *\nDisallow: /early/\n")
	for b.Len() < robotsMaxBytes+1000 {
		b.WriteString("# padding padding padding padding padding padding padding\n")
	}
	b.WriteString("Disallow: /late/\n")
	r, err := parseRobots(200, []byte(b.String()), testUA)
	if err != nil {
		t.Fatal(err)
	}
	if r.allowed(mustURL(t, "https://e.org/early/x")) {
		t.Error("rule within the cap ignored")
	}
	if !r.allowed(mustURL(t, "https://e.org/late/x")) {
		t.Error("rule beyond 500 KiB applied")
	}
}

func TestProductToken(t *testing.T) {
	for ua, want := range map[string]string{DefaultUserAgent: "ogpsearch", "Bot": "bot", "x y/1": "x"} {
		if got := productToken(ua); got != want {
			t.Errorf("productToken(%q) = %q, want %q", ua, got, want)
		}
	}
}
