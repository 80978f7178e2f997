package scraper

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// fetchKind is what a request is for; it decides the redirect policy and
// which answers are acceptable.
type fetchKind int

const (
	kindPage fetchKind = iota
	kindSitemap
	kindRobots
)

// fetchReq is one GET, retried as needed.
type fetchReq struct {
	url      *url.URL
	kind     fetchKind
	start    bool     // a start URL: its redirects need not reach a known page shape
	cond     *RawMeta // stored copy: send If-None-Match / If-Modified-Since
	maxBytes int64
	truncOK  bool // keep the first maxBytes instead of failing (robots.txt)
}

// fetched is a successful answer.
type fetched struct {
	status      int
	finalURL    *url.URL
	header      http.Header
	body        []byte // decompressed, complete
	notModified bool
}

// newTransport is the HTTP transport shared by all hosts. It asks for gzip
// and decompresses it itself, so body limits count decompressed bytes.
func newTransport(timeout time.Duration) *http.Transport {
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: min(10*time.Second, timeout),
		MaxIdleConnsPerHost:   2,
		IdleConnTimeout:       90 * time.Second,
		ForceAttemptHTTP2:     true,
	}
}

// fetch GETs fr.url politely, retrying 5xx, 429, timeouts and truncated
// bodies with exponential backoff up to MaxRetries times.
func (c *crawler) fetch(ctx context.Context, h *host, fr fetchReq) (*fetched, error) {
	for attempt := 0; ; attempt++ {
		f, err := c.attempt(ctx, h, fr)
		if err == nil {
			return f, nil
		}
		if ctx.Err() != nil {
			return nil, fmt.Errorf("fetch %s: %w", fr.url, ctx.Err())
		}
		if !transient(err) || attempt >= c.cfg.MaxRetries {
			return nil, fmt.Errorf("fetch %s: %w", fr.url, err)
		}
		d := h.pacer.backoff(attempt)
		h.pacer.pause(d)
		c.log.Info("retrying", "url", fr.url.String(), "attempt", attempt+1, "after", d, "err", err)
	}
}

// attempt makes one request, after the host's pacer allows it. Timeout
// applies to each hop of a redirect chain, not to the pacer's waits between
// hops.
func (c *crawler) attempt(ctx context.Context, h *host, fr fetchReq) (*fetched, error) {
	if err := h.pacer.wait(ctx); err != nil {
		return nil, err
	}
	defer h.pacer.release()
	actx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	timer := time.AfterFunc(c.cfg.Timeout, func() { cancel(errRequestTimeout) })
	defer timer.Stop()
	actx = withHopCheck(actx, func(req *http.Request, via []*http.Request) error {
		timer.Stop()
		defer timer.Reset(c.cfg.Timeout)
		return c.checkHop(h, fr, req, via)
	})
	req, err := http.NewRequestWithContext(actx, http.MethodGet, fr.url.String(), nil)
	if err != nil {
		return nil, err
	}
	c.setHeaders(req, fr)
	c.log.Debug("GET", "url", req.URL.String())
	resp, err := h.client.Do(req)
	if err != nil {
		return nil, timedOut(actx, err)
	}
	defer resp.Body.Close()
	f, err := c.readResponse(h, fr, resp)
	return f, timedOut(actx, err)
}

// timedOut names a failure caused by the request timeout, so that it reads
// as a timeout and is retried.
func timedOut(actx context.Context, err error) error {
	if err != nil && errors.Is(context.Cause(actx), errRequestTimeout) {
		return fmt.Errorf("%w: %v", errRequestTimeout, err)
	}
	return err
}

// setHeaders sets the honest User-Agent and the conditional headers.
func (c *crawler) setHeaders(req *http.Request, fr fetchReq) {
	req.Header.Set("User-Agent", c.cfg.UserAgent)
	switch fr.kind {
	case kindPage:
		req.Header.Set("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1")
	case kindSitemap:
		req.Header.Set("Accept", "application/xml,text/xml;q=0.9,*/*;q=0.1")
	default:
		req.Header.Set("Accept", "text/plain,*/*;q=0.1")
	}
	if fr.cond == nil {
		return
	}
	if fr.cond.ETag != "" {
		req.Header.Set("If-None-Match", fr.cond.ETag)
	}
	if fr.cond.LastModified != "" {
		req.Header.Set("If-Modified-Since", fr.cond.LastModified)
	}
}

// readResponse turns an answer into a result or an error: 304 on a
// conditional request, 2xx with a complete body, or a status error; 403
// feeds the ban circuit breaker and 429/503 the host-wide Retry-After pause.
func (c *crawler) readResponse(h *host, fr fetchReq, resp *http.Response) (*fetched, error) {
	if resp.StatusCode != http.StatusForbidden {
		h.forbidden = 0
	}
	final, err := Normalize(resp.Request.URL.String(), nil)
	if err != nil {
		final = fr.url
	}
	final = dedupForm(final)
	f := &fetched{status: resp.StatusCode, finalURL: final, header: resp.Header}
	switch code := resp.StatusCode; {
	case code == http.StatusNotModified && fr.cond != nil:
		f.notModified = true
		return f, nil
	case code == http.StatusForbidden:
		return nil, c.forbidden(h, resp)
	case code == http.StatusTooManyRequests || code == http.StatusServiceUnavailable:
		return nil, c.retryAfter(h, resp)
	case code < 200 || code > 299:
		return nil, &statusError{code: code}
	}
	if enc := resp.Header.Get("Content-Encoding"); enc != "" && !strings.EqualFold(enc, "identity") {
		return nil, fmt.Errorf("%w %q", errEncoding, enc)
	}
	if fr.kind == kindPage && !maybeHTML(resp.Header.Get("Content-Type")) {
		return nil, fmt.Errorf("%w: %s", errNotHTML, resp.Header.Get("Content-Type"))
	}
	f.body, err = readCapped(resp.Body, fr.maxBytes, fr.truncOK)
	return f, err
}

// forbidden is the circuit breaker: a 403 saying "banned", or the third 403
// in a row, stops the host.
func (c *crawler) forbidden(h *host, resp *http.Response) error {
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if strings.Contains(strings.ToLower(string(body)), "banned") {
		return &stopError{reason: fmt.Sprintf("banned: HTTP 403 on %s", resp.Request.URL)}
	}
	h.forbidden++
	if h.forbidden >= 3 {
		return &stopError{reason: fmt.Sprintf("%d consecutive HTTP 403 answers, last on %s", h.forbidden, resp.Request.URL)}
	}
	return &statusError{code: http.StatusForbidden}
}

// retryAfter pauses the whole host for the Retry-After of a 429 or 503,
// at most MaxRetryAfter; then the crawl of the host goes on (the request
// itself is retried as any 429 or 503 is).
func (c *crawler) retryAfter(h *host, resp *http.Response) error {
	if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
		if d > c.cfg.MaxRetryAfter {
			c.log.Warn("Retry-After beyond the cap: pausing the host for the cap", "host", h.origin,
				"url", resp.Request.URL.String(), "retry_after", d, "cap", c.cfg.MaxRetryAfter)
			d = c.cfg.MaxRetryAfter
		}
		h.pacer.pause(d)
		c.log.Info("host paused by Retry-After", "host", h.origin, "for", d)
	}
	return &statusError{code: resp.StatusCode}
}
