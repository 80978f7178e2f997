package scraper

import (
	"net/http"
	"net/url"

	"github.com/ogpsearch/ogpsearch/scraper/sitemodel"
)

// host is one crawled host (a start URL's scheme and host). Its queue is
// worked by one goroutine at a time, so at most one request is in flight.
type host struct {
	origin   string // scheme://host[:port]
	scheme   string
	hostport string
	client   *http.Client
	pacer    *pacer

	// Guarded by crawler.mu.
	queue    []item
	active   bool   // a worker owns the host
	stopped  string // why the host was stopped; "" while it runs
	sitemaps int    // sitemaps enqueued

	// Used only by the worker that owns the host.
	robots    *robotsRules
	forbidden int // consecutive 403 answers
}

// item is a URL waiting to be fetched.
type item struct {
	u     *url.URL // the URL requested: dedupForm, and SiteCanonical for pages
	found *url.URL // the URL as found in the link, when it differs from u
	kind  fetchKind
	start bool
	depth int // links followed from a start URL or a sitemap
}

// asFound returns found when it differs from u (robots.txt must then
// judge both), else nil.
func asFound(found, u *url.URL) *url.URL {
	if found.EscapedPath() == u.EscapedPath() && found.RawQuery == u.RawQuery {
		return nil
	}
	return found
}

// addHost registers the host of a start URL; the host map is complete
// before any worker starts and read-only afterwards.
func (c *crawler) addHost(u *url.URL) *host {
	if h, ok := c.hosts[u.Host]; ok {
		return h
	}
	h := &host{
		origin:   u.Scheme + "://" + u.Host,
		scheme:   u.Scheme,
		hostport: u.Host,
		client:   newHostClient(c.transport),
		pacer:    newPacer(c.cfg.Delay, c.cfg.Jitter),
	}
	c.hosts[u.Host] = h
	c.order = append(c.order, h)
	return h
}

// onHost returns the crawled host of u, with u in that host's scheme, or
// nil when u is on another host.
func (c *crawler) onHost(u *url.URL) (*host, *url.URL) {
	h, ok := c.hosts[u.Host]
	if !ok {
		return nil, nil
	}
	if u.Scheme != h.scheme {
		cp := *u
		cp.Scheme = h.scheme
		u = &cp
	}
	return h, u
}

// admit enqueues a link found depth links away from a start URL when it is
// on a crawled host, new, not on the deny-list, a page shape the site model
// knows (commitment, member, members), within MaxDepth and, for listings,
// within the pagination cap. link is Normalize'd, not yet deduped: the
// item keeps it as found for robots.txt.
func (c *crawler) admit(link *url.URL, depth int) {
	h, found := c.onHost(link)
	if h == nil {
		return
	}
	u := SiteCanonical(dedupForm(found), c.model)
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.firstSight(u) {
		return
	}
	p := c.model.Classify(u)
	switch {
	case p.Kind == sitemodel.Unknown:
		c.sum.SkippedShape++
		return
	case p.Kind != sitemodel.CommitmentPage && p.Page > c.cfg.MaxListingPages:
		c.listingCapped = true
		c.log.Debug("listing page beyond the cap", "url", u.String())
		return
	case depth > c.cfg.MaxDepth:
		c.sum.SkippedDepth++
		c.log.Debug("link beyond the depth cap", "url", u.String())
		return
	}
	c.enqueueLocked(h, item{u: u, found: asFound(found, u), kind: kindPage, depth: depth}, false)
}

// admitStart enqueues a start URL: any shape, but never a denied one.
func (c *crawler) admitStart(found *url.URL) {
	h := c.addHost(found)
	u := SiteCanonical(dedupForm(found), c.model)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.firstSight(u) {
		c.enqueueLocked(h, item{u: u, found: asFound(found, u), kind: kindPage, start: true}, false)
	}
}

// admitSitemap enqueues a sitemap named by robots.txt or a sitemap index
// (base is that file's URL), ahead of pages, when it is on a crawled host.
func (c *crawler) admitSitemap(loc string, base *url.URL) {
	link, err := Normalize(loc, base)
	if err != nil {
		return
	}
	h, found := c.onHost(link)
	if h == nil {
		c.log.Info("off-host sitemap ignored", "url", loc)
		return
	}
	u := dedupForm(found)
	c.mu.Lock()
	defer c.mu.Unlock()
	if h.sitemaps >= maxSitemapsPerHost || !c.firstSight(u) {
		return
	}
	h.sitemaps++
	c.enqueueLocked(h, item{u: u, found: asFound(found, u), kind: kindSitemap}, true)
}

// firstSight marks u seen and reports whether it is new and not denied;
// a denied URL is counted once. Called with c.mu held.
func (c *crawler) firstSight(u *url.URL) bool {
	key := u.String()
	if c.seen[key] {
		return false
	}
	c.seen[key] = true
	if c.model.Denied(u) {
		c.sum.SkippedDenied++
		c.log.Info("denied URL skipped", "url", key)
		return false
	}
	return true
}

// markSeen records a URL reached by a redirect, so it is not fetched again.
func (c *crawler) markSeen(u *url.URL) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seen[SiteCanonical(dedupForm(u), c.model).String()] = true
}

// enqueueLocked adds an item to a host's queue and wakes the dispatcher.
// Called with c.mu held.
func (c *crawler) enqueueLocked(h *host, it item, front bool) {
	if h.stopped != "" {
		return
	}
	if front {
		h.queue = append([]item{it}, h.queue...)
	} else {
		h.queue = append(h.queue, it)
	}
	c.signal()
}

// next pops the next item of a host, unless the host was stopped or the
// page budget is spent. An item whose URL as found robots.txt disallows is
// skipped and counted here (before its deduped form, checked by the
// visit, could hide the difference): robots.txt judges the link as the
// site wrote it. Only the host's worker calls next, after ensureRobots.
func (c *crawler) next(h *host) (item, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for {
		if h.stopped != "" || len(h.queue) == 0 || c.full {
			return item{}, false
		}
		it := h.queue[0]
		h.queue[0] = item{}
		h.queue = h.queue[1:]
		if it.found != nil && h.robots != nil && !h.robots.allowed(it.found) {
			c.sum.SkippedRobots++
			c.log.Info("robots.txt disallows", "url", it.found.String(), "deduped", it.u.String())
			continue
		}
		return it, true
	}
}

// takePage spends one page request of the MaxPages budget.
func (c *crawler) takePage() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cfg.MaxPages > 0 && c.pages >= c.cfg.MaxPages {
		c.full, c.sum.BudgetSpent = true, true
		return false
	}
	c.pages++
	return true
}

// stopHost stops a host for good and records why; its queue is dropped.
func (c *crawler) stopHost(h *host, reason string) {
	c.mu.Lock()
	first := h.stopped == ""
	if first {
		h.stopped = reason
		h.queue = nil
		c.sum.HostsStopped[h.origin] = reason
	}
	c.mu.Unlock()
	if first {
		c.log.Error("HOST STOPPED: no more requests to this host", "host", h.origin, "reason", reason)
	}
}

// signal wakes the dispatcher without blocking.
func (c *crawler) signal() {
	select {
	case c.wake <- struct{}{}:
	default:
	}
}
