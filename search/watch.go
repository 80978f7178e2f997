package search

import (
	"context"
	"log/slog"
	"time"
)

// Watch looks for a new index version every period until ctx ends, and
// switches to it as Reload does. A refused version is logged once, not at
// every look, until a look gives another answer; a switch is logged. A nil
// log is the engine's own. every must be positive (time.NewTicker).
func (e *Engine) Watch(ctx context.Context, every time.Duration, log *slog.Logger) {
	if log == nil {
		log = e.log
	}
	t := time.NewTicker(every)
	defer t.Stop()
	last := "" // the last refusal logged: each is logged once, not at every look
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			switched, err := e.Reload()
			if err != nil {
				if msg := err.Error(); msg != last {
					last = msg
					log.Error("new index version refused", "err", err, "problem", e.Problem())
				}
				continue
			}
			last = ""
			if switched {
				docs, v := e.Stats()
				log.Info("switched to a new index version", "index_version", v, "commitments", docs)
			}
		}
	}
}
