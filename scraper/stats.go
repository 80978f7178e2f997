package scraper

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"
)

// add updates the counters under the crawler's lock.
func (c *crawler) add(update func(*Summary)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	update(&c.sum)
}

// countRobots counts a URL robots.txt disallows.
func (c *crawler) countRobots() { c.add(func(s *Summary) { s.SkippedRobots++ }) }

// countDenied counts a deny-listed URL met outside admission (a redirect).
func (c *crawler) countDenied() { c.add(func(s *Summary) { s.SkippedDenied++ }) }

// summary is a copy of the counters.
func (c *crawler) summary(elapsed time.Duration) Summary {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.sum
	s.Failures = slices.Clone(c.sum.Failures)
	s.HostsStopped = maps.Clone(c.sum.HostsStopped)
	s.Failed = len(s.Failures)
	s.Elapsed = elapsed
	return s
}

// queued counts the URLs waiting in every host's queue.
func (c *crawler) queued() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, h := range c.order {
		n += len(h.queue)
	}
	return n
}

// progressLine is one plain line about the crawl so far.
func (c *crawler) progressLine(elapsed time.Duration) string {
	q := c.queued()
	s := c.summary(elapsed)
	line := fmt.Sprintf("crawl: %d fetched, %d unchanged, %d stored, %d skipped by robots.txt, %d denied, %d failed, %d queued, %d hosts stopped, %s elapsed",
		s.Fetched, s.Unchanged, s.Stored, s.SkippedRobots, s.SkippedDenied, s.Failed, q, len(s.HostsStopped), s.Elapsed.Round(time.Second))
	return line + s.Limits()
}

// Limits describes the limits that kept the crawl bounded, as a suffix of
// the summary line ("; limits: …"), or "" when none applied.
func (s Summary) Limits() string {
	var parts []string
	if s.SkippedShape > 0 {
		parts = append(parts, fmt.Sprintf("%d links of no known page shape ignored", s.SkippedShape))
	}
	if s.SkippedDepth > 0 {
		parts = append(parts, fmt.Sprintf("%d links beyond the depth cap ignored", s.SkippedDepth))
	}
	if s.LinksCapped > 0 {
		parts = append(parts, fmt.Sprintf("%d pages with more than %d links cut", s.LinksCapped, maxLinksPerPage))
	}
	if s.BudgetSpent {
		parts = append(parts, "page budget spent, queued pages not fetched")
	}
	if len(parts) == 0 {
		return ""
	}
	return "; limits: " + strings.Join(parts, ", ")
}

// startProgress writes a progress line to cfg.Progress every ProgressEvery
// until the returned function is called, which writes a last one.
func (c *crawler) startProgress(began time.Time) (stop func()) {
	if c.cfg.Progress == nil {
		return func() {}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(c.cfg.ProgressEvery)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				fmt.Fprintln(c.cfg.Progress, c.progressLine(time.Since(began)))
			}
		}
	}()
	return func() {
		close(done)
		wg.Wait()
		fmt.Fprintln(c.cfg.Progress, c.progressLine(time.Since(began)))
	}
}
