package dirlock

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

func TestOneHolderAtATime(t *testing.T) {
	dir := t.TempDir()
	first, err := Acquire(context.Background(), dir, false)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Acquire(context.Background(), dir, false)
	var le *LockedError
	if !errors.As(err, &le) || !errors.Is(err, ErrLocked) || le.PID != os.Getpid() || time.Since(le.Started) > time.Minute {
		t.Fatalf("second Acquire: %v, want a LockedError naming this process", err)
	}
	if !strings.Contains(err.Error(), "locked by pid") || !strings.Contains(err.Error(), "--wait") {
		t.Errorf("message %q", err)
	}

	// A waiting Acquire gets the lock once it is released...
	got := make(chan error, 1)
	go func() {
		l, err := Acquire(context.Background(), dir, true)
		if err == nil {
			err = l.Release()
		}
		got <- err
	}()
	time.Sleep(3 * pollEvery)
	select {
	case err := <-got:
		t.Fatalf("the waiting Acquire returned while the lock was held: %v", err)
	default:
	}
	if err := first.Release(); err != nil {
		t.Fatal(err)
	}
	if err := <-got; err != nil {
		t.Errorf("the waiting Acquire: %v", err)
	}
	// ...and gives up when its context ends.
	held, err := Acquire(context.Background(), dir, false)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Release()
	ctx, cancel := context.WithTimeout(context.Background(), 2*pollEvery)
	defer cancel()
	if _, err := Acquire(ctx, dir, true); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("a waiting Acquire past its deadline: %v", err)
	}
}
