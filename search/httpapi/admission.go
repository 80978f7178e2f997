package httpapi

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// admission bounds the searches running at once. A search beyond the bound
// waits for a slot for a short while, then is refused with 503 and a
// Retry-After, so that a burst cannot pile up work (and memory) the server
// cannot finish in time.
type admission struct {
	slots chan struct{}
	wait  time.Duration
}

func newAdmission(limit int, wait time.Duration) admission {
	return admission{slots: make(chan struct{}, limit), wait: wait}
}

// enter takes a slot, waiting at most a.wait or until ctx ends; false when
// no slot freed up. A true enter must be followed by leave.
func (a admission) enter(ctx context.Context) bool {
	select {
	case a.slots <- struct{}{}:
		return true
	default:
	}
	t := time.NewTimer(a.wait)
	defer t.Stop()
	select {
	case a.slots <- struct{}{}:
		return true
	case <-t.C:
	case <-ctx.Done():
	}
	return false
}

func (a admission) leave() { <-a.slots }

// retryAfterUnavailable is the Retry-After, in seconds, of every 503: a
// search refused because too many were running, or an index not ready.
const retryAfterUnavailable = 1

// refuseBusy answers a search that found no slot.
func (s *Server) refuseBusy(w http.ResponseWriter, r *http.Request) {
	s.logger(r).Warn("search refused: too many searches at once", "limit", cap(s.searches.slots))
	s.writeErrorStatus(w, r, http.StatusServiceUnavailable, ogp.EUnavailable,
		"the server is busy with other searches; retry in a second")
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
		if !s.searches.enter(r.Context()) {
			s.refuseBusy(w, r)
			return
		}
		defer s.searches.leave()
		page.ServeHTTP(w, r)
	})
}
