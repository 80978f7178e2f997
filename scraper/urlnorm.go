package scraper

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"slices"
	"strings"

	"github.com/ogpsearch/ogpsearch/scraper/sitemodel"
)

// ErrNotWeb means a link is not an http(s) URL (mailto:, tel:, javascript:,
// data:, a bare fragment …) and is never fetched.
var ErrNotWeb = errors.New("not an http(s) URL")

// Normalize resolves raw against base (RFC 3986; base may be nil when raw is
// absolute) and returns the URL as found, spelled canonically: scheme and
// host lower-cased, default port, user info and fragment dropped, dot
// segments removed, percent-escapes in upper case with unreserved
// characters decoded (equivalences RFC 9309 makes too), and tracking
// parameters (utm_*, fbclid, gclid, …), which are never requested,
// removed. The other query parameters stay as found, in their order, so
// robots.txt judges the link as written; the form used to dedupe, and to
// request, is dedupForm of the result. Only http and https URLs are
// accepted.
func Normalize(raw string, base *url.URL) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	ref, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("normalize %q: %w", raw, err)
	}
	if ref.Scheme == "" && ref.Opaque == "" && ref.Host == "" && ref.Path == "" && ref.RawQuery == "" && !ref.ForceQuery {
		return nil, fmt.Errorf("normalize %q: fragment only: %w", raw, ErrNotWeb)
	}
	var u *url.URL
	if base != nil {
		u = base.ResolveReference(ref)
	} else {
		u = new(url.URL).ResolveReference(ref) // removes dot segments
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if (u.Scheme != "http" && u.Scheme != "https") || u.Opaque != "" || u.Host == "" {
		return nil, fmt.Errorf("normalize %q: %w", raw, ErrNotWeb)
	}
	host, err := normalHost(u.Scheme, u.Host)
	if err != nil {
		return nil, fmt.Errorf("normalize %q: %w", raw, err)
	}
	out := &url.URL{Scheme: u.Scheme, Host: host}
	setEscapedPath(out, normalPercent(u.EscapedPath(), false))
	out.RawQuery = foundQuery(u.RawQuery)
	return out, nil
}

// foundQuery is a query as found, percent-escapes normalised and tracking
// parameters removed, the rest in its order.
func foundQuery(raw string) string {
	if raw == "" {
		return ""
	}
	parts := strings.Split(raw, "&")
	kept := parts[:0]
	for _, part := range parts {
		part = normalPercent(part, true)
		name, _, _ := strings.Cut(part, "=")
		if dn, err := url.QueryUnescape(name); err == nil {
			name = dn
		}
		if part != "" && isTrackingParam(name) {
			continue
		}
		kept = append(kept, part)
	}
	q := strings.Join(kept, "&")
	if strings.Trim(q, "&") == "" {
		return ""
	}
	return q
}

// dedupForm is the form of a normalised URL used to dedupe and to request:
// empty query parameters removed and the rest sorted. robots.txt is
// checked on the URL as found too, since this form may differ from it. u
// is not modified.
func dedupForm(u *url.URL) *url.URL {
	q := normalQuery(u.RawQuery)
	if q == u.RawQuery && !u.ForceQuery {
		return u
	}
	c := *u
	c.RawQuery, c.ForceQuery = q, false
	return &c
}

// normalHost lower-cases a host and drops the scheme's default port.
func normalHost(scheme, hostport string) (string, error) {
	host, port := hostport, ""
	if h, p, err := net.SplitHostPort(hostport); err == nil {
		host, port = h, p
	} else if strings.HasSuffix(hostport, ":") {
		host = strings.TrimSuffix(hostport, ":")
	}
	host = strings.TrimRight(strings.ToLower(host), ".") // "a." and "a.." are "a"; "." and ".." no host
	if host == "" {
		return "", errors.New("empty host")
	}
	if (scheme == "http" && port == "80") || (scheme == "https" && port == "443") {
		port = ""
	}
	if strings.Contains(host, ":") { // IPv6 literal
		addr := strings.Trim(host, "[]")
		if _, err := netip.ParseAddr(addr); err != nil {
			return "", fmt.Errorf("invalid host %q", hostport)
		}
		host = "[" + addr + "]"
	}
	if port == "" {
		return host, nil
	}
	return host + ":" + port, nil
}

// setEscapedPath sets u's path from its escaped form; an empty path is "/".
func setEscapedPath(u *url.URL, escaped string) {
	if escaped == "" || escaped[0] != '/' {
		escaped = "/" + escaped
	}
	p, err := url.PathUnescape(escaped)
	if err != nil {
		p = escaped
	}
	u.Path, u.RawPath = p, ""
	if u.EscapedPath() != escaped {
		u.RawPath = escaped
	}
}

// normalPercent upper-cases percent-escapes, decodes unreserved characters
// and escapes bytes that may not appear raw in a URL path or query.
func normalPercent(s string, query bool) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			v := unhex(s[i+1])<<4 | unhex(s[i+2])
			if isUnreserved(v) {
				b.WriteByte(v)
			} else {
				b.WriteString(strings.ToUpper(s[i : i+3]))
			}
			i += 2
			continue
		}
		if isUnreserved(c) || strings.IndexByte("!$&'()*+,;=:@/", c) >= 0 || (query && c == '?') {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

func isUnreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~", c) >= 0
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}

// normalQuery drops empty and tracking parameters and sorts the others by
// name then value, keeping their escaped form.
func normalQuery(raw string) string {
	var kept []string
	for _, part := range strings.FieldsFunc(raw, func(r rune) bool { return r == '&' }) {
		part = normalPercent(part, true)
		name, _, _ := strings.Cut(part, "=")
		if dn, err := url.QueryUnescape(name); err == nil {
			name = dn
		}
		if isTrackingParam(name) {
			continue
		}
		kept = append(kept, part)
	}
	slices.Sort(kept)
	return strings.Join(kept, "&")
}

// isTrackingParam tells query parameters that only track a visit and never
// change the page.
func isTrackingParam(name string) bool {
	n := strings.ToLower(name)
	if strings.HasPrefix(n, "utm_") {
		return true
	}
	switch n {
	case "fbclid", "gclid", "dclid", "gclsrc", "msclkid", "yclid", "twclid", "igshid",
		"mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok",
		"ref", "ref_src", "ref_url":
		return true
	}
	return false
}

// SiteCanonical puts a URL the site model recognises in the form the site
// itself uses: lower-case path, trailing slash, commitment ID in upper case
// (/members/Kenya/commitments/ke0025 → /members/kenya/commitments/KE0025/),
// no "?page=1" on a listing.
// Other URLs are returned unchanged. u is not modified.
func SiteCanonical(u *url.URL, m *sitemodel.Model) *url.URL {
	page := m.Classify(u)
	if page.Kind == sitemodel.Unknown || u.RawPath != "" {
		return u
	}
	segs := strings.Split(strings.ToLower(u.Path), "/")
	if page.ID != "" {
		for i := len(segs) - 1; i >= 0; i-- {
			if strings.EqualFold(segs[i], page.ID) {
				segs[i] = page.ID
				break
			}
		}
	}
	p := strings.Join(segs, "/")
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	c := *u
	c.Path = p
	if page.Kind != sitemodel.CommitmentPage && c.RawQuery == "page=1" {
		c.RawQuery = "" // the first page of a listing is the listing
	}
	if m.Classify(&c) != page {
		return u
	}
	return &c
}
