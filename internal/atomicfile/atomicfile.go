// Package atomicfile writes files so that a reader, or a crash, sees either
// the previous file whole or the new one whole, never a part: the bytes go
// to a temporary file beside the final name, are synced to disk, and the
// file is renamed over the old one. Every output of ogpsearch (corpus
// files, imports, exports, the index's CURRENT file) is written this way.
package atomicfile

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// newFileMode is the mode of a file that did not exist before.
const newFileMode fs.FileMode = 0o644

// File is a file being written; nothing is visible under its name until
// Commit. Abort (or a failed Commit) removes what was written.
type File struct {
	path string
	tmp  *os.File
	buf  *bufio.Writer
	mode fs.FileMode
	err  error // first write error
}

// Create starts writing path. The new file will have the mode of the file
// it replaces, or 0644.
func Create(path string) (*File, error) {
	mode := newFileMode
	if st, err := os.Stat(path); err == nil {
		if !st.Mode().IsRegular() {
			return nil, fmt.Errorf("%s: not a regular file", path)
		}
		mode = st.Mode().Perm()
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return nil, err
	}
	return &File{path: path, tmp: tmp, buf: bufio.NewWriterSize(tmp, 64<<10), mode: mode}, nil
}

// Write buffers p; errors are also kept for Commit.
func (f *File) Write(p []byte) (int, error) {
	if f.err != nil {
		return 0, f.err
	}
	n, err := f.buf.Write(p)
	if err != nil {
		f.err = err
	}
	return n, err
}

// Commit flushes, syncs and renames the file into place, then syncs the
// directory so that the rename itself survives a crash.
func (f *File) Commit() error {
	if f.tmp == nil {
		return errors.New("atomicfile: already committed or aborted")
	}
	err := f.err
	if err == nil {
		err = f.buf.Flush()
	}
	if err == nil {
		err = f.tmp.Chmod(f.mode)
	}
	if err == nil {
		err = f.tmp.Sync()
	}
	if cerr := f.tmp.Close(); err == nil {
		err = cerr
	}
	name := f.tmp.Name()
	f.tmp = nil
	if err == nil {
		err = os.Rename(name, f.path)
	}
	if err != nil {
		_ = os.Remove(name)
		return fmt.Errorf("write %s: %w", f.path, err)
	}
	return SyncDir(filepath.Dir(f.path))
}

// Abort removes the unfinished file; the previous file stays as it was.
// It is safe after Commit (it does nothing then).
func (f *File) Abort() {
	if f.tmp == nil {
		return
	}
	_ = f.tmp.Close()
	_ = os.Remove(f.tmp.Name())
	f.tmp = nil
}

// Write writes path through fn, atomically: on any error from fn or from
// the disk, the previous file is left as it was.
func Write(path string, fn func(w io.Writer) error) error {
	f, err := Create(path)
	if err != nil {
		return err
	}
	if err := fn(f); err != nil {
		f.Abort()
		return err
	}
	return f.Commit()
}

// WriteBytes writes data to path atomically.
func WriteBytes(path string, data []byte) error {
	return Write(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// SyncDir syncs a directory, making the renames and removals inside it
// durable.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}
