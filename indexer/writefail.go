package indexer

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"syscall"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
)

// Bleve writes an index's segments in the background and reports a failed
// write only to a callback registered by name, with the error as text. A
// build registers the callback below on the index it writes, so that when
// the disk fills up (or a file size limit is reached) the build's error
// says so, whatever symptom the failed write causes later.
const asyncErrorCallback = "ogpsearch-indexer"

// writeErrors holds the first background write error of each index
// directory being built. It is package state because bleve looks the
// callback up in its own global registry.
var writeErrors = struct {
	sync.Mutex
	byPath map[string]string
}{byPath: map[string]string{}}

func init() {
	scorch.RegistryAsyncErrorCallbacks[asyncErrorCallback] = func(err error, path string) {
		writeErrors.Lock()
		defer writeErrors.Unlock()
		if _, ok := writeErrors.byPath[path]; !ok {
			writeErrors.byPath[path] = err.Error()
		}
	}
}

// writeConfig is the runtime configuration of an index a build writes.
func writeConfig() map[string]any {
	return map[string]any{"asyncErrorCallbackName": asyncErrorCallback}
}

// newVersion creates the empty index of a new version at path.
func newVersion(path string, common CommonTerms) (bleve.Index, error) {
	return bleve.NewUsing(path, NewMapping(common), bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore, writeConfig())
}

// openVersion opens for writing the copy a new version starts from.
func openVersion(path string) (bleve.Index, error) {
	return bleve.OpenUsing(path, writeConfig())
}

// writeBatch sends one batch. Bleve may panic in the caller's goroutine
// after a background write failed (a segment it still uses was closed);
// the panic becomes an error, which writeFailure then explains.
func writeBatch(idx bleve.Index, b *bleve.Batch) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("bleve panicked: %v", p)
		}
	}()
	return idx.Batch(b)
}

// ErrNoSpace is the error of a build that could not write its files: the
// disk filled up or a file size limit was reached.
var ErrNoSpace = errors.New("no space to write the new index version")

// writeFailure returns the error a failed build at path reports: when the
// disk filled up or a file size limit was reached on the way, whatever
// err shows, it names that cause and the directory; otherwise err. It
// forgets what was recorded for path, and returns nil for a nil err.
func writeFailure(path string, err error) error {
	writeErrors.Lock()
	async := writeErrors.byPath[path]
	delete(writeErrors.byPath, path)
	writeErrors.Unlock()
	if err == nil {
		return nil
	}
	for _, text := range []string{err.Error(), async} {
		if why := spaceProblem(text); why != "" {
			return fmt.Errorf("index: %w in %s: %s; the current version is unchanged (%s)", ErrNoSpace, path, why, text)
		}
	}
	return err
}

// spaceProblem names the lack of space an error text reports, or "".
func spaceProblem(text string) string {
	switch {
	case strings.Contains(text, syscall.ENOSPC.Error()):
		return "the disk is full"
	case strings.Contains(text, syscall.EDQUOT.Error()):
		return "the disk quota is exhausted"
	case strings.Contains(text, syscall.EFBIG.Error()):
		return "a file grew past the size limit (file too large)"
	}
	return ""
}
