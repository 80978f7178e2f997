package fixturesite

import "time"

// Options configures a fixture server. The zero value serves a clean site.
type Options struct {
	// CrawlDelay is written into robots.txt as "Crawl-delay: <seconds>"
	// (fractional seconds allowed, e.g. 0.05); 0 writes no such line.
	CrawlDelay time.Duration
	// PageSize is how many commitments one member-page page lists
	// (default 10).
	PageSize int
	// RobotsStatus, when not 0, is the status robots.txt answers with
	// (404, 503…) instead of its content.
	RobotsStatus int
	// SlowDelay is how long the slow page waits before answering (default
	// 300ms). It only matters when Hostile is set.
	SlowDelay time.Duration
	// Hostile turns on the hostile behaviours: retried statuses, a slow
	// page, legacy encodings, redirect loops and an oversized page.
	Hostile bool
	// Traps turns on the resource traps linked from TrapsPath (a gzip
	// bomb, pages of a million links, endless calendars) and a robots.txt
	// of over 10 MB; see traps.go.
	Traps bool
}

// Defaults of Options.
const (
	DefaultPageSize  = 10
	DefaultSlowDelay = 300 * time.Millisecond
)

// withDefaults fills the unset options.
func (o Options) withDefaults() Options {
	if o.PageSize <= 0 {
		o.PageSize = DefaultPageSize
	}
	if o.SlowDelay <= 0 {
		o.SlowDelay = DefaultSlowDelay
	}
	return o
}
