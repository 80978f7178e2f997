// Package history keeps what changed in the corpus, commitment by
// commitment: the file history.jsonl beside commitments.jsonl in a corpus
// directory, one JSON line per change of one commitment (see
// docs/corpus.md). Crawl and import record what the site changed, reindex
// what a new extractor changed; the two sources are kept apart. The file
// only grows, survives a crash at any point, and is read without the
// index. The package imports nothing of the project but internal/ogp and
// internal/atomicfile, and neither bleve nor HTTP.
package history

import (
	"fmt"
	"time"
)

// FileName is the history file inside a corpus directory.
const FileName = "history.jsonl"

// Kind is what happened to a commitment.
type Kind string

const (
	// KindNew is a commitment seen for the first time.
	KindNew Kind = "new"
	// KindChanged is a commitment whose fields changed.
	KindChanged Kind = "changed"
	// KindRemoved is a commitment the site no longer lists or serves. Its
	// record stays in the corpus.
	KindRemoved Kind = "removed"
	// KindReturned is a removed commitment the site lists again; its field
	// changes since it was last seen come with it.
	KindReturned Kind = "returned"
	// KindTranslationAdded is a page in a new language of a known
	// commitment.
	KindTranslationAdded Kind = "translation_added"
)

// Kinds lists every kind, in the order a job records them for one
// commitment.
func Kinds() []Kind {
	return []Kind{KindNew, KindReturned, KindChanged, KindTranslationAdded, KindRemoved}
}

// Source says who changed a record.
type Source string

const (
	// SourceSite is a change on the site, seen by crawl or import.
	SourceSite Source = "site"
	// SourceExtractor is a revision by a new extractor over the same
	// pages, recorded by reindex; it is never a change on the site.
	SourceExtractor Source = "extractor"
)

// ParseSource checks a source name.
func ParseSource(s string) (Source, error) {
	switch Source(s) {
	case SourceSite, SourceExtractor:
		return Source(s), nil
	}
	return "", fmt.Errorf("source %q is neither %q nor %q", s, SourceSite, SourceExtractor)
}

// Change is one line of the history: one change of one commitment.
type Change struct {
	// Seen is when the job saw the change, RFC 3339 in UTC.
	Seen   string `json:"seen"`
	ID     string `json:"id"`
	Member string `json:"member,omitempty"`
	Kind   Kind   `json:"kind"`
	Source Source `json:"source"`
	// Langs are the languages of the pages a new commitment came with, or
	// of the pages a translation_added brought.
	Langs  []string      `json:"langs,omitempty"`
	Fields []FieldChange `json:"fields,omitempty"`
	// Hash digests the commitment's compared fields after the change
	// (empty for removed): a job re-run after a crash recognises the
	// changes it already recorded by it.
	Hash string `json:"hash,omitempty"`
}

// SeenTime parses Seen; a line that does not parse reads as the zero time.
func (c Change) SeenTime() time.Time {
	t, _ := time.Parse(time.RFC3339, c.Seen)
	return t
}

// FieldChange is one field's old and new value. Terms are compared by
// canonical key, lists of terms as the keys Added and Removed. Texts
// (Lang set) are compared per language page; the long ones (description,
// irm_summary) are kept as a digest and a length, not whole: the current
// text is in the corpus, and every edit of every page in full would make
// the history grow with each extractor revision.
type FieldChange struct {
	Field string `json:"field"`
	// Lang is the language of the page a text field belongs to; empty for
	// the fields every language shares (terms, year, member).
	Lang    string   `json:"lang,omitempty"`
	Old     string   `json:"old,omitempty"`
	New     string   `json:"new,omitempty"`
	OldLen  int      `json:"old_len,omitempty"`
	NewLen  int      `json:"new_len,omitempty"`
	Added   []string `json:"added,omitempty"`
	Removed []string `json:"removed,omitempty"`
}
