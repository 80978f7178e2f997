package scraper

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// The robots.txt matcher is our own, written to RFC 9309 (the Robots
// Exclusion Protocol): groups for our product token (or else for "*")
// merged, rules matched from the start of the path and query as found,
// "*" and a final "$", the longest rule winning and allow winning ties,
// octets compared with %-encoded unreserved characters equal to their
// literal form.

const (
	// robotsMaxBytes is how much of a robots.txt file is parsed; RFC 9309
	// asks for at least 500 KiB, and the rest is ignored.
	robotsMaxBytes = 500 << 10
	// robotsMaxLine is the longest line read; a longer one (no real rule
	// or URL is that long) is skipped whole.
	robotsMaxLine = 16 << 10
	// robotsTTL is how long a robots.txt file is trusted (RFC 9309: 24 h).
	robotsTTL = 24 * time.Hour
)

// robotsRule is one Allow or Disallow line of a group that applies to us.
type robotsRule struct {
	allow   bool
	pattern string // canonical octets (robotsCanon), "*" wildcards, maybe a final "$"
	length  int    // priority: octets as written, non-ASCII counted %-encoded
}

// robotsRules is the robots.txt of one host, as it applies to us.
type robotsRules struct {
	disallowAll bool // robots.txt unavailable (5xx): nothing may be fetched
	rules       []robotsRule
	delay       time.Duration
	maps        []string
	fetched     time.Time
}

// parseRobots reads a robots.txt answer by RFC 9309: 2xx is parsed (its
// first 500 KiB), 4xx allows everything, 5xx (and anything else that is
// not an answer) disallows everything. The groups naming our product token
// are merged, or else every group for "*".
func parseRobots(status int, body []byte, userAgent string) (*robotsRules, error) {
	r := &robotsRules{fetched: time.Now()}
	switch {
	case status >= 200 && status < 300:
		r.parse(body, productToken(userAgent))
	case status >= 400 && status < 500:
	default:
		r.disallowAll = true
	}
	return r, nil
}

// allowed reports whether robots.txt lets us fetch u, judged on its path
// and query as they are (callers pass the URL as found in the link, and
// the URL they will request).
func (r *robotsRules) allowed(u *url.URL) bool {
	if r.disallowAll {
		return false
	}
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	if u.RawQuery != "" || u.ForceQuery {
		p += "?" + u.RawQuery
	}
	return r.allowedPath(p)
}

// allowedPath applies the longest matching rule to an escaped path and
// query; allow wins a tie, and no matching rule allows.
func (r *robotsRules) allowedPath(p string) bool {
	if r.disallowAll {
		return false
	}
	p = robotsCanon(p)
	allow, disallow := -1, -1
	for _, rule := range r.rules {
		best := &disallow
		if rule.allow {
			best = &allow
		}
		if rule.length > *best && robotsMatch(rule.pattern, p) {
			*best = rule.length
		}
	}
	return disallow < 0 || allow >= disallow
}

// crawlDelay is the Crawl-delay of the groups that apply to us (the
// longest, when several say one).
func (r *robotsRules) crawlDelay() time.Duration { return r.delay }

// sitemaps lists the Sitemap: lines.
func (r *robotsRules) sitemaps() []string { return r.maps }

// stale reports whether the rules are older than robotsTTL.
func (r *robotsRules) stale(now time.Time) bool { return now.Sub(r.fetched) > robotsTTL }

// productToken is the name robots.txt groups match: the User-Agent up to its
// first '/' or space ("ogpsearch/0.1 (+…)" → "ogpsearch").
func productToken(ua string) string {
	tok, _, _ := strings.Cut(strings.TrimSpace(ua), " ")
	tok, _, _ = strings.Cut(tok, "/")
	return strings.ToLower(tok)
}

// robotsGroup is one group of a robots.txt file.
type robotsGroup struct {
	agents   []string // product tokens, lower case; "*" for any
	rules    []robotsRule
	delay    time.Duration
	hasDelay bool
}

// utf8BOM is the UTF-8 byte order mark.
const utf8BOM = "\xef\xbb\xbf"

// parse reads a 2xx robots.txt body for the product token agent.
func (r *robotsRules) parse(body []byte, agent string) {
	if len(body) >= robotsMaxBytes { // the fetch stops there: the last line may be cut
		body = body[:robotsMaxBytes]
		if i := bytes.LastIndexAny(body, "\r\n"); i >= 0 {
			body = body[:i] // a line cut short is not read
		}
	}
	// A byte order mark, or the start of one, is not part of the first line.
	for i := 0; i < len(utf8BOM) && len(body) > 0 && body[0] == utf8BOM[i]; i++ {
		body = body[1:]
	}
	var groups []*robotsGroup
	var cur *robotsGroup
	inAgents := false // the previous group line was a User-agent line
	for len(body) > 0 {
		// Lines end with LF, CR LF or CR.
		line := body
		body = nil
		if i := bytes.IndexAny(line, "\r\n"); i >= 0 {
			end := i + 1
			if line[i] == '\r' && end < len(line) && line[end] == '\n' {
				end++
			}
			line, body = line[:i], line[end:]
		}
		if len(line) > robotsMaxLine {
			continue
		}
		key, value, ok := robotsLine(string(line))
		if !ok {
			continue
		}
		switch key {
		case "user-agent", "useragent", "user agent":
			if !inAgents || cur == nil {
				cur = &robotsGroup{}
				groups = append(groups, cur)
			}
			cur.agents = append(cur.agents, agentToken(value))
			inAgents = true
		case "allow", "disallow", "dissallow", "dissalow", "disalow", "diasllow", "disallaw":
			if cur == nil {
				continue // a rule before any group applies to nobody
			}
			inAgents = false
			if value == "" {
				continue // "Disallow:" disallows nothing
			}
			cur.rules = append(cur.rules, newRobotsRule(key == "allow", value))
		case "crawl-delay", "crawldelay":
			if cur == nil {
				continue
			}
			inAgents = false
			f, err := strconv.ParseFloat(value, 64)
			if err != nil || f < 0 || math.IsNaN(f) || math.IsInf(f, 0) {
				continue
			}
			cur.delay = max(cur.delay, time.Duration(min(f, robotsTTL.Seconds())*float64(time.Second)))
			cur.hasDelay = true
		case "sitemap", "site-map":
			if value != "" {
				r.maps = append(r.maps, value)
			}
		}
	}
	r.apply(groups, agent)
}

// apply keeps the rules and Crawl-delay of the groups naming agent, or,
// when none does, of the groups for "*".
func (r *robotsRules) apply(groups []*robotsGroup, agent string) {
	for _, want := range []string{agent, "*"} {
		if want == "" {
			continue
		}
		found := false
		for _, g := range groups {
			for _, a := range g.agents {
				if a == want {
					found = true
					r.rules = append(r.rules, g.rules...)
					r.delay = max(r.delay, g.delay)
					break
				}
			}
		}
		if found {
			return
		}
	}
}

// agentToken is the product token a User-agent line names, lower case:
// "FooBot/1.2 (compatible)" → "foobot", "*" → "*".
func agentToken(v string) string {
	tok, _, _ := strings.Cut(v, " ")
	tok, _, _ = strings.Cut(strings.TrimSpace(tok), "\t")
	tok, _, _ = strings.Cut(tok, "/")
	return strings.ToLower(tok)
}

// robotsLine splits "Key: value # comment" into a lower-case key and value.
func robotsLine(line string) (key, value string, ok bool) {
	line, _, _ = strings.Cut(line, "#")
	key, value, ok = strings.Cut(line, ":")
	key = strings.ToLower(strings.TrimSpace(key))
	if !ok || key == "" {
		return "", "", false
	}
	return key, strings.TrimSpace(value), true
}

// newRobotsRule compiles an Allow or Disallow value. A value that does not
// start with '/' (or a wildcard) is taken as if it did. Its priority is
// its length in octets as written, a non-ASCII octet counting as the
// three of its %-encoded form (the form it is compared in).
func newRobotsRule(allow bool, value string) robotsRule {
	length := len(value)
	for i := 0; i < len(value); i++ {
		if value[i] >= 0x80 {
			length += 2
		}
	}
	if !strings.HasPrefix(value, "/") && !strings.HasPrefix(value, "*") {
		value = "/" + value
	}
	return robotsRule{allow: allow, pattern: robotsCanon(value), length: length}
}

// robotsCanon spells a path (and query) or a rule in the canonical form
// RFC 9309 compares: a %-encoded unreserved character is decoded, other
// %-escapes get upper-case hex digits, and every octet that may not
// appear raw in a URL (non-ASCII, controls, space, '"', '<' …) is
// %-encoded. Reserved characters stay as they are, encoded or not, so
// "%2F" is not "/"; "*" and "$" are reserved, so a rule's wildcards
// survive and an encoded "%2A" stays a literal star.
func robotsCanon(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			v := unhex(s[i+1])<<4 | unhex(s[i+2])
			if isUnreserved(v) {
				b.WriteByte(v)
			} else {
				b.WriteByte('%')
				b.WriteByte(upperHex[v>>4])
				b.WriteByte(upperHex[v&15])
			}
			i += 2
		case isUnreserved(c) || strings.IndexByte(":/?#[]@!$&'()*+,;=", c) >= 0:
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(upperHex[c>>4])
			b.WriteByte(upperHex[c&15])
		}
	}
	return b.String()
}

const upperHex = "0123456789ABCDEF"

// robotsMatch reports whether a canonical rule pattern matches a canonical
// path from its start: "*" matches any run of octets, a final "$" the end
// of the path; every other octet matches itself.
func robotsMatch(pattern, path string) bool {
	anchored := strings.HasSuffix(pattern, "$")
	if anchored {
		pattern = pattern[:len(pattern)-1]
	}
	if !strings.Contains(pattern, "*") {
		if anchored {
			return path == pattern
		}
		return strings.HasPrefix(path, pattern)
	}
	// The literal runs between stars: the first is a prefix, the last a
	// suffix when anchored, and each one between is taken at its leftmost
	// place after the previous one, which leaves the most room for the
	// rest. Linear-ish whatever the stars, unlike backtracking.
	segs := strings.Split(pattern, "*")
	if !strings.HasPrefix(path, segs[0]) {
		return false
	}
	pos, last := len(segs[0]), len(segs)-1
	for _, seg := range segs[1:last] {
		i := strings.Index(path[pos:], seg)
		if i < 0 {
			return false
		}
		pos += i + len(seg)
	}
	if anchored {
		return len(path)-pos >= len(segs[last]) && strings.HasSuffix(path, segs[last])
	}
	return strings.Contains(path[pos:], segs[last])
}

// loadRobots fetches and parses the robots.txt of h, following redirects
// to other hosts too (RFC 9309 §2.3.1.2); its rules apply to h. A 4xx
// answer allows everything; a 5xx answer, a 429, a network failure or a
// refused redirect returns a stopError (crawl nothing on that host).
func (c *crawler) loadRobots(ctx context.Context, h *host) (*robotsRules, error) {
	u := &url.URL{Scheme: h.scheme, Host: h.hostport, Path: "/robots.txt"}
	f, err := c.fetch(ctx, h, fetchReq{url: u, kind: kindRobots, maxBytes: robotsMaxBytes, truncOK: true})
	status := 200
	if err != nil {
		var se *statusError
		var stop *stopError
		switch {
		case errors.As(err, &stop), ctx.Err() != nil:
			return nil, err
		case errors.As(err, &se) && se.code >= 400 && se.code < 500 && se.code != 429:
			status = se.code
		default:
			// RFC 9309: robots.txt unreachable means crawl nothing there.
			return nil, &stopError{reason: fmt.Sprintf("robots.txt unreachable: %v", err)}
		}
	}
	var body []byte
	if f != nil {
		body = f.body
	}
	rules, err := parseRobots(status, body, c.cfg.UserAgent)
	if err != nil {
		return nil, &stopError{reason: fmt.Sprintf("robots.txt unparsable: %v", err)}
	}
	return rules, nil
}
