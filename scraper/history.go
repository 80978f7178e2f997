package scraper

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/ogpsearch/ogpsearch/internal/history"
	"github.com/ogpsearch/ogpsearch/internal/ogp"
	"github.com/ogpsearch/ogpsearch/scraper/sitemodel"
)

// The history of a corpus (internal/history) is written by the corpus'
// flushes, before commitments.jsonl: every flush records the changes
// between the records as last written and as about to be written. A crawl
// records site changes, a re-extraction extractor revisions.

// keepHistory makes the corpus record its changes from source, all seen at
// seen, in the history of its directory.
func (c *corpus) keepHistory(source history.Source, seen time.Time) error {
	l, err := history.Open(c.dir, source, seen)
	if err != nil {
		return err
	}
	c.hist = l
	return nil
}

// noteOldLocked keeps the record of k as last written before its first
// change since the last flush (nil: it had none). Called with c.mu held.
func (c *corpus) noteOldLocked(k recKey) {
	if _, ok := c.dirty[k]; ok {
		return
	}
	if old, ok := c.records[k]; ok {
		c.dirty[k] = &old
	} else {
		c.dirty[k] = nil
	}
}

// markReached records that a page of commitment id was served in this
// crawl (fetched or answered 304).
func (c *corpus) markReached(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reached[strings.ToUpper(id)] = true
}

// setGone gives the commitments the crawl found no longer on the site; the
// next flush records them.
func (c *corpus) setGone(ids []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gone = ids
}

// takeObservationLocked returns what the history must compare at a flush,
// and the dirty records it took (restoreDirty gives them back when the
// flush fails). Called with c.mu held.
func (c *corpus) takeObservationLocked() (history.Observation, map[recKey]*ogp.Commitment) {
	taken := c.dirty
	c.dirty = map[recKey]*ogp.Commitment{}
	if c.hist == nil {
		return history.Observation{}, taken
	}
	obs := history.Observation{Gone: c.gone, Present: make(map[string]bool, len(c.reached))}
	want := map[string]bool{}
	for k := range taken {
		want[strings.ToUpper(k.id)] = true
	}
	for id := range c.reached {
		obs.Present[id] = true
		if c.hist.Removed(id) {
			want[id] = true
		}
	}
	for k, rec := range c.records {
		if !want[strings.ToUpper(k.id)] {
			continue
		}
		obs.After = append(obs.After, rec)
		if old, ok := taken[k]; !ok {
			obs.Before = append(obs.Before, rec)
		} else if old != nil {
			obs.Before = append(obs.Before, *old)
		}
	}
	return obs, taken
}

// restoreDirty gives back the dirty records of a failed flush: what they
// were before is still what the corpus file holds.
func (c *corpus) restoreDirty(taken map[recKey]*ogp.Commitment) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, old := range taken {
		c.dirty[k] = old
	}
}

// markGonePage notes a commitment page that answered 404 or 410: a
// failure that does not make the crawl partial.
func (c *crawler) markGonePage(u *url.URL, err error) {
	var se *statusError
	if !errors.As(err, &se) || se.code != http.StatusNotFound && se.code != http.StatusGone {
		return
	}
	if c.model.Classify(u).Kind != sitemodel.CommitmentPage {
		return
	}
	c.mu.Lock()
	c.gonePages++
	c.mu.Unlock()
}

// partial tells why the crawl may have missed pages the site lists, or ""
// when it saw the whole site it was started on: it ran to its end, every
// host to the end of its queue, within every limit, and every failure was
// a commitment page the site no longer serves.
func (c *crawler) partial(ctx context.Context) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case ctx.Err() != nil:
		return "the crawl was cut short"
	case len(c.sum.HostsStopped) > 0:
		return "a host was stopped"
	case c.sum.BudgetSpent:
		return "the page budget ran out"
	case c.sum.SkippedDepth > 0 || c.sum.LinksCapped > 0 || c.listingCapped:
		return "a limit kept pages out"
	case len(c.sum.Failures) > c.gonePages:
		return fmt.Sprintf("%d pages failed", len(c.sum.Failures)-c.gonePages)
	}
	return ""
}

// removals returns the commitments a whole crawl shows the site no longer
// has: those of a member the crawl reached (a crawl started on one member
// says nothing of the others) of which no page was served, and not
// already recorded as removed. When they are more than a tenth of the
// commitments, as after a site outage or a change of its layout, none is
// returned: that is not what a site does from one crawl to the next.
func (c *crawler) removals() []string {
	corp := c.corpus
	corp.mu.Lock()
	members := map[string]bool{}
	for k, r := range corp.records {
		if corp.reached[strings.ToUpper(k.id)] {
			members[r.Member] = true
		}
	}
	candidates := map[string]bool{}
	listed := map[string]bool{}
	for k, r := range corp.records {
		id := strings.ToUpper(k.id)
		if corp.hist != nil && corp.hist.Removed(id) {
			continue
		}
		listed[id] = true
		if !corp.reached[id] && members[r.Member] {
			candidates[id] = true
		}
	}
	corp.mu.Unlock()
	if len(candidates) == 0 {
		return nil
	}
	if err := ogp.CheckShrink("corpus", len(listed), len(listed)-len(candidates), len(candidates), false); err != nil {
		c.log.Warn("commitments not recorded as removed", "missing", len(candidates), "listed", len(listed), "why", "more than a tenth of the commitments")
		return nil
	}
	ids := make([]string, 0, len(candidates))
	for id := range candidates {
		ids = append(ids, id)
	}
	return ids
}
