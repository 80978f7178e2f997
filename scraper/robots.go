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

	"github.com/temoto/robotstxt"
)

const (
	// robotsMaxBytes is how much of a robots.txt file is parsed; RFC 9309
	// asks for at least 500 KiB, and the rest is ignored.
	robotsMaxBytes = 500 << 10
	// robotsTTL is how long a robots.txt file is trusted (RFC 9309: 24 h).
	robotsTTL = 24 * time.Hour
	// robotsAnchor is put before every rule path and every tested path.
	// temoto/robotstxt compiles wildcard rules into regexps that match
	// anywhere in the path; a byte that no normalised URL contains makes
	// them match only from its start, as RFC 9309 wants.
	robotsAnchor = "\x01"
)

// robotsRules is the robots.txt of one host, as it applies to us.
type robotsRules struct {
	data    *robotstxt.RobotsData
	agent   string // our product token, lower case
	fetched time.Time
}

// parseRobots reads a robots.txt answer by RFC 9309: 2xx is parsed (its
// first 500 KiB), 4xx allows everything, 5xx disallows everything. Every
// group for "*" is merged, and "*" and "$" wildcards are honoured.
func parseRobots(status int, body []byte, userAgent string) (*robotsRules, error) {
	if status >= 200 && status < 300 {
		body = sanitizeRobots(body)
	}
	data, err := robotstxt.FromStatusAndBytes(status, body)
	if err != nil {
		return nil, fmt.Errorf("parse robots.txt: %w", err)
	}
	return &robotsRules{data: data, agent: productToken(userAgent), fetched: time.Now()}, nil
}

// allowed reports whether robots.txt lets us fetch u (path and query).
func (r *robotsRules) allowed(u *url.URL) bool {
	p := u.EscapedPath()
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return r.data.TestAgent("/"+robotsAnchor+p, r.agent)
}

// crawlDelay is the Crawl-delay of the group that applies to us.
func (r *robotsRules) crawlDelay() time.Duration {
	return r.data.FindGroup(r.agent).CrawlDelay
}

// sitemaps lists the Sitemap: lines.
func (r *robotsRules) sitemaps() []string { return r.data.Sitemaps }

// stale reports whether the rules are older than robotsTTL.
func (r *robotsRules) stale(now time.Time) bool { return now.Sub(r.fetched) > robotsTTL }

// productToken is the name robots.txt groups match: the User-Agent up to its
// first '/' or space ("ogpsearch/0.1 (+…)" → "ogpsearch").
func productToken(ua string) string {
	tok, _, _ := strings.Cut(strings.TrimSpace(ua), " ")
	tok, _, _ = strings.Cut(tok, "/")
	return strings.ToLower(tok)
}

// sanitizeRobots prepares a robots.txt body for temoto/robotstxt, which
// rejects a whole file for one bad line: it keeps the first robotsMaxBytes,
// drops lines without a colon, rules before any User-agent line and invalid
// Crawl-delay values, percent-encodes rule paths as URLs are, and anchors
// every rule path (see robotsAnchor).
func sanitizeRobots(body []byte) []byte {
	if len(body) > robotsMaxBytes {
		body = body[:robotsMaxBytes]
		if i := bytes.LastIndexByte(body, '\n'); i >= 0 {
			body = body[:i]
		}
	}
	var out bytes.Buffer
	seenAgent := false
	for _, line := range strings.Split(string(body), "\n") {
		key, value, ok := robotsLine(line)
		if !ok {
			continue
		}
		switch key {
		case "user-agent", "useragent":
			seenAgent = true
		case "allow", "disallow":
			if !seenAgent {
				continue
			}
			if value != "" {
				value = robotsAnchorPath(value)
			}
		case "crawl-delay", "crawldelay":
			if f, err := strconv.ParseFloat(value, 64); !seenAgent || err != nil || f < 0 || math.IsInf(f, 0) {
				continue
			}
		}
		fmt.Fprintf(&out, "%s: %s\n", key, value)
	}
	return out.Bytes()
}

// robotsLine splits "Key: value # comment" into a lower-case key and value.
func robotsLine(line string) (key, value string, ok bool) {
	line, _, _ = strings.Cut(line, "#")
	key, value, ok = strings.Cut(line, ":")
	key = strings.ToLower(strings.TrimSpace(key))
	if !ok || key == "" || strings.ContainsAny(key, " \t") {
		return "", "", false
	}
	return key, strings.TrimSpace(value), true
}

// robotsAnchorPath gives a rule path a leading '/', the escaping of a
// normalised URL and the anchor.
func robotsAnchorPath(p string) string {
	if !strings.HasPrefix(p, "/") && !strings.HasPrefix(p, "*") {
		p = "/" + p
	}
	return robotsAnchor + normalPercent(p, true)
}

// loadRobots fetches and parses the robots.txt of h. A 4xx answer allows
// everything; a 5xx answer, a 429, a network failure or a refused redirect
// returns a stopError (crawl nothing on that host).
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
