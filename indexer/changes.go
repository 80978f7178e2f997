package indexer

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/ogpsearch/ogpsearch/internal/history"
)

// What the index keeps of a commitment's history (the site changes of
// history.jsonl beside the corpus; extractor revisions are not changes on
// the site and stay out):
//   - FieldFirstSeen and FieldLastChanged, Unix seconds, for sorting and
//     the changed_since filter;
//   - FieldChange, the kinds of its changes (new, changed, removed, …),
//     and FieldChangedField, the fields that changed (status, completion,
//     …): keyword fields, filters and facets;
//   - FieldChangedAt, each changed field and each kind of change with the
//     time of the change ("status@2026-03-01T00:00:00Z",
//     "+new@2026-01-10T08:00:00Z"), so that changed_field or change with
//     changed_since is one range of terms;
//   - FieldHistory, the changes themselves, stored, for the history of a
//     commitment, the changes API and the feeds.
const (
	FieldFirstSeen    = "first_seen"
	FieldLastChanged  = "last_changed"
	FieldChange       = "change"
	FieldChangedField = "changed_field"
	FieldChangedAt    = "_changed_at"
	FieldHistory      = "_history"
)

// ChangedAt is the term of FieldChangedAt for a field changed at t, or
// for a kind of change, written KindAt(kind).
func ChangedAt(field string, t time.Time) string {
	return field + "@" + t.UTC().Format(time.RFC3339)
}

// KindAt names a kind of change among the fields of FieldChangedAt.
func KindAt(kind string) string { return "+" + kind }

// histories are the site changes of a corpus, by commitment ID, oldest
// first.
type histories map[string][]history.Change

// readHistories reads the history beside a corpus: in a corpus directory,
// or beside its commitments.jsonl. A corpus file elsewhere has none.
func readHistories(corpus string) (histories, error) {
	dir := corpus
	if st, err := os.Stat(corpus); err != nil || !st.IsDir() {
		if filepath.Base(corpus) != "commitments.jsonl" {
			return nil, nil
		}
		dir = filepath.Dir(corpus)
	}
	changes, _, err := history.Read(dir, history.Filter{Source: history.SourceSite})
	if err != nil {
		return nil, err
	}
	out := histories{}
	for _, c := range changes {
		out[c.ID] = append(out[c.ID], c)
	}
	return out, nil
}

// addHistory puts a commitment's site changes into its document, and
// folds them into its content hash, so that an incremental build
// re-indexes a commitment whose history grew.
func addHistory(doc map[string]any, changes []history.Change) error {
	if len(changes) == 0 {
		return nil
	}
	data, err := json.Marshal(changes)
	if err != nil {
		return fmt.Errorf("history of %s: %w", doc[FieldID], err)
	}
	doc[FieldHistory] = string(data)
	h := sha256.New()
	fmt.Fprint(h, doc[FieldContentHash])
	h.Write(data)
	doc[FieldContentHash] = hex.EncodeToString(h.Sum(nil))

	var kinds, fields, at []string
	first, last := changes[0].SeenTime(), changes[0].SeenTime()
	for _, c := range changes {
		seen := c.SeenTime()
		first, last = minTime(first, seen), maxTime(last, seen)
		kinds = appendNew(kinds, string(c.Kind))
		at = appendNew(at, ChangedAt(KindAt(string(c.Kind)), seen))
		for _, f := range c.Fields {
			fields = appendNew(fields, f.Field)
			at = appendNew(at, ChangedAt(f.Field, seen))
		}
	}
	doc[FieldFirstSeen] = float64(first.Unix())
	doc[FieldLastChanged] = float64(last.Unix())
	doc[FieldChange] = kinds
	doc[FieldChangedAt] = at
	if len(fields) > 0 {
		doc[FieldChangedField] = fields
	}
	return nil
}

// Changes decodes the stored history of a document, oldest first; a
// document without one has none.
func Changes(fields map[string]any) ([]history.Change, error) {
	raw, _ := fields[FieldHistory].(string)
	if raw == "" {
		return nil, nil
	}
	var out []history.Change
	if err := json.Unmarshal([]byte(raw), &out); err != nil {
		return nil, fmt.Errorf("stored history: %w", err)
	}
	return out, nil
}

func appendNew(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
