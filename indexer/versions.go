package indexer

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"

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
