package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteReplacesWholeOrNotAtAll(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.jsonl")
	if err := WriteBytes(path, []byte("first\n")); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o644 {
		t.Errorf("a new file has mode %v, want 0644", st.Mode().Perm())
	}
	// A failed write leaves the previous file, and no temporary file.
	boom := errors.New("boom")
	err := Write(path, func(w io.Writer) error {
		w.Write([]byte("half of the seco"))
		return boom
	})
	if !errors.Is(err, boom) {
		t.Errorf("Write returned %v, want the writer's error", err)
	}
	if data, _ := os.ReadFile(path); string(data) != "first\n" {
		t.Errorf("after a failed write the file holds %q", data)
	}
	// A replaced file keeps its mode.
	if err := os.Chmod(path, 0o640); err != nil {
		t.Fatal(err)
	}
	if err := WriteBytes(path, []byte("second\n")); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o640 {
		t.Errorf("a replaced file has mode %v, want 0640 as before", st.Mode().Perm())
	}
	if data, _ := os.ReadFile(path); string(data) != "second\n" {
		t.Errorf("the file holds %q", data)
	}
	f, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("never committed"))
	f.Abort()
	f.Abort() // twice is harmless
	if data, _ := os.ReadFile(path); string(data) != "second\n" {
		t.Errorf("after Abort the file holds %q", data)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
}

func TestWriteErrorsAreReported(t *testing.T) {
	// A directory in place of the file: refused, not replaced.
	dir := t.TempDir()
	if err := WriteBytes(dir, []byte("x")); err == nil {
		t.Error("writing over a directory must fail")
	}
	if err := WriteBytes(filepath.Join(dir, "missing", "f"), []byte("x")); err == nil {
		t.Error("writing into a missing directory must fail")
	}
}
