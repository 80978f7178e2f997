package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// limitRequests refuses requests the API never needs and a client could use
// to tie the server up: a request URI longer than Config.MaxURLBytes (414),
// a request line and headers larger than Config.MaxHeaderBytes (431) and any
// request body (413), since every route is a GET. It also refuses, under
// /api/, a query string that does not decode (400): its bad parameters
// would otherwise be dropped without a word, and the search run without
// them. The page checks its own addresses and answers with a page.
//
// The http.Server reads a little more than MaxHeaderBytes (serverHeaderLimit)
// so that these limits are answered here, in JSON; beyond that, the
// server's own refusal is rewritten into the same JSON (refusal.go). Slow
// clients are bounded by the http.Server's timeouts.
func (s *Server) limitRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		uri := r.RequestURI
		if uri == "" {
			uri = r.URL.RequestURI()
		}
		if len(uri) > s.cfg.MaxURLBytes {
			s.writeErrorStatus(w, r, http.StatusRequestURITooLong, codeTooLarge,
				fmt.Sprintf("the request URI is longer than %d bytes", s.cfg.MaxURLBytes))
			return
		}
		if headerBytes(r, uri) > s.cfg.MaxHeaderBytes {
			s.writeErrorStatus(w, r, http.StatusRequestHeaderFieldsTooLarge, codeTooLarge, s.headersTooLarge())
			return
		}
		if r.ContentLength != 0 { // -1: a body of unknown length, chunked
			// The body stays unread, so the connection cannot be reused.
			w.Header().Set("Connection", "close")
			s.writeErrorStatus(w, r, http.StatusRequestEntityTooLarge, codeTooLarge,
				"requests must not carry a body")
			return
		}
		if !outsideAPI(r, nil) {
			if err := checkQuery(r.URL.RawQuery); err != nil {
				s.writeError(w, r, err)
				return
			}
		}
		r.Body = http.MaxBytesReader(w, r.Body, 0)
		next.ServeHTTP(w, r)
	})
}

// headersTooLarge is the message of a 431.
func (s *Server) headersTooLarge() string {
	return fmt.Sprintf("the request line and headers are larger than %d bytes", s.cfg.MaxHeaderBytes)
}

// headerBytes is the size of r's request line and headers as sent, give
// or take the spacing: what the http.Server counts against its limit.
func headerBytes(r *http.Request, uri string) int {
	n := len(r.Method) + 1 + len(uri) + 1 + len(r.Proto) + 2
	n += len("Host: ") + len(r.Host) + 2
	for name, values := range r.Header {
		for _, v := range values {
			n += len(name) + 2 + len(v) + 2
		}
	}
	return n
}

// checkQuery returns an *ogp.Error with code EInvalid when a raw query
// string does not decode: a bad percent escape (q=%ZZ, q=%) or a semicolon
// as a separator. url.Values drops such parameters silently, so a search
// would run as if they had not been given.
func checkQuery(rawQuery string) error {
	_, err := url.ParseQuery(rawQuery)
	if err == nil {
		return nil
	}
	msg := err.Error()
	if strings.Contains(msg, "semicolon") {
		msg = "a semicolon separates nothing: use & between parameters"
	} else if e, ok := err.(url.EscapeError); ok {
		msg = fmt.Sprintf("%q is not a percent escape: write %% as %%25", string(e))
	}
	return ogp.Errorf(ogp.EInvalid, "the query string is malformed: %s", msg)
}

// withDeadline bounds ctx by the configured request timeout; every call to
// the Searcher goes through it.
func (s *Server) withDeadline(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, s.cfg.RequestTimeout)
}
