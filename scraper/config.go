// Package scraper crawls the OGP site politely and writes a corpus directory:
// commitments.jsonl (one record per commitment page and language) and raw/,
// the decoded pages gzip-compressed with their HTTP metadata, so that a
// re-extraction never needs the network.
//
// Politeness comes first: robots.txt (RFC 9309) is honoured on every request
// and every redirect hop, one request at most is in flight per host, request
// starts are spaced by at least the configured delay or the robots
// Crawl-delay, Retry-After pauses the whole host, and a ban stops the host at
// once. The crawler only follows visible, followable links whose URL the site
// model recognises, so the site's crawler trap is never requested.
package scraper

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"time"

	"github.com/ogpsearch/ogpsearch/internal/history"
	"github.com/ogpsearch/ogpsearch/internal/ogp"
	"github.com/ogpsearch/ogpsearch/scraper/extract"
	"github.com/ogpsearch/ogpsearch/scraper/sitemodel"
)

// Defaults of Config, applied to zero fields.
const (
	DefaultDelay         = 2 * time.Second
	DefaultJitter        = 0.25
	DefaultConcurrency   = 2
	DefaultUserAgent     = "ogpsearch/0.1 (+https://github.com/ogpsearch/ogpsearch)"
	DefaultMaxBodyBytes  = 5 << 20
	DefaultMaxRetries    = 3
	DefaultMaxRetryAfter = 10 * time.Minute
	DefaultTimeout       = 30 * time.Second
	DefaultProgressEvery = 5 * time.Second
	// DefaultSaveEvery is how often a crawl writes its corpus and history
	// as it goes: what a killed crawl may have to fetch again.
	DefaultSaveEvery = time.Minute
	// DefaultMaxListingPages caps the page number of a member or members
	// listing, so an endless pager cannot trap the crawl.
	DefaultMaxListingPages = 200
	// DefaultMaxDepth caps how many links away from a start URL (or a
	// sitemap) a page may be, so an endless chain of pages of a known
	// shape (a calendar of member-like pages) cannot trap the crawl. The
	// real site's listings link every page of their pager, so its pages
	// are a few links deep.
	DefaultMaxDepth = 100
)

// ExtractFunc turns one decoded (UTF-8) commitment page into a record.
type ExtractFunc func(r io.Reader, pageURL string) (ogp.Commitment, error)

// Config tells Crawl where to start, where to write and how politely to go.
// Zero (or negative) fields take the defaults above, except where noted.
type Config struct {
	Start         []string      // start URLs; their hosts are the only hosts crawled
	Out           string        // corpus directory
	Delay         time.Duration // minimum gap between requests per host; robots Crawl-delay raises it
	Jitter        float64       // fraction of extra random delay; negative disables it
	Concurrency   int           // hosts crawled in parallel; always one request in flight per host
	UserAgent     string        // sent on every request, robots.txt included
	MaxPages      int           // page requests in all; 0 (or negative) = no limit
	MaxBodyBytes  int64         // decompressed body cap; a bigger page fails "too large"
	MaxRetries    int           // retries of a transient failure; negative disables retries
	MaxRetryAfter time.Duration // a longer Retry-After pauses the host this long
	Timeout       time.Duration // per request attempt, body included
	Model         *sitemodel.Model
	Logger        *slog.Logger
	Progress      io.Writer // periodic progress lines (nil = none)

	// Extract turns a commitment page into a record; nil means
	// extract.Extract with Model.
	Extract ExtractFunc
	// ProgressEvery is the period of progress lines (default 5s).
	ProgressEvery time.Duration
	// MaxListingPages caps listing pagination (default 200).
	MaxListingPages int
	// MaxDepth caps the links followed from a start URL (default 100).
	MaxDepth int
	// SaveEvery is how often the corpus and its history are written
	// during the crawl (default 1 minute); they are always written at
	// its end.
	SaveEvery time.Duration
}

// Failure is a URL that could not be crawled, and why.
type Failure struct {
	URL    string `json:"url"`
	Reason string `json:"reason"`
}

// Summary counts what a crawl did.
type Summary struct {
	Fetched       int               // page responses with a body (2xx)
	Unchanged     int               // pages answered 304 Not Modified
	Stored        int               // records written or rewritten
	SkippedRobots int               // URLs robots.txt disallows
	SkippedDenied int               // URLs on the deny-list (the trap)
	Failed        int               // len(Failures)
	Failures      []Failure         // URL and reason of every failure
	HostsStopped  map[string]string // origin → why the crawl of that host stopped
	// Limits that kept the crawl bounded: links of no known page shape
	// (calendars, search pages, other sections), links beyond MaxDepth,
	// pages whose links were cut at the per-page cap, and whether the
	// MaxPages budget ran out (what remained queued was not fetched).
	SkippedShape int
	SkippedDepth int
	LinksCapped  int
	BudgetSpent  bool
	Elapsed      time.Duration
	// Changes counts the changes the crawl recorded in the history, by
	// kind (new, changed, removed…).
	Changes map[history.Kind]int
}

// withDefaults checks cfg and fills its zero fields.
func (cfg Config) withDefaults() (Config, error) {
	if err := cfg.validate(); err != nil {
		return cfg, err
	}
	cfg.Delay = orDefault(cfg.Delay, DefaultDelay)
	switch {
	case cfg.Jitter == 0:
		cfg.Jitter = DefaultJitter
	case cfg.Jitter < 0:
		cfg.Jitter = 0
	}
	switch {
	case cfg.MaxRetries == 0:
		cfg.MaxRetries = DefaultMaxRetries
	case cfg.MaxRetries < 0:
		cfg.MaxRetries = 0
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = DefaultUserAgent
	}
	cfg.Concurrency = orDefault(cfg.Concurrency, DefaultConcurrency)
	cfg.MaxListingPages = orDefault(cfg.MaxListingPages, DefaultMaxListingPages)
	cfg.MaxDepth = orDefault(cfg.MaxDepth, DefaultMaxDepth)
	cfg.MaxBodyBytes = orDefault(cfg.MaxBodyBytes, DefaultMaxBodyBytes)
	cfg.MaxRetryAfter = orDefault(cfg.MaxRetryAfter, DefaultMaxRetryAfter)
	cfg.Timeout = orDefault(cfg.Timeout, DefaultTimeout)
	cfg.ProgressEvery = orDefault(cfg.ProgressEvery, DefaultProgressEvery)
	cfg.SaveEvery = orDefault(cfg.SaveEvery, DefaultSaveEvery)
	if cfg.Model == nil {
		cfg.Model = sitemodel.Default()
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Extract == nil {
		m := cfg.Model
		cfg.Extract = func(r io.Reader, pageURL string) (ogp.Commitment, error) {
			return extract.Extract(r, pageURL, m)
		}
	}
	return cfg, nil
}

// validate checks the fields that have no default.
func (cfg Config) validate() error {
	if len(cfg.Start) == 0 {
		return errors.New("crawl config: no start URL")
	}
	if cfg.Out == "" {
		return errors.New("crawl config: no output directory")
	}
	for _, s := range cfg.Start {
		u, err := url.Parse(s)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("crawl config: start URL %q is not an absolute http(s) URL", s)
		}
	}
	return nil
}

// orDefault returns def when v is zero or negative.
func orDefault[T int | int64 | time.Duration](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}
