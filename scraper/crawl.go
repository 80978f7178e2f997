package scraper

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/ogpsearch/ogpsearch/internal/history"
	"github.com/ogpsearch/ogpsearch/scraper/sitemodel"
)

// crawler is the state of one crawl.
type crawler struct {
	cfg       Config
	log       *slog.Logger
	model     *sitemodel.Model
	transport *http.Transport
	corpus    *corpus
	hosts     map[string]*host // by host[:port]; read-only once workers run
	order     []*host
	wake      chan struct{}

	mu     sync.Mutex
	seen   map[string]bool // normalised URLs ever enqueued or reached
	active int             // running host workers
	pages  int             // page requests spent (MaxPages)
	full   bool            // MaxPages reached
	sum    Summary
	// gonePages counts the failures that were commitment pages answering
	// 404 or 410; listingCapped says a listing page past the cap was
	// dropped. Both tell whether the crawl saw the whole site.
	gonePages     int
	listingCapped bool
}

// Crawl crawls politely from cfg.Start and writes the corpus to cfg.Out
// (see the package documentation). Rerunning on the same directory resumes:
// stored pages are asked for conditionally and kept when unchanged. The
// summary is returned even when the crawl ends early with an error (a
// cancelled ctx, a corpus that cannot be written).
func Crawl(ctx context.Context, cfg Config) (Summary, error) {
	began := time.Now()
	cfg, err := cfg.withDefaults()
	if err != nil {
		return Summary{}, err
	}
	c, err := newCrawler(ctx, cfg, began)
	if err != nil {
		return Summary{}, fmt.Errorf("crawl: %w", err)
	}
	defer c.transport.CloseIdleConnections()
	stopProgress := c.startProgress(began)
	c.run(ctx)
	stopProgress()
	why := c.partial(ctx)
	if why == "" {
		c.corpus.setGone(c.removals())
	} else {
		c.log.Info("no commitment recorded as removed: the crawl may have missed pages", "why", why)
	}
	// An interrupted crawl holds back the commitments it reached in part,
	// as its periodic saves do, for the crawl that resumes it.
	ferr := c.corpus.save(context.WithoutCancel(ctx), ctx.Err() == nil)
	if ferr == nil {
		ferr = c.corpus.hist.Finish("crawl", why == "")
	}
	sum := c.summary(time.Since(began))
	sum.Changes = c.corpus.hist.Counts()
	c.log.Info("crawl done", "fetched", sum.Fetched, "unchanged", sum.Unchanged, "stored", sum.Stored,
		"failed", sum.Failed, "hosts_stopped", len(sum.HostsStopped), "elapsed", sum.Elapsed)
	switch {
	case ferr != nil:
		return sum, fmt.Errorf("crawl: %w", ferr)
	case ctx.Err() != nil:
		return sum, fmt.Errorf("crawl: %w", ctx.Err())
	}
	return sum, nil
}

// newCrawler opens the corpus and its history and queues the start URLs.
func newCrawler(ctx context.Context, cfg Config, began time.Time) (*crawler, error) {
	corp, err := openCorpus(ctx, cfg.Out, cfg.Model.DefaultLanguage)
	if err != nil {
		return nil, err
	}
	if err := corp.keepHistory(history.SourceSite, began); err != nil {
		return nil, err
	}
	c := &crawler{
		cfg: cfg, log: cfg.Logger, model: cfg.Model, corpus: corp,
		transport: newTransport(cfg.Timeout),
		hosts:     map[string]*host{},
		wake:      make(chan struct{}, 1),
		seen:      map[string]bool{},
		sum:       Summary{HostsStopped: map[string]string{}},
	}
	for _, s := range cfg.Start {
		u, err := Normalize(s, nil)
		if err != nil {
			return nil, fmt.Errorf("start URL: %w", err)
		}
		c.admitStart(u)
	}
	return c, nil
}

// run starts a worker for every host with work, Concurrency at a time,
// until no host has work left or ctx ends.
func (c *crawler) run(ctx context.Context) {
	var wg sync.WaitGroup
	for {
		c.mu.Lock()
		c.startWorkersLocked(ctx, &wg)
		idle := c.active == 0
		c.mu.Unlock()
		if idle {
			break
		}
		<-c.wake
	}
	wg.Wait()
}

// startWorkersLocked gives idle hosts with queued work a worker. Called
// with c.mu held.
func (c *crawler) startWorkersLocked(ctx context.Context, wg *sync.WaitGroup) {
	for _, h := range c.order {
		if c.active >= c.cfg.Concurrency || ctx.Err() != nil || c.full {
			return
		}
		if h.active || h.stopped != "" || len(h.queue) == 0 {
			continue
		}
		h.active = true
		c.active++
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.work(ctx, h)
		}()
	}
}

// work is a host's worker: it reads robots.txt when needed, then fetches
// the host's queue one request at a time.
func (c *crawler) work(ctx context.Context, h *host) {
	defer c.workerDone(h)
	for ctx.Err() == nil {
		if err := c.ensureRobots(ctx, h); err != nil {
			return
		}
		it, ok := c.next(h)
		if !ok {
			return
		}
		if it.kind == kindSitemap {
			c.visitSitemap(ctx, h, it)
		} else {
			c.visitPage(ctx, h, it)
		}
	}
}

// workerDone releases a host and wakes the dispatcher.
func (c *crawler) workerDone(h *host) {
	c.mu.Lock()
	h.active = false
	c.active--
	c.mu.Unlock()
	c.signal()
}

// ensureRobots loads the host's robots.txt once per robotsTTL, applies its
// Crawl-delay and queues its sitemaps. A host whose robots.txt cannot be
// read is stopped.
func (c *crawler) ensureRobots(ctx context.Context, h *host) error {
	if h.robots != nil && !h.robots.stale(time.Now()) {
		return nil
	}
	r, err := c.loadRobots(ctx, h)
	if err != nil {
		var stop *stopError
		if errors.As(err, &stop) {
			c.stopHost(h, stop.reason)
		}
		return err
	}
	h.robots = r
	h.pacer.setCrawlDelay(r.crawlDelay())
	c.log.Info("robots.txt read", "host", h.origin, "crawl_delay", r.crawlDelay(), "sitemaps", len(r.sitemaps()))
	robotsURL := &url.URL{Scheme: h.scheme, Host: h.hostport, Path: "/robots.txt"}
	for _, s := range r.sitemaps() {
		c.admitSitemap(s, robotsURL)
	}
	return nil
}
