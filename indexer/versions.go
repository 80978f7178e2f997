package indexer

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"

	"github.com/ogpsearch/ogpsearch/internal/atomicfile"
)

// An index directory holds versions of the index side by side and a file,
// CURRENT, naming the one in use:
//
//	DIR/CURRENT          "v01764258312000000000\n"
//	DIR/v01764258312000000000/   the current index
//	DIR/v01764250000000000000/   the previous one, kept for rollback
//	DIR/v01764259999000000000.tmp/  a build in progress (or left by a crash)
//	DIR/LOCK             held (flock) by the build writing DIR, if any
//
// A build writes a .tmp directory, checks it, renames it to its final name
// and then replaces CURRENT by renaming a new file over it: each step is
// atomic, so a reader (or a crash) at any moment finds CURRENT naming a
// complete index.
const currentFile = "CURRENT"

// ErrNoIndex means the directory holds no index yet.
var ErrNoIndex = errors.New("no index built yet")

// Current returns the path of the index version in use in dir and its name.
func Current(dir string) (path, version string, err error) {
	data, err := os.ReadFile(filepath.Join(dir, currentFile))
	if errors.Is(err, os.ErrNotExist) {
		return "", "", fmt.Errorf("index %s: %w", dir, ErrNoIndex)
	}
	if err != nil {
		return "", "", fmt.Errorf("index %s: %w", dir, err)
	}
	version = strings.TrimSpace(string(data))
	if !validVersion(version) {
		return "", "", fmt.Errorf("index %s: CURRENT names %q, not a version", dir, version)
	}
	return filepath.Join(dir, version), version, nil
}

// Open opens the current index of dir read-only.
func Open(dir string) (bleve.Index, string, error) {
	path, version, err := Current(dir)
	if err != nil {
		return nil, "", err
	}
	idx, err := bleve.OpenUsing(path, map[string]any{"read_only": true})
	if err != nil {
		return nil, "", fmt.Errorf("open index %s: %w", path, err)
	}
	return idx, version, nil
}

// newVersionName is a name that sorts after every earlier version.
func newVersionName() string { return fmt.Sprintf("v%020d", time.Now().UnixNano()) }

func validVersion(v string) bool {
	if len(v) != 21 || v[0] != 'v' {
		return false
	}
	for _, c := range v[1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// commit makes the built version tmp (a .tmp directory) the current one and
// removes versions older than the previous one, and the .tmp directories
// of builds that died: the caller holds the directory's lock, so no other
// build is running.
func commit(dir, tmp, version string) error {
	final := filepath.Join(dir, version)
	if err := os.Rename(tmp, final); err != nil {
		return fmt.Errorf("index: finish version: %w", err)
	}
	if err := atomicfile.WriteBytes(filepath.Join(dir, currentFile), []byte(version+"\n")); err != nil {
		return fmt.Errorf("index: switch CURRENT: %w", err)
	}
	return prune(dir, version)
}

// prune keeps the current version and the newest older one; it removes
// the .tmp directories of builds that are not running.
func prune(dir, current string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var older []string
	for _, e := range entries {
		name := e.Name()
		switch {
		case validVersion(name) && name < current:
			older = append(older, name)
		case strings.HasSuffix(name, ".tmp") && validVersion(strings.TrimSuffix(name, ".tmp")):
			_ = os.RemoveAll(filepath.Join(dir, name))
		}
	}
	sort.Strings(older)
	for i := 0; i < len(older)-1; i++ {
		if err := os.RemoveAll(filepath.Join(dir, older[i])); err != nil {
			return fmt.Errorf("index: remove old version: %w", err)
		}
	}
	return nil
}

// current is the version in use when a build starts.
type current struct {
	// hashes has the content hash of each of its commitments (none: no
	// current version, or one that does not open).
	hashes map[string]string
	// copied: the new version started as a copy of it (an incremental
	// build), so its hashes tell which documents are unchanged.
	copied bool
	// idx is the current version, open read-only during a full build: the
	// documents of commitments whose lines were rejected are kept from it.
	idx bleve.Index
}

func (c *current) has(id string) bool { _, ok := c.hashes[id]; return ok }

func (c *current) close() {
	if c.idx != nil {
		c.idx.Close()
	}
}

// startVersion creates the new version's index: a copy of the current one
// (incremental) or an empty index with common terms chosen from src (full
// build, no index yet, or one of another format). It also reads the
// current version's commitments, which the build checks its removals
// against.
func startVersion(dir, tmp string, full bool, src *source) (bleve.Index, *current, error) {
	cur := &current{hashes: map[string]string{}}
	path, _, err := Current(dir)
	if err != nil && !full && !errors.Is(err, ErrNoIndex) {
		return nil, nil, err
	}
	var old bleve.Index
	if err == nil {
		// A version that does not open cannot be updated in place, nor
		// compared with: it is rebuilt in full.
		if o, err := bleve.OpenUsing(path, map[string]any{"read_only": true}); err == nil {
			if cur.hashes, err = storedHashes(o); err != nil {
				o.Close()
				return nil, nil, err
			}
			old = o
		}
	}
	if old == nil || full || Format(old) != FormatVersion {
		common, err := chooseCommonTerms(src)
		if err != nil {
			if old != nil {
				old.Close()
			}
			return nil, nil, err
		}
		idx, err := newVersion(tmp, common)
		if err != nil {
			if old != nil {
				old.Close()
			}
			return nil, nil, fmt.Errorf("index: create: %w", err)
		}
		cur.idx = old
		return idx, cur, nil
	}
	defer old.Close()
	copyable, ok := old.(bleve.IndexCopyable)
	if !ok {
		return nil, nil, errors.New("index: the current version cannot be copied")
	}
	if err := copyable.CopyTo(bleve.FileSystemDirectory(tmp)); err != nil {
		return nil, nil, fmt.Errorf("index: copy current version: %w", err)
	}
	idx, err := openVersion(tmp)
	if err != nil {
		return nil, nil, fmt.Errorf("index: open copy: %w", err)
	}
	cur.copied = true
	return idx, cur, nil
}

// markFormat records the format version in the index.
func markFormat(idx bleve.Index) error {
	if err := idx.SetInternal(formatKey, []byte(strconv.Itoa(FormatVersion))); err != nil {
		return fmt.Errorf("index: %w", err)
	}
	return nil
}

// mergeSegments merges the segments of the closed index at path into one:
// a search walks each segment's postings separately, so one segment
// answers fastest. Scorch merges only segments on disk, hence the reopen;
// it deletes the merged-away files later, in the background, so the
// merged index is copied into path/merged, whose files then replace
// path's. All of it stays inside path, a .tmp build until committed.
func mergeSegments(ctx context.Context, path string) error {
	idx, err := openVersion(path)
	if err != nil {
		return fmt.Errorf("index: merge segments: %w", err)
	}
	merged := filepath.Join(path, "merged")
	err = forceMerge(ctx, idx, merged)
	if cerr := idx.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = ctx.Err()
	}
	if err == nil {
		err = replaceFiles(path, merged)
	}
	if err != nil {
		_ = os.RemoveAll(merged)
		return fmt.Errorf("index: merge segments: %w", err)
	}
	return nil
}

// replaceFiles moves the entries of from into dir, replacing dir's own,
// and removes from.
func replaceFiles(dir, from string) error {
	entries, err := os.ReadDir(from)
	if err != nil {
		return err
	}
	for _, e := range entries {
		target := filepath.Join(dir, e.Name())
		if err := os.RemoveAll(target); err != nil {
			return err
		}
		if err := os.Rename(filepath.Join(from, e.Name()), target); err != nil {
			return err
		}
	}
	return os.Remove(from)
}

func forceMerge(ctx context.Context, idx bleve.Index, copyTo string) error {
	adv, err := idx.Advanced()
	if err != nil {
		return err
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return fmt.Errorf("not a scorch index")
	}
	if err := s.ForceMerge(ctx, &mergeplan.SingleSegmentMergePlanOptions); err != nil {
		return err
	}
	copyable, ok := idx.(bleve.IndexCopyable)
	if !ok {
		return fmt.Errorf("the index cannot be copied")
	}
	return copyable.CopyTo(bleve.FileSystemDirectory(copyTo))
}

// formatKey holds the format version among the index's internal values.
var formatKey = []byte("ogpsearch_format")

// Format returns the format version an open index was built with (0 for
// an index from before formats were recorded).
func Format(idx bleve.Index) int {
	v, err := idx.GetInternal(formatKey)
	if err != nil {
		return 0
	}
	n, _ := strconv.Atoi(string(v))
	return n
}

// CheckFormat reports an index this program cannot search as it is.
func CheckFormat(idx bleve.Index) error {
	if f := Format(idx); f != FormatVersion {
		return fmt.Errorf("the index has format %d, this program reads format %d: rebuild it with `ogpsearch index --full`", f, FormatVersion)
	}
	return nil
}

// storedHashes reads the content hash of every document.
func storedHashes(idx bleve.Index) (map[string]string, error) {
	n, err := idx.DocCount()
	if err != nil {
		return nil, err
	}
	req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), int(n), 0, false)
	req.Fields = []string{FieldContentHash}
	res, err := idx.Search(req)
	if err != nil {
		return nil, fmt.Errorf("index: read stored hashes: %w", err)
	}
	out := make(map[string]string, len(res.Hits))
	for _, h := range res.Hits {
		out[h.ID], _ = h.Fields[FieldContentHash].(string)
	}
	return out, nil
}

// verify opens a built version and checks it holds the expected number of
// documents and answers a query.
func verify(path string, want int) error {
	idx, err := bleve.OpenUsing(path, map[string]any{"read_only": true})
	if err != nil {
		return fmt.Errorf("index: check new version: %w", err)
	}
	defer idx.Close()
	n, err := idx.DocCount()
	if err != nil {
		return fmt.Errorf("index: check new version: %w", err)
	}
	if int(n) != want {
		return fmt.Errorf("index: check new version: %d documents, want %d", n, want)
	}
	res, err := idx.Search(bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 1, 0, false))
	if err != nil {
		return fmt.Errorf("index: check new version: %w", err)
	}
	if int(res.Total) != want {
		return fmt.Errorf("index: check new version: a query finds %d documents, want %d", res.Total, want)
	}
	return nil
}
