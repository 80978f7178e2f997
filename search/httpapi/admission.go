package httpapi

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// admission bounds the searches running at once, in two lanes: the
// keystroke requests of a search box (facets=false), which are cheap and
// must stay fast, and every other search. Each lane has its own slots, so a
// storm of expensive searches cannot take the keystrokes' turn, and its own
// short queue: a search that finds no slot waits for one for a moment; when
// the queue is full, or no slot frees up in time, it is refused at once
// with 503 and a Retry-After, rather than after its deadline, so that a
// burst cannot pile up work (and memory) the server cannot finish in time.
type admission struct {
	full, quick lane
}

// lane is one set of slots and the queue before them.
type lane struct {
	slots chan struct{} // one per search running
	queue chan struct{} // one per search waiting
	wait  time.Duration // the longest wait for a slot
}

// queuePerSlot is how many searches may wait for each slot of a lane.
const queuePerSlot = 4

// newAdmission makes the lanes: limit slots for the searches, twice as many
// for the keystrokes, which are cheaper.
func newAdmission(limit int, wait time.Duration) admission {
	newLane := func(slots int) lane {
		return lane{slots: make(chan struct{}, slots), queue: make(chan struct{}, queuePerSlot*slots), wait: wait}
	}
	return admission{full: newLane(limit), quick: newLane(2 * limit)}
}

// lane is the lane of a request: quick for a keystroke search.
func (a *admission) lane(keystroke bool) *lane {
	if keystroke {
		return &a.quick
	}
	return &a.full
}

// enter takes a slot of the lane, waiting at most its wait, while there is
// room in the queue, or until ctx ends; false when it is refused. A true
// enter must be followed by leave.
func (l *lane) enter(ctx context.Context) bool {
	select {
	case l.slots <- struct{}{}:
		return true
	default:
	}
	select {
	case l.queue <- struct{}{}:
	default:
		return false // the queue is full: refused at once
	}
	defer func() { <-l.queue }()
	t := time.NewTimer(l.wait)
	defer t.Stop()
	select {
	case l.slots <- struct{}{}:
		return true
	case <-t.C:
	case <-ctx.Done():
	}
	return false
}

func (l *lane) leave() { <-l.slots }

// lateMargin is how long past its deadline a search may take to notice it
// before the client is answered without it.
const lateMargin = 100 * time.Millisecond

// within runs fn, a search that entered lane l, and leaves the lane when
// fn returns. Should fn not have returned lateMargin after ctx's deadline
// (a search checks its context only now and then), the caller is answered
// at once that the search took too long, and fn finishes alone, its slot
// held until then. A panic of fn is raised again in the caller, where the
// server's recovery answers it.
func within[T any](ctx context.Context, l *lane, fn func() (T, error)) (T, error) {
	type answer struct {
		v      T
		err    error
		panicV any
	}
	done := make(chan answer, 1)
	go func() {
		defer l.leave()
		var a answer
		defer func() {
			if p := recover(); p != nil {
				a.panicV = p
			}
			done <- a
		}()
		a.v, a.err = fn()
	}()
	var late <-chan time.Time
	if deadline, ok := ctx.Deadline(); ok {
		t := time.NewTimer(time.Until(deadline) + lateMargin)
		defer t.Stop()
		late = t.C
	}
	select {
	case a := <-done:
		if a.panicV != nil {
			panic(a.panicV)
		}
		return a.v, a.err
	case <-late:
		var zero T
		return zero, ogp.Errorf(ogp.EUnavailable, "the search took too long")
	}
}

// isKeystroke reports whether a search request is the keystroke request of
// a search box: no facets.
func isKeystroke(r *http.Request) bool {
	v := strings.ToLower(r.URL.Query().Get("facets"))
	return v == "false" || v == "0" || v == "no" || v == "off"
}

// retryAfterUnavailable is the Retry-After, in seconds, of every 503: a
// search refused because too many were running, or an index not ready.
const retryAfterUnavailable = 1

// refuseBusy answers a search that found no slot.
func (s *Server) refuseBusy(w http.ResponseWriter, r *http.Request) {
	s.writeError(w, r, s.busy(r))
}

// busy logs and returns the refusal of a search that found no slot: 503,
// to retry in a second.
func (s *Server) busy(r *http.Request) error {
	s.logger(r).Warn("search refused: too many searches at once", "limit", cap(s.searches.full.slots))
	return ogp.Errorf(ogp.EUnavailable, "the server is busy with other searches; retry in a second")
}

// admitPage puts the page's own searches (the server-rendered result list
// and commitment views) under the same bound as the API's; its static
// assets need no slot.
func (s *Server) admitPage(page http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/assets/") {
			page.ServeHTTP(w, r)
			return
		}
		lane := s.searches.lane(false)
		if !lane.enter(r.Context()) {
			s.refuseBusy(w, r)
			return
		}
		defer lane.leave()
		page.ServeHTTP(w, r)
	})
}
