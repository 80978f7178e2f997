package scraper

import (
	"context"
	"fmt"
	"net/http"

	"github.com/ogpsearch/ogpsearch/scraper/sitemodel"
)

// maxRedirects is the number of redirect hops followed for one request
// (RFC 9309 §2.3.1.2 asks for at least five for robots.txt).
const maxRedirects = 5

// redirectError is a redirect hop the crawler refuses to follow. It is
// never retried.
type redirectError struct {
	reason string
}

func (e *redirectError) Error() string { return "redirect refused: " + e.reason }

// hopCheckKey carries the redirect check of one request in its context.
type hopCheckKey struct{}

type hopCheck func(req *http.Request, via []*http.Request) error

func withHopCheck(ctx context.Context, check hopCheck) context.Context {
	return context.WithValue(ctx, hopCheckKey{}, check)
}

// newHostClient is the HTTP client of one host. Its CheckRedirect runs the
// check the request carries, so every hop is judged and paced.
func newHostClient(t http.RoundTripper) *http.Client {
	return &http.Client{
		Transport: t,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			check, ok := req.Context().Value(hopCheckKey{}).(hopCheck)
			if !ok {
				return &redirectError{reason: "no redirect policy"}
			}
			return check(req, via)
		},
	}
}

// checkHop decides whether to follow one redirect hop: at most maxRedirects
// hops, no loop, not on the deny-list and, for pages and sitemaps, same
// host, allowed by robots.txt (judged on the target as the Location gives
// it, which is what is requested) and, for pages found by links, a URL
// shape the site model knows. robots.txt itself may be redirected to
// another host or scheme (RFC 9309 §2.3.1.2); its rules still apply to h.
// A followed hop is a new request, so it waits for the host's pacer.
func (c *crawler) checkHop(h *host, fr fetchReq, req *http.Request, via []*http.Request) error {
	if len(via) > maxRedirects {
		return &redirectError{reason: fmt.Sprintf("more than %d redirects from %s", maxRedirects, fr.url)}
	}
	u, err := Normalize(req.URL.String(), nil)
	if err != nil {
		return &redirectError{reason: fmt.Sprintf("bad target: %v", err)}
	}
	key := dedupForm(u).String()
	for _, v := range via {
		if prev, err := Normalize(v.URL.String(), nil); err == nil && dedupForm(prev).String() == key {
			return &redirectError{reason: fmt.Sprintf("redirect loop through %s", u)}
		}
	}
	switch {
	case fr.kind != kindRobots && (u.Scheme != h.scheme || u.Host != h.hostport):
		return &redirectError{reason: fmt.Sprintf("off-host target %s", u)}
	case c.model.Denied(u):
		c.countDenied()
		return &redirectError{reason: fmt.Sprintf("target %s is on the deny-list", u)}
	case fr.kind != kindRobots && h.robots != nil && !h.robots.allowed(u):
		c.countRobots()
		return &redirectError{reason: fmt.Sprintf("robots.txt disallows target %s", u)}
	case fr.kind == kindPage && !fr.start && c.model.Classify(SiteCanonical(dedupForm(u), c.model)).Kind == sitemodel.Unknown:
		return &redirectError{reason: fmt.Sprintf("target %s is not a known page", u)}
	}
	h.pacer.release()
	if err := h.pacer.wait(req.Context()); err != nil {
		return fmt.Errorf("wait for redirect hop: %w", err)
	}
	return nil
}
