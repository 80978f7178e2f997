package ogp

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
)

// MaxLineBytes bounds one corpus line; a longer line is rejected, not read
// into memory whole.
const MaxLineBytes = 8 << 20

// LineError is a corpus line that could not be read.
type LineError struct {
	Line   int
	Reason string
	// ID is the commitment the line was for, when its id could be read
	// (upper case; it may not be a valid ID): a build must not take a
	// rejected line for a commitment gone from the corpus.
	ID string
}

func (e LineError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Reason) }

// ReadCorpus reads JSON Lines records. A bad line is reported in the
// returned list and skipped; only an I/O error stops the reading.
func ReadCorpus(r io.Reader) ([]Commitment, []LineError, error) {
	var recs []Commitment
	var bad []LineError
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), MaxLineBytes)
	line := 0
	for sc.Scan() {
		line++
		b := sc.Bytes()
		if len(b) == 0 {
			continue
		}
		var c Commitment
		if err := json.Unmarshal(b, &c); err != nil {
			bad = append(bad, LineError{Line: line, Reason: "invalid JSON: " + err.Error()})
			continue
		}
		if c.ID == "" || c.Lang == "" {
			bad = append(bad, LineError{Line: line, Reason: "missing id or lang", ID: strings.ToUpper(strings.TrimSpace(c.ID))})
			continue
		}
		recs = append(recs, c)
	}
	if err := sc.Err(); err != nil {
		return recs, bad, fmt.Errorf("read corpus at line %d: %w", line+1, err)
	}
	return recs, bad, nil
}

// WriteCorpus writes records as JSON Lines, sorted by id then language.
func WriteCorpus(w io.Writer, recs []Commitment) error {
	sorted := append([]Commitment(nil), recs...)
	sort.SliceStable(sorted, func(i, j int) bool {
		if sorted[i].ID != sorted[j].ID {
			return sorted[i].ID < sorted[j].ID
		}
		return sorted[i].Lang < sorted[j].Lang
	})
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for _, c := range sorted {
		if err := enc.Encode(c); err != nil {
			return err
		}
	}
	return bw.Flush()
}
