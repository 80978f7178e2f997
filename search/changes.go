package search

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	bsearch "github.com/blevesearch/bleve/v2/search"

	"github.com/ogpsearch/ogpsearch/indexer"
	"github.com/ogpsearch/ogpsearch/internal/history"
	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// Change is one change the site made to a commitment, as the changes API
// and the feeds show it (see history.Entry).
type Change = history.Entry

// ChangesPage is a page of changes, newest first.
type ChangesPage = history.EntryPage

// Bounds of a page of changes.
const (
	DefaultChanges = 50
	MaxChanges     = 500
)

// ChangeID names a change for good: the same line of the history always
// gets the same ID, and no other line does.
func ChangeID(c history.Change) string {
	h := sha256.New()
	for _, part := range []string{c.Seen, c.ID, string(c.Kind), string(c.Source), c.Hash, strings.Join(c.Langs, ",")} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:20]
}

// Changes returns the site's changes to the commitments req matches (its
// query and filters; its ChangedSince is set to since), seen at or after
// since (zero: all), newest first, size of them (0: DefaultChanges) after
// the cursor after (from a previous page's Next).
func (e *Engine) Changes(ctx context.Context, req ogp.SearchRequest, since time.Time, size int, after string) (ChangesPage, error) {
	if size <= 0 {
		size = DefaultChanges
	}
	if size > MaxChanges {
		return ChangesPage{}, ogp.Errorf(ogp.EInvalid, "size must be between 1 and %d", MaxChanges)
	}
	from, err := decodeChangeCursor(after)
	if err != nil {
		return ChangesPage{}, err
	}
	page := ChangesPage{}
	if !since.IsZero() {
		page.Since = since.UTC().Format(time.RFC3339)
		req.ChangedSince = page.Since
	}
	// The commitments changed last come first, so the walk stops as soon
	// as the next one's newest change is older than the page's oldest: a
	// feed of a broad search reads a few commitments, not all.
	req.Sort = SortChanged
	var all []Change // the changes after the cursor, at most size+1 once sorted
	err = e.walk(ctx, req, func(d *bsearch.DocumentMatch, h ogp.Hit, _ []ogp.Commitment, total int) error {
		page.Matched = total
		changes, err := indexer.Changes(d.Fields)
		if err != nil {
			return fmt.Errorf("commitment %s: %w", d.ID, err)
		}
		if len(changes) == 0 {
			return errEnoughChanges // the others have no history either
		}
		if len(all) > size && changes[len(changes)-1].SeenTime().Unix() < changeKeyOf(all[size]).seen {
			return errEnoughChanges
		}
		for _, c := range changes {
			entry := Change{EntryID: ChangeID(c), Change: c, Title: h.Title, Lang: h.Lang, URL: h.URL}
			if !since.IsZero() && c.SeenTime().Before(since) || from != nil && cmpKey(changeKeyOf(entry), *from) <= 0 {
				continue
			}
			all = append(all, entry)
		}
		if len(all) > size {
			slices.SortFunc(all, newestFirst)
			all = all[:size+1]
		}
		return nil
	})
	if err != nil && !errors.Is(err, errEnoughChanges) {
		return ChangesPage{}, err
	}
	slices.SortFunc(all, newestFirst)
	page.Changes = all[:min(len(all), size)]
	if len(all) > size {
		page.Next = encodeChangeCursor(changeKeyOf(page.Changes[len(page.Changes)-1]))
	}
	return page, nil
}

// errEnoughChanges stops the walk of Changes once the page is complete.
var errEnoughChanges = errors.New("the page of changes is complete")

// History returns a commitment's pages and its changes on the site,
// oldest first.
func (e *Engine) History(ctx context.Context, id string) ([]ogp.Commitment, []Change, error) {
	key, ok := asID(id)
	if !ok {
		return nil, nil, ogp.Errorf(ogp.EInvalid, "id must look like KR0018")
	}
	v, err := e.acquire()
	if err != nil {
		return nil, nil, err
	}
	defer e.release(v)
	ctx, cancel := withDeadline(ctx)
	defer cancel()
	res, err := v.idx.SearchInContext(ctx, docRequest(key, indexer.FieldMeta, indexer.FieldHistory))
	if err != nil {
		return nil, nil, searchError(ctx, err)
	}
	if len(res.Hits) == 0 {
		return nil, nil, ogp.Errorf(ogp.ENotFound, "no commitment %s", key)
	}
	pages, err := indexer.Pages(res.Hits[0].Fields)
	if err != nil {
		return nil, nil, err
	}
	changes, err := indexer.Changes(res.Hits[0].Fields)
	if err != nil {
		return nil, nil, err
	}
	out := make([]Change, len(changes))
	for i, c := range changes {
		out[i] = Change{EntryID: ChangeID(c), Change: c}
	}
	return pages, out, nil
}

// changeKey orders changes: newest first, then by commitment, then by
// entry ID.
type changeKey struct {
	seen    int64
	id, eid string
}

func changeKeyOf(c Change) changeKey { return changeKey{c.SeenTime().Unix(), c.ID, c.EntryID} }

func cmpKey(a, b changeKey) int {
	return cmp.Or(cmp.Compare(b.seen, a.seen), strings.Compare(a.id, b.id), strings.Compare(a.eid, b.eid))
}

func newestFirst(a, b Change) int { return cmpKey(changeKeyOf(a), changeKeyOf(b)) }

func encodeChangeCursor(k changeKey) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(k.seen, 10) + "|" + k.id + "|" + k.eid))
}

func decodeChangeCursor(s string) (*changeKey, error) {
	if s == "" {
		return nil, nil
	}
	bad := ogp.Errorf(ogp.EInvalid, "after is not a cursor of this list of changes")
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, bad
	}
	parts := strings.Split(string(raw), "|")
	if len(parts) != 3 {
		return nil, bad
	}
	seen, err := strconv.ParseInt(parts[0], 10, 64)
	if err != nil {
		return nil, bad
	}
	return &changeKey{seen, parts[1], parts[2]}, nil
}
