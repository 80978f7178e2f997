package scraper

import (
	"context"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// maxBackoff bounds the pause before one retry.
const maxBackoff = 5 * time.Minute

// pacer spaces the requests to one host. A request may start only once the
// previous one has finished and the gap, max(Delay, Crawl-delay) plus
// jitter, has passed since; Retry-After and retry backoff push the next start
// further. Because the gap counts from the end of the previous request, the
// server sees request starts at least a gap apart whatever the latency.
type pacer struct {
	mu     sync.Mutex
	delay  time.Duration // configured floor
	jitter float64
	gap    time.Duration // max(delay, robots Crawl-delay)
	ready  time.Time     // earliest start of the next request
	last   time.Time     // end of the last request
}

func newPacer(delay time.Duration, jitter float64) *pacer {
	return &pacer{delay: delay, jitter: jitter, gap: delay}
}

// setCrawlDelay raises the gap to the robots.txt Crawl-delay when larger;
// it applies from the request that read robots.txt on.
func (p *pacer) setCrawlDelay(d time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.gap = max(p.delay, d)
	if !p.last.IsZero() {
		p.push(p.last.Add(p.withJitter(p.gap)))
	}
}

// currentGap is the gap without jitter.
func (p *pacer) currentGap() time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.gap
}

// wait blocks until the next request may start, or ctx ends. Only the
// host's single worker calls it, between requests.
func (p *pacer) wait(ctx context.Context) error {
	p.mu.Lock()
	d := time.Until(p.ready)
	p.mu.Unlock()
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// release ends the current request: the next may start after the gap plus
// jitter, or later if a pause asked for it.
func (p *pacer) release() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.last = time.Now()
	p.push(p.last.Add(p.withJitter(p.gap)))
}

// pause keeps the whole host idle for at least d from now (Retry-After,
// retry backoff).
func (p *pacer) pause(d time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.push(time.Now().Add(d))
}

// push moves the next start to t unless it is already later.
func (p *pacer) push(t time.Time) {
	if t.After(p.ready) {
		p.ready = t
	}
}

// backoff is the pause before retry number attempt+1: the gap doubled for
// every attempt, with jitter, bounded by maxBackoff.
func (p *pacer) backoff(attempt int) time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	d := p.gap << min(attempt+1, 16)
	return min(p.withJitter(d), maxBackoff)
}

// withJitter adds a random fraction, up to jitter, of d.
func (p *pacer) withJitter(d time.Duration) time.Duration {
	if p.jitter <= 0 || d <= 0 {
		return d
	}
	return d + time.Duration(rand.Float64()*p.jitter*float64(d))
}

// parseRetryAfter reads a Retry-After value, delay-seconds or an HTTP-date
// (RFC 9110 §10.2.3).
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return 0, false
		}
		return time.Duration(min(n, 1<<31)) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(t.Sub(now), 0), true
}
