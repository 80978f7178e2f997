package search

import (
	"errors"
	"fmt"
	"sync"

	"github.com/ogpsearch/ogpsearch/indexer"
)

// reloadProblem is what went wrong at the last Reload, if anything: the
// engine keeps serving the version it has, and says why it did not switch
// until a Reload succeeds.
type reloadProblem struct {
	mu  sync.Mutex
	msg string
}

// Reload switches to the version CURRENT names when it is a new one and
// reports whether it did. Searches running on the old version finish on
// it; it is closed after them. When CURRENT is missing or names a version
// that fails to open or to answer, the error says why, the old version
// keeps serving and Problem reports it until a Reload succeeds.
func (e *Engine) Reload() (bool, error) {
	switched, err := e.reload()
	e.problem.set(e.describe(err))
	return switched, err
}

// Problem says, in words safe to show, why the engine serves another
// version than the one the index directory names; "" when it does not.
// The detail is in the log and in Reload's error.
func (e *Engine) Problem() string {
	e.problem.mu.Lock()
	defer e.problem.mu.Unlock()
	return e.problem.msg
}

func (p *reloadProblem) set(msg string) {
	p.mu.Lock()
	p.msg = msg
	p.mu.Unlock()
}

// noIndexYet is the problem of an engine waiting for a first version.
const noIndexYet = "no index yet: the index directory holds none; build one with ogpsearch index"

// describe turns a Reload error into Problem's message.
func (e *Engine) describe(err error) string {
	if err == nil {
		return ""
	}
	_, served := e.Stats()
	if served == "" && errors.Is(err, indexer.ErrNoIndex) {
		return noIndexYet
	}
	still := "still serving version " + served
	if served == "" {
		still = "no version served yet"
	}
	_, name, cerr := indexer.Current(e.dir)
	switch {
	case errors.Is(err, indexer.ErrNoIndex):
		return "the index directory holds no index; " + still
	case cerr != nil:
		return "the index directory does not name a valid version; " + still
	}
	return fmt.Sprintf("index version %s could not be opened; %s", name, still)
}
