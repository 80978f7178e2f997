// Package httpapi serves the ogpsearch HTTP API: search, suggestions, one
// commitment in all its languages, what the site changed (the changes of a
// search, the history of a commitment, an Atom feed that follows a
// search), an OpenAPI description, health, readiness and Prometheus
// metrics, with the web page plugged in as a handler.
//
// The server depends only on the Searcher interface (and ChangeSearcher,
// when the engine keeps a history) and on a request parser, all injected,
// so package search's Engine and tests' fakes serve alike.
// Every response carries a request ID; errors are JSON with a code and a
// message safe to show; answers are cached by strong ETags and gzipped when
// the client accepts it.
package httpapi

import (
	"context"
	"net/http"
	"net/url"
	"runtime"
	"time"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// Searcher is what the server needs from the search engine (package search's
// *Engine implements it). Methods must be safe for concurrent use.
type Searcher interface {
	// Search answers one page of hits.
	Search(ctx context.Context, req ogp.SearchRequest) (ogp.SearchResult, error)
	// Suggest offers completions of q while the reader types.
	Suggest(ctx context.Context, q, lang string, limit int) ([]ogp.Suggestion, error)
	// Commitment returns every page (language) of one commitment, or an
	// *ogp.Error with code ENotFound when there is none.
	Commitment(ctx context.Context, id string) ([]ogp.Commitment, error)
	// Ready returns nil once the engine can answer searches.
	Ready(ctx context.Context) error
	// Stats reports the number of indexed documents and the index version.
	Stats() (docs uint64, version string)
}

// BuildInfo names the running binary; it is exported as a metric.
type BuildInfo struct {
	Version string
	Commit  string
}

// Config holds every setting of a Server. Zero fields take the defaults
// listed beside them (see New).
type Config struct {
	Addr           string        // listen address; default DefaultAddr, port 0 picks a free port
	CORSOrigins    []string      // origins allowed to call the API from a browser; "*" allows any
	RequestTimeout time.Duration // deadline of each call to the Searcher; default 5s
	MaxURLBytes    int           // longest accepted request URI; default 8 KiB, longer gets 414
	Build          BuildInfo     // version and commit of the binary

	// ParseRequest turns the query parameters of /api/v1/search into a
	// request (package search provides search.ParseRequest). It should
	// return an *ogp.Error with code EInvalid for bad parameters.
	// Required.
	ParseRequest func(url.Values) (ogp.SearchRequest, error)

	// Page serves GET / and the static assets of the web page. Nil serves a
	// small built-in page pointing at the API description.
	Page http.Handler

	// CacheMaxAge is how long clients may reuse an API answer without
	// revalidating it by its ETag; default 60s, negative means always
	// revalidate.
	CacheMaxAge time.Duration

	ReadHeaderTimeout time.Duration // default 5s: slow clients are cut off
	ReadTimeout       time.Duration // default 10s
	WriteTimeout      time.Duration // default RequestTimeout + 10s
	IdleTimeout       time.Duration // default 120s
	MaxHeaderBytes    int           // default 64 KiB

	// MaxSearches bounds the searches running at once (default: as many
	// as the cores Go uses), and twice as many keystroke searches run in
	// a lane of their own; a search beyond them waits up to
	// SearchQueueWait (default 250ms) for a slot while four wait for each
	// slot at most, else it gets 503 with Retry-After at once.
	MaxSearches     int
	SearchQueueWait time.Duration
}

// DefaultAddr is the address a server listens on unless told otherwise.
const DefaultAddr = "localhost:8080"

// Defaults, in one place.
const (
	defaultRequestTimeout    = 5 * time.Second
	defaultMaxURLBytes       = 8 << 10
	defaultCacheMaxAge       = 60 * time.Second
	defaultReadHeaderTimeout = 5 * time.Second
	defaultReadTimeout       = 10 * time.Second
	defaultIdleTimeout       = 120 * time.Second
	defaultMaxHeaderBytes    = 64 << 10
	defaultSearchQueueWait   = 250 * time.Millisecond
	defaultSuggestLimit      = ogp.DefaultSuggestions
	maxSuggestLimit          = ogp.MaxSuggestions
)

// withDefaults returns cfg with every zero setting replaced by its default.
func (cfg Config) withDefaults() Config {
	if cfg.Addr == "" {
		cfg.Addr = DefaultAddr
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = defaultRequestTimeout
	}
	if cfg.MaxURLBytes <= 0 {
		cfg.MaxURLBytes = defaultMaxURLBytes
	}
	if cfg.CacheMaxAge == 0 {
		cfg.CacheMaxAge = defaultCacheMaxAge
	}
	if cfg.ReadHeaderTimeout <= 0 {
		cfg.ReadHeaderTimeout = defaultReadHeaderTimeout
	}
	if cfg.ReadTimeout <= 0 {
		cfg.ReadTimeout = defaultReadTimeout
	}
	if cfg.ReadTimeout < cfg.ReadHeaderTimeout {
		cfg.ReadTimeout = cfg.ReadHeaderTimeout
	}
	if cfg.WriteTimeout <= 0 {
		cfg.WriteTimeout = cfg.RequestTimeout + 10*time.Second
	}
	if cfg.IdleTimeout <= 0 {
		cfg.IdleTimeout = defaultIdleTimeout
	}
	if cfg.MaxHeaderBytes <= 0 {
		cfg.MaxHeaderBytes = defaultMaxHeaderBytes
	}
	if cfg.MaxSearches <= 0 {
		// More searches than cores would only share the cores, each
		// slower, until all miss their deadline together.
		cfg.MaxSearches = runtime.GOMAXPROCS(0)
	}
	if cfg.SearchQueueWait <= 0 {
		cfg.SearchQueueWait = defaultSearchQueueWait
	}
	return cfg
}
