package scraper

import (
	"errors"
	"net/url"
	"testing"

	"github.com/ogpsearch/ogpsearch/scraper/sitemodel"
)

func TestNormalize(t *testing.T) {
	base, _ := url.Parse("https://www.opengovpartnership.org/fr/members/south-korea/commitments/KR0018/")
	tests := []struct {
		raw, want string
	}{
		{"../KR0036/", "https://www.opengovpartnership.org/fr/members/south-korea/commitments/KR0036/"},
		{"../../../../../../x", "https://www.opengovpartnership.org/x"}, // above the root collapses to /
		{"./x", "https://www.opengovpartnership.org/fr/members/south-korea/commitments/KR0018/x"},
		{"//Other.EXAMPLE.org/a", "https://other.example.org/a"},
		{"/a/./b/../c", "https://www.opengovpartnership.org/a/c"},
		{"?page=2", "https://www.opengovpartnership.org/fr/members/south-korea/commitments/KR0018/?page=2"},
		{"HTTP://Example.COM:80/A?b=1#frag", "http://example.com/A?b=1"},
		{"https://example.com:443/", "https://example.com/"},
		{"https://example.com:8443", "https://example.com:8443/"},
		{"https://user:pw@example.com/", "https://example.com/"},
		{"https://example.com/?utm_source=x&utm_medium=y&b=2&a=1&fbclid=z&gclid=g&mc_cid=1&mc_eid=2&_ga=3&ref=tw", "https://example.com/?b=2&a=1"},
		{"https://example.com/?b=2&a=2&a=1", "https://example.com/?b=2&a=2&a=1"}, // as found: see dedupForm
		{"https://example.com/?utm_source=x", "https://example.com/"},
		{"https://example.com/?q=%7e%2f&r=a b", "https://example.com/?q=~%2F&r=a%20b"},
		{"https://example.com/?", "https://example.com/"},
		{"https://example.com/%7euser/%c3%a9", "https://example.com/~user/%C3%A9"},
		{"https://example.com/a b", "https://example.com/a%20b"},
		{"https://example.com/a%2Fb", "https://example.com/a%2Fb"},
		{"https://[::1]:443/x", "https://[::1]/x"},
		{"  https://example.com/x  ", "https://example.com/x"},
	}
	for _, tt := range tests {
		got, err := Normalize(tt.raw, base)
		if err != nil {
			t.Errorf("Normalize(%q): %v", tt.raw, err)
			continue
		}
		if got.String() != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.raw, got, tt.want)
		}
	}
}

func TestDedupForm(t *testing.T) {
	tests := []struct{ raw, want string }{
		{"https://example.com/?utm_source=x&utm_medium=y&b=2&a=1&fbclid=z&gclid=g&mc_cid=1&mc_eid=2&_ga=3&ref=tw", "https://example.com/?a=1&b=2"},
		{"https://example.com/?b=2&a=2&a=1", "https://example.com/?a=1&a=2&b=2"},
		{"https://example.com/?s=x&lang=fr", "https://example.com/?lang=fr&s=x"},
		{"https://example.com/p?b=2&&a=1", "https://example.com/p?a=1&b=2"},
		{"https://example.com/p?utm_source=x", "https://example.com/p"},
		{"https://example.com/p", "https://example.com/p"},
	}
	for _, tt := range tests {
		u, err := Normalize(tt.raw, nil)
		if err != nil {
			t.Fatalf("Normalize(%q): %v", tt.raw, err)
		}
		before := u.String()
		if got := dedupForm(u).String(); got != tt.want {
			t.Errorf("dedupForm(%q) = %q, want %q", tt.raw, got, tt.want)
		}
		if u.String() != before {
			t.Errorf("dedupForm modified its argument: %q → %q", before, u)
		}
	}
}

func TestNormalizeRejects(t *testing.T) {
	base, _ := url.Parse("https://example.com/page/")
	for _, raw := range []string{"#main", "", "mailto:a@example.com", "tel:+331234", "javascript:void(0)",
		"data:text/html,<a>", "ftp://example.com/x", "http://", "http://%zz/"} {
		if u, err := Normalize(raw, base); err == nil {
			t.Errorf("Normalize(%q) = %q, want an error", raw, u)
		}
	}
	if _, err := Normalize("mailto:x@y", base); !errors.Is(err, ErrNotWeb) {
		t.Errorf("mailto error = %v, want ErrNotWeb", err)
	}
	if _, err := Normalize("/relative", nil); err == nil {
		t.Error("a relative URL without base was accepted")
	}
}

func TestNormalizeBaseHref(t *testing.T) {
	page, _ := url.Parse("https://example.com/members/kenya/")
	base, _ := Normalize("/fr/members/kenya/", page)
	got, err := Normalize("commitments/ke0025", base)
	if err != nil || got.String() != "https://example.com/fr/members/kenya/commitments/ke0025" {
		t.Errorf("got %v, %v", got, err)
	}
}

func TestSiteCanonical(t *testing.T) {
	m := sitemodel.Default()
	tests := []struct{ raw, want string }{
		{"https://x.org/members/kenya/commitments/ke0025", "https://x.org/members/kenya/commitments/KE0025/"},
		{"https://x.org/FR/Members/South-Korea/commitments/kr0018/", "https://x.org/fr/members/south-korea/commitments/KR0018/"},
		{"https://x.org/members/seoul/commitments/seo0001", "https://x.org/members/seoul/commitments/SEO0001/"},
		{"https://x.org/members/kenya", "https://x.org/members/kenya/"},
		{"https://x.org/members/kenya/page/2", "https://x.org/members/kenya/page/2/"},
		{"https://x.org/members/kenya?page=3", "https://x.org/members/kenya/?page=3"},
		{"https://x.org/our-members", "https://x.org/our-members/"},
		{"https://x.org/fr/our-members?page=1", "https://x.org/fr/our-members/"},
		{"https://x.org/about", "https://x.org/about"},
		{"https://x.org/members/kenya/commitments/KE0025/?blackhole=1", "https://x.org/members/kenya/commitments/KE0025/?blackhole=1"},
	}
	for _, tt := range tests {
		u, err := Normalize(tt.raw, nil)
		if err != nil {
			t.Fatalf("Normalize(%q): %v", tt.raw, err)
		}
		if got := SiteCanonical(u, m).String(); got != tt.want {
			t.Errorf("SiteCanonical(%q) = %q, want %q", tt.raw, got, tt.want)
		}
	}
}

// FuzzNormalize checks that Normalize never panics, that its result is an
// absolute http(s) URL without fragment, and that normalising twice (and
// the site form) changes nothing more.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"../KR0036/", "#main", "mailto:x@y", "?utm_source=a&b=1", "//h/%7e", "https://[::1]:443/"} {
		f.Add(s, "https://example.com/fr/members/kenya/")
	}
	m := sitemodel.Default()
	f.Fuzz(func(t *testing.T, raw, baseRaw string) {
		var base *url.URL
		if b, err := Normalize(baseRaw, nil); err == nil {
			base = b
		}
		u, err := Normalize(raw, base)
		if err != nil {
			return
		}
		if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Fragment != "" {
			t.Fatalf("Normalize(%q, %q) = %q: not an absolute http(s) URL", raw, baseRaw, u)
		}
		again, err := Normalize(u.String(), nil)
		if err != nil {
			t.Fatalf("Normalize(%q) failed on its own output %q: %v", raw, u, err)
		}
		if again.String() != u.String() {
			t.Fatalf("not idempotent: %q → %q → %q", raw, u, again)
		}
		d := dedupForm(u)
		if again := dedupForm(d); again.String() != d.String() {
			t.Fatalf("dedupForm not idempotent: %q → %q → %q", u, d, again)
		}
		if n, err := Normalize(d.String(), nil); err != nil || n.String() != d.String() {
			t.Fatalf("dedupForm(%q) = %q is not normalised: %v, %v", u, d, n, err)
		}
		c := SiteCanonical(d, m)
		if c2 := SiteCanonical(c, m); c2.String() != c.String() {
			t.Fatalf("SiteCanonical not idempotent: %q → %q → %q", u, c, c2)
		}
	})
}

// TestNormalizeKeepsQueryAsFound: Normalize only spells a link in its
// canonical form (RFC 3986 equivalences) and drops the tracking parameters
// never requested; the query keeps its other parameters as found, in their
// order, so robots.txt can be checked on the URL as found.
func TestNormalizeKeepsQueryAsFound(t *testing.T) {
	for raw, want := range map[string]string{
		"https://example.com/?s=x&lang=fr":             "https://example.com/?s=x&lang=fr",
		"https://example.com/p?utm_source=a&b=2&a=%7e": "https://example.com/p?b=2&a=~",
		"https://example.com/p?b=2&&a=1":               "https://example.com/p?b=2&&a=1",
	} {
		u, err := Normalize(raw, nil)
		if err != nil || u.String() != want {
			t.Errorf("Normalize(%q) = %v, %v; want %q", raw, u, err, want)
		}
	}
}
