// Package dirlock gives one process at a time the right to write a
// directory (an index directory, a corpus directory). The lock is an
// exclusive flock on a file in the directory: the kernel releases it when
// the process ends, however it ends, so a crashed job never leaves a stale
// lock behind. The file also says who holds the lock, for the message the
// next writer prints.
package dirlock

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// FileName is the lock file inside a locked directory.
const FileName = "LOCK"

// pollEvery is how often a waiting writer tries again.
const pollEvery = 100 * time.Millisecond

// ErrLocked is wrapped by the error of a directory another process holds.
var ErrLocked = errors.New("directory locked")

// LockedError says who holds a directory.
type LockedError struct {
	Dir     string
	PID     int       // 0 when the holder has not written its name yet
	Started time.Time // when it took the lock
}

func (e *LockedError) Error() string {
	if e.PID == 0 {
		return fmt.Sprintf("%s: directory locked by another process (use --wait to wait for it)", e.Dir)
	}
	return fmt.Sprintf("%s: directory locked by pid %d (started %s; use --wait to wait for it)",
		e.Dir, e.PID, e.Started.Local().Format("2006-01-02 15:04:05"))
}

func (e *LockedError) Unwrap() error { return ErrLocked }

// Lock is a held directory lock.
type Lock struct {
	f *os.File
}

// Acquire locks dir (which must exist) for writing. When another process
// holds it, Acquire fails at once with a *LockedError, or, with wait,
// tries again until it gets the lock or ctx ends.
func Acquire(ctx context.Context, dir string, wait bool) (*Lock, error) {
	path := filepath.Join(dir, FileName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", dir, err)
	}
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			break
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) && !errors.Is(err, syscall.EINTR) {
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", dir, err)
		}
		if !wait {
			f.Close()
			return nil, holder(dir, path)
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("waiting for the lock of %s: %w", dir, ctx.Err())
		case <-time.After(pollEvery):
		}
	}
	// Say who holds it. A failure here does not matter to the lock.
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(fmt.Sprintf("%d %s\n", os.Getpid(), time.Now().UTC().Format(time.RFC3339))), 0)
	}
	return &Lock{f: f}, nil
}

// holder reads who holds the lock.
func holder(dir, path string) error {
	e := &LockedError{Dir: dir}
	data, err := os.ReadFile(path)
	if err != nil {
		return e
	}
	fields := strings.Fields(string(data))
	if len(fields) == 2 {
		pid, perr := strconv.Atoi(fields[0])
		started, terr := time.Parse(time.RFC3339, fields[1])
		if perr == nil && terr == nil {
			e.PID, e.Started = pid, started
		}
	}
	return e
}

// Release gives the lock up. The lock file stays: removing it would let
// two processes lock two different files of the same name.
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	_ = l.f.Truncate(0)
	err := l.f.Close() // closing the descriptor releases the flock
	l.f = nil
	return err
}
