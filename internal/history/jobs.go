package history

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/ogpsearch/ogpsearch/internal/atomicfile"
)

// JobsFile, beside the history, names the last job of each kind (crawl,
// import, reindex) and what it recorded, so that `stats` can tell the
// changes of the last crawl, none included.
const JobsFile = "history-jobs.json"

// Job is the last run of one kind of job.
type Job struct {
	Seen     string       `json:"seen"`     // the Seen of its changes
	Finished string       `json:"finished"` // RFC 3339, UTC
	Source   Source       `json:"source"`
	Complete bool         `json:"complete"` // false: cut short (cancelled, a host stopped, a budget spent)
	Counts   map[Kind]int `json:"counts"`   // changes recorded, by kind
}

// Total is the number of changes the job recorded.
func (j Job) Total() int {
	n := 0
	for _, c := range j.Counts {
		n += c
	}
	return n
}

// Finish records that the job named name (crawl, import, reindex) is
// over, with what it recorded.
func (l *Log) Finish(name string, complete bool) error {
	dir := filepath.Dir(l.path)
	jobs, err := Jobs(dir)
	if err != nil {
		return err
	}
	jobs[name] = Job{Seen: l.seen, Finished: time.Now().UTC().Format(time.RFC3339), Source: l.source,
		Complete: complete, Counts: l.Counts()}
	data, err := json.MarshalIndent(jobs, "", "  ")
	if err != nil {
		return err
	}
	if err := atomicfile.WriteBytes(filepath.Join(dir, JobsFile), append(data, '\n')); err != nil {
		return fmt.Errorf("history: %w", err)
	}
	return nil
}

// Jobs returns the last job of each kind recorded in corpus directory dir.
func Jobs(dir string) (map[string]Job, error) {
	jobs := map[string]Job{}
	data, err := os.ReadFile(filepath.Join(dir, JobsFile))
	if errors.Is(err, fs.ErrNotExist) {
		return jobs, nil
	} else if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	if err := json.Unmarshal(data, &jobs); err != nil {
		return nil, fmt.Errorf("history: %s: %w", JobsFile, err)
	}
	return jobs, nil
}
