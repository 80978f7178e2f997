package history

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"time"

	"github.com/ogpsearch/ogpsearch/internal/atomicfile"
	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// How the file stays valid. The history only grows, so a job appends its
// lines with one write and syncs the file, rather than rewriting it whole
// at every save of a crawl. A crash can then leave at most the end of the
// file torn: a last line without its newline, or, on a file system that
// extends the file before its data reaches the disk, bytes that are not a
// line. Readers skip a line that is not a whole change; the next job to
// open the history for writing (holding the corpus directory's lock)
// rewrites it through atomicfile without such lines before it appends.
//
// How a change is not recorded twice. A job records its changes before it
// writes the corpus. When it crashes between the two, it sees the same
// changes again when re-run against the old corpus; each change carries
// the digest of the commitment after it, and a commitment whose last
// recorded change already ends in that state (or, for a removal, is a
// removal) is skipped.

// Log is the history of a corpus directory opened by a job that records
// changes. The job must hold the directory's lock.
type Log struct {
	path   string
	source Source
	seen   string
	last   map[string]Change // the last recorded change of each commitment
	counts map[Kind]int      // what this job recorded
}

// Observation is what a job saw of some commitments.
type Observation struct {
	// Before and After are every page of the commitments the job may have
	// changed, as the corpus holds them and as the job will write them.
	Before, After []ogp.Commitment
	// Present are the IDs the job found on the site: a commitment last
	// recorded as removed returns only when present. Nil for a job that
	// does not read the site (reindex).
	Present map[string]bool
	// Gone are the IDs the job knows the site no longer lists or serves.
	Gone []string
}

// Open reads the history of the corpus directory dir (none yet is fine),
// repairing a torn end left by a crash, for a job recording changes from
// source, all seen at the time seen.
func Open(dir string, source Source, seen time.Time) (*Log, error) {
	l := &Log{path: filepath.Join(dir, FileName), source: source, seen: seen.UTC().Format(time.RFC3339),
		last: map[string]Change{}, counts: map[Kind]int{}}
	f, err := os.Open(l.path)
	if errors.Is(err, fs.ErrNotExist) {
		return l, nil
	} else if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	damaged, err := scan(f, func(c Change, _ []byte) { l.last[c.ID] = c })
	f.Close()
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	if damaged > 0 {
		if err := l.repair(); err != nil {
			return nil, err
		}
	}
	return l, nil
}

// repair rewrites the file with its whole lines only.
func (l *Log) repair() error {
	f, err := os.Open(l.path)
	if err != nil {
		return fmt.Errorf("history: %w", err)
	}
	defer f.Close()
	err = atomicfile.Write(l.path, func(w io.Writer) error {
		var werr error
		_, err := scan(f, func(_ Change, line []byte) {
			if werr == nil {
				_, werr = w.Write(line)
			}
		})
		return errors.Join(err, werr)
	})
	if err != nil {
		return fmt.Errorf("history: repair: %w", err)
	}
	return nil
}

// Removed reports whether the last recorded change of a commitment is its
// removal.
func (l *Log) Removed(id string) bool { return l.last[canonicalID(id)].Kind == KindRemoved }

// Counts returns how many changes of each kind the job recorded so far.
func (l *Log) Counts() map[Kind]int {
	return maps.Clone(l.counts)
}

// Record appends the changes obs shows that are not recorded yet, and
// returns them. On an error nothing of this call is recorded.
func (l *Log) Record(obs Observation) ([]Change, error) {
	before, after := byID(obs.Before), byID(obs.After)
	ids := map[string]bool{}
	for id := range after {
		ids[id] = true
	}
	gone := map[string]bool{}
	for _, id := range obs.Gone {
		id = canonicalID(id)
		if !obs.Present[id] {
			gone[id] = true
			ids[id] = true
		}
	}
	var out []Change
	for _, id := range slices.Sorted(maps.Keys(ids)) {
		last, known := l.last[id]
		var batch []Change
		if gone[id] {
			if known && last.Kind == KindRemoved {
				continue
			}
			p := before[id]
			if len(p) == 0 {
				p = after[id]
			}
			batch = []Change{{ID: id, Member: p.primary().Member, Kind: KindRemoved}}
		} else {
			returned := known && last.Kind == KindRemoved && obs.Present[id]
			batch = compare(id, before[id], after[id], returned)
			if len(batch) == 0 || known && last.Kind != KindRemoved && last.Hash == batch[0].Hash {
				continue
			}
		}
		for i := range batch {
			batch[i].Seen, batch[i].Source = l.seen, l.source
		}
		out = append(out, batch...)
	}
	if err := l.append(out); err != nil {
		return nil, err
	}
	for _, c := range out {
		l.last[c.ID] = c
		l.counts[c.Kind]++
	}
	return out, nil
}

// append writes changes at the end of the file in one write and syncs it;
// on a failure the file is cut back to its previous end.
func (l *Log) append(changes []Change) error {
	if len(changes) == 0 {
		return nil
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for _, c := range changes {
		if err := enc.Encode(c); err != nil {
			return fmt.Errorf("history: %w", err)
		}
	}
	_, statErr := os.Stat(l.path)
	created := errors.Is(statErr, fs.ErrNotExist)
	f, err := os.OpenFile(l.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("history: %w", err)
	}
	end, err := f.Seek(0, io.SeekEnd)
	if err == nil {
		_, err = f.Write(buf.Bytes())
	}
	if err == nil {
		err = f.Sync()
	}
	if err != nil {
		_ = f.Truncate(end)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && created {
		err = atomicfile.SyncDir(filepath.Dir(l.path))
	}
	if err != nil {
		return fmt.Errorf("history: append: %w", err)
	}
	return nil
}

// scan reads history lines, calling fn with each whole change and its
// line (newline included), and returns how many lines it skipped: not a
// change, or the last one cut short.
func scan(r io.Reader, fn func(c Change, line []byte)) (damaged int, err error) {
	br := bufio.NewReaderSize(r, 64<<10)
	for {
		line, err := br.ReadBytes('\n')
		if len(line) > 0 {
			var c Change
			switch {
			case line[len(line)-1] != '\n',
				json.Unmarshal(line, &c) != nil,
				c.ID == "" || c.Kind == "" || c.Source == "":
				damaged++
			default:
				fn(c, line)
			}
		}
		if errors.Is(err, io.EOF) {
			return damaged, nil
		}
		if err != nil {
			return damaged, err
		}
	}
}

// Filter selects changes; a zero field selects every change.
type Filter struct {
	Since  time.Time // seen at or after
	ID     string
	Member string
	Field  string // changes of this field
	Kind   Kind
	Source Source
}

// Match reports whether f selects c.
func (f Filter) Match(c Change) bool {
	switch {
	case !f.Since.IsZero() && c.SeenTime().Before(f.Since),
		f.ID != "" && c.ID != canonicalID(f.ID),
		f.Member != "" && c.Member != f.Member,
		f.Kind != "" && c.Kind != f.Kind,
		f.Source != "" && c.Source != f.Source:
		return false
	}
	if f.Field == "" {
		return true
	}
	return slices.ContainsFunc(c.Fields, func(fc FieldChange) bool { return fc.Field == f.Field })
}

// Read returns the changes of the history of corpus directory dir that f
// selects, oldest first, and how many damaged lines it skipped (the torn
// end of a crashed or running job). A directory without history has none.
func Read(dir string, f Filter) ([]Change, int, error) {
	file, err := os.Open(filepath.Join(dir, FileName))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, 0, nil
	} else if err != nil {
		return nil, 0, fmt.Errorf("history: %w", err)
	}
	defer file.Close()
	var out []Change
	damaged, err := scan(file, func(c Change, _ []byte) {
		if f.Match(c) {
			out = append(out, c)
		}
	})
	if err != nil {
		return nil, damaged, fmt.Errorf("history: %w", err)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].SeenTime().Before(out[j].SeenTime()) })
	return out, damaged, nil
}
