package scraper

import (
	"context"
	"errors"
	"fmt"
	"net/http"
)

// statusError is an HTTP status we do not accept. 5xx and 429 are retried.
type statusError struct {
	code int
}

func (e *statusError) Error() string {
	return fmt.Sprintf("HTTP status %d %s", e.code, http.StatusText(e.code))
}

var (
	// errRequestTimeout is a request that took longer than Config.Timeout.
	errRequestTimeout = errors.New("request timed out")
	// errEncoding is a Content-Encoding we did not ask for.
	errEncoding = errors.New("unsupported Content-Encoding")
)

// stopError stops the crawl of a whole host (ban, robots.txt unreachable).
// It is never retried.
type stopError struct {
	reason string
}

func (e *stopError) Error() string { return "host stopped: " + e.reason }

// transient tells failures worth retrying: 5xx, 429, network errors,
// timeouts and bodies cut short.
func transient(err error) bool {
	var se *statusError
	var stop *stopError
	var re *redirectError
	switch {
	case errors.As(err, &se):
		return se.code >= 500 || se.code == http.StatusTooManyRequests
	case errors.As(err, &stop), errors.As(err, &re),
		errors.Is(err, errTooLarge), errors.Is(err, errNotHTML), errors.Is(err, errEncoding),
		errors.Is(err, context.Canceled):
		return false
	}
	return true
}
