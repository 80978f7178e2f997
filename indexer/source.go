package indexer

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// source is a corpus file read in two passes: the first finds where each
// commitment's lines are (a few bytes per line), the second reads one
// commitment at a time. Memory stays small whatever the corpus size, and
// translations are merged even when a file does not keep them together.
type source struct {
	f        *os.File
	groups   []group
	records  int
	rejected []ogp.LineError
	bytes    int64
}

// group is where one commitment's pages are in the file.
type group struct {
	id    string
	lines []lineRef
}

type lineRef struct {
	line   int
	offset int64
	length int
}

// corpusPath accepts a corpus directory or a .jsonl file.
func corpusPath(path string) (string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return "", fmt.Errorf("corpus: %w", err)
	}
	if st.IsDir() {
		return filepath.Join(path, "commitments.jsonl"), nil
	}
	return path, nil
}

// openSource scans a corpus file once.
func openSource(ctx context.Context, path string) (*source, error) {
	p, err := corpusPath(path)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, fmt.Errorf("corpus: %w", err)
	}
	s := &source{f: f}
	index := map[string]int{}
	reject := func(line int, id, reason string) {
		s.rejected = append(s.rejected, ogp.LineError{Line: line, Reason: reason, ID: id})
	}
	err = scanLines(ctx, f, func(line int, offset int64, b []byte) {
		id, reason := lineID(b)
		if reason != "" {
			reject(line, id, reason)
			return
		}
		s.records++
		i, ok := index[id]
		if !ok {
			i = len(s.groups)
			index[id] = i
			s.groups = append(s.groups, group{id: id})
		}
		s.groups[i].lines = append(s.groups[i].lines, lineRef{line, offset, len(b)})
	}, func(line int, head []byte, reason string) {
		// A line too long to read may still say whose it was.
		id, _ := lineID(head)
		reject(line, id, reason)
	})
	if err != nil {
		f.Close()
		return nil, err
	}
	if s.records == 0 && len(s.rejected) > 0 {
		f.Close()
		return nil, noRecords(p, s.rejected)
	}
	if st, err := f.Stat(); err == nil {
		s.bytes = st.Size()
	}
	return s, nil
}

// noRecords is the error of a corpus file none of whose lines is a record
// (a wrong file, a binary one): building from it would replace the index
// with an empty one.
func noRecords(path string, bad []ogp.LineError) error {
	return fmt.Errorf("corpus %s: none of its %d non-empty lines is a record (first: %v); nothing indexed, the current version is unchanged", path, len(bad), bad[0])
}

// lineID reads enough of a line to group it: its id and lang, which the
// corpus format writes first, so the rest of the line is not parsed here
// (the second pass parses it whole and rejects it then if it is broken).
// It returns the upper-case ID and, for a line that is rejected, why; the
// ID is returned as far as it could be read even then.
func lineID(b []byte) (string, string) {
	if !utf8.Valid(b) {
		return "", "invalid UTF-8"
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return "", "invalid JSON: not an object"
	}
	var id, lang string
	for dec.More() && (id == "" || lang == "") {
		key, err := dec.Token()
		if err != nil {
			return upperID(id), "invalid JSON: " + err.Error()
		}
		var dst any = new(json.RawMessage)
		switch key {
		case "id":
			dst = &id
		case "lang":
			dst = &lang
		}
		if err := dec.Decode(dst); err != nil {
			return upperID(id), "invalid JSON: " + err.Error()
		}
	}
	if strings.TrimSpace(id) == "" {
		return "", "no id"
	}
	canonical, ok := ogp.ParseID(id)
	switch {
	case !ok:
		return upperID(id), fmt.Sprintf("id %q is not a commitment ID (two to four letters and four digits)", id)
	case strings.TrimSpace(lang) == "":
		return canonical, "no lang"
	}
	return canonical, ""
}

func upperID(id string) string { return strings.ToUpper(strings.TrimSpace(id)) }

// scanLines calls fn for every non-empty line with its number and offset;
// a line over ogp.MaxLineBytes is reported to bad, with its first
// bytes, and skipped without being held in memory.
func scanLines(ctx context.Context, r io.Reader, fn func(line int, offset int64, b []byte), bad func(line int, head []byte, reason string)) error {
	const headBytes = 4 << 10
	br := bufio.NewReaderSize(r, 1<<20)
	var consumed, lineStart int64
	var buf, head []byte
	tooLong := false
	for line := 1; ; {
		chunk, err := br.ReadSlice('\n')
		consumed += int64(len(chunk))
		if !tooLong && len(buf)+len(chunk) > ogp.MaxLineBytes {
			buf = append(buf, chunk...)
			head = append(head[:0], buf[:min(len(buf), headBytes)]...)
			tooLong, buf = true, buf[:0]
		}
		if !tooLong {
			buf = append(buf, chunk...)
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		switch {
		case tooLong:
			bad(line, head, fmt.Sprintf("line longer than %d bytes", ogp.MaxLineBytes))
		case len(bytes.TrimSpace(buf)) > 0:
			fn(line, lineStart, bytes.TrimRight(buf, "\r\n"))
		}
		buf, tooLong, lineStart = buf[:0], false, consumed
		line++
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("corpus: read line %d: %w", line, err)
		}
		if line%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
	}
}

// pages reads the records of one commitment.
func (s *source) pages(g group) ([]ogp.Commitment, []ogp.LineError) {
	var out []ogp.Commitment
	var bad []ogp.LineError
	for _, l := range g.lines {
		b := make([]byte, l.length)
		if _, err := s.f.ReadAt(b, l.offset); err != nil {
			bad = append(bad, ogp.LineError{Line: l.line, Reason: "read: " + err.Error(), ID: g.id})
			continue
		}
		var c ogp.Commitment
		if err := json.Unmarshal(b, &c); err != nil {
			bad = append(bad, ogp.LineError{Line: l.line, Reason: "invalid record: " + err.Error(), ID: g.id})
			continue
		}
		c.ID = strings.ToUpper(strings.TrimSpace(c.ID))
		if err := c.Validate(); err != nil {
			bad = append(bad, ogp.LineError{Line: l.line, Reason: err.Error(), ID: g.id})
			continue
		}
		out = append(out, c)
	}
	return out, bad
}

// recordErrors reads every record and returns the lines that do not
// decode or validate, as the second pass would reject them.
func (s *source) recordErrors(ctx context.Context) []ogp.LineError {
	var bad []ogp.LineError
	for _, g := range s.groups {
		if ctx.Err() != nil {
			break
		}
		_, b := s.pages(g)
		bad = append(bad, b...)
	}
	return bad
}

func (s *source) Close() error { return s.f.Close() }
