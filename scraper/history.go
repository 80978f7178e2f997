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

// markReached records that the page of commitment id in lang was served
// in this crawl (fetched or answered 304).
func (c *corpus) markReached(id, lang string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reached[recKey{strings.ToUpper(id), lang}] = true
}

// setGone gives the commitments the crawl found no longer on the site; the
// next flush records them.
func (c *corpus) setGone(ids []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gone = ids
}

// snapshotLocked returns the records a save writes, what the history must
// compare, and the dirty records it took (restoreDirty gives them back
// when the save fails). With a history, a periodic save (not final) holds
// back the commitments the crawl has not yet reached in every language
// their pages name: they keep their previous records in the file and
// their changes wait until they are complete or the job ends. So the
// pages of one commitment fetched on either side of a save are not taken
// for a new commitment and then a translation added, and the corpus file
// never holds a change the history lacks (a held page is extracted again
// when a re-run finds its stored copy newer than its record). Called with
// c.mu held.
func (c *corpus) snapshotLocked(final bool) ([]ogp.Commitment, history.Observation, map[recKey]*ogp.Commitment) {
	pages := map[string][]ogp.Commitment{}
	for k, r := range c.records {
		id := strings.ToUpper(k.id)
		pages[id] = append(pages[id], r)
	}
	taken := map[recKey]*ogp.Commitment{}
	held := map[string]bool{}
	for k, old := range c.dirty {
		id := strings.ToUpper(k.id)
		if c.hist != nil && !final && !c.completeLocked(id, pages[id]) {
			held[id] = true
			continue
		}
		taken[k] = old
		delete(c.dirty, k)
	}
	recs := make([]ogp.Commitment, 0, len(c.records))
	for k, r := range c.records {
		if old, ok := c.dirty[k]; ok && held[strings.ToUpper(k.id)] {
			if old != nil {
				recs = append(recs, *old)
			}
			continue
		}
		recs = append(recs, r)
	}
	if c.hist == nil {
		return recs, history.Observation{}, taken
	}
	obs := history.Observation{Gone: c.gone, Present: map[string]bool{}}
	want := map[string]bool{}
	for k := range taken {
		want[strings.ToUpper(k.id)] = true
	}
	for k := range c.reached {
		obs.Present[k.id] = true
		if c.hist.Removed(k.id) && !held[k.id] {
			want[k.id] = true
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
	return recs, obs, taken
}

// completeLocked reports whether the crawl reached every page of a
// commitment: each language its pages are in or link to as translations.
// Called with c.mu held.
func (c *corpus) completeLocked(id string, pages []ogp.Commitment) bool {
	for _, p := range pages {
		if !c.reached[recKey{id, p.Lang}] {
			return false
		}
		for lang := range p.Translations {
			if ogp.IsLangCode(lang) && !c.reached[recKey{id, lang}] {
				return false
			}
		}
	}
	return true
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
	reached := map[string]bool{}
	for k := range corp.reached {
		reached[k.id] = true
	}
	members := map[string]bool{}
	for k, r := range corp.records {
		if reached[strings.ToUpper(k.id)] {
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
		if !reached[id] && members[r.Member] {
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
