package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/ogpsearch/ogpsearch/internal/dirlock"
	"github.com/ogpsearch/ogpsearch/scraper"
	"github.com/ogpsearch/ogpsearch/scraper/sitemodel"
)

// stringList is a repeatable string flag.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

func runCrawl(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "crawl --start URL [--start URL…] --out DIR",
		"Crawls the site politely from the start pages and writes a corpus directory:\n"+
			"DIR/commitments.jsonl (one record per page) and DIR/raw/ (every page, compressed).\n"+
			"robots.txt is obeyed, one request at a time per host, spaced by --delay or the\n"+
			"site's Crawl-delay, whichever is longer. Rerunning resumes: stored pages are\n"+
			"re-requested conditionally and only changed ones are rewritten. What changed is\n"+
			"recorded in DIR/history.jsonl (see `ogpsearch changes`); a crawl that reached the whole\n"+
			"site records the commitments it no longer finds as removed. One job at a time\n"+
			"writes DIR: a second one fails at once, or waits with --wait.",
		"  ogpsearch crawl --start https://www.opengovpartnership.org/members/south-korea/ --out corpus/\n"+
			"  ogpsearch crawl --start https://www.opengovpartnership.org/our-members/ --out corpus/ --max-pages 500")
	var start stringList
	fs.Var(&start, "start", "a start URL (repeatable); only its host is crawled")
	out := fs.String("out", "", "the corpus directory to write (created if missing)")
	delay := fs.Duration("delay", defaultDelay, "minimum gap between two requests to one host")
	concurrency := fs.Int("concurrency", defaultConcurrency, "hosts crawled in parallel (never more than one request in flight per host)")
	userAgent := fs.String("user-agent", defaultUserAgent, "User-Agent sent with every request; keep a contact URL in it")
	maxPages := fs.Int("max-pages", 0, "stop after this many page requests (0: no limit)")
	maxBody := fs.Int64("max-body", defaultMaxBody, "largest page accepted, in bytes after decompression")
	timeout := fs.Duration("timeout", defaultTimeout, "time allowed for one request, body included")
	modelPath := fs.String("site-model", "", "a site model JSON file replacing the built-in one")
	saveEvery := fs.Duration("save-every", defaultSaveEvery, "how often the corpus and its history are saved during the crawl (a killed crawl fetches again at most this much)")
	quiet := fs.Bool("quiet", false, "no progress lines, only the summary")
	wait := fs.Bool("wait", false, "wait for another job writing DIR instead of failing at once")
	if err := parseCommand(fs, args, []string{"start", "out"}, 0); err != nil {
		return err
	}
	model, err := sitemodel.Load(*modelPath)
	if err != nil {
		return err
	}
	lock, err := lockDir(ctx, *out, *wait)
	if err != nil {
		return err
	}
	defer lock.Release()
	cfg := scraper.Config{
		Start: start, Out: *out, Delay: *delay, Concurrency: *concurrency, UserAgent: *userAgent,
		MaxPages: *maxPages, MaxBodyBytes: *maxBody, Timeout: *timeout, Model: model, SaveEvery: *saveEvery,
	}
	p := newProgress(e.stderr, *quiet)
	cfg.Logger = slog.New(slog.NewTextHandler(p.text(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	cfg.Progress, cfg.ProgressEvery = p.status(), p.period()
	sum, err := scraper.Crawl(ctx, cfg)
	p.done()
	printCrawlSummary(e, sum)
	if err != nil {
		return err
	}
	if len(sum.HostsStopped) > 0 {
		return fmt.Errorf("the crawl of %d host(s) was stopped (see above)", len(sum.HostsStopped))
	}
	return nil
}

// lockDir creates dir if needed and takes its lock for a job that writes
// it (crawl, import, reindex), waiting for another job's if wait.
func lockDir(ctx context.Context, dir string, wait bool) (*dirlock.Lock, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	return dirlock.Acquire(ctx, dir, wait)
}

func printCrawlSummary(e env, s scraper.Summary) {
	for _, f := range s.Failures {
		fmt.Fprintf(e.stderr, "failed: %s: %s\n", f.URL, f.Reason)
	}
	for host, why := range s.HostsStopped {
		fmt.Fprintf(e.stderr, "stopped: %s: %s\n", host, why)
	}
	fmt.Fprintf(e.stdout, "crawl: %d fetched, %d unchanged, %d stored, %d skipped by robots.txt, %d denied, %d failed in %s%s\n",
		s.Fetched, s.Unchanged, s.Stored, s.SkippedRobots, s.SkippedDenied, s.Failed, s.Elapsed.Round(time.Millisecond), s.Limits())
	fmt.Fprintf(e.stdout, "changes: %s\n", changeCounts(s.Changes))
}
