// Package web serves the search page. The server renders every view (the
// search with its facets, one commitment) as plain HTML forms and links that
// work without JavaScript; the embedded script then takes over, searching
// while the reader types through the HTTP API and keeping the whole state
// in the URL.
package web

import (
	"context"
	"embed"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
	"github.com/ogpsearch/ogpsearch/search"
)

//go:embed page.html
var templateFiles embed.FS

var page = template.Must(template.New("page.html").Funcs(template.FuncMap{
	"snippet": func(s string) template.HTML { return template.HTML(s) }, // escaped by the engine, <mark> only
	"toggle":  toggle,
	"set":     set,
}).ParseFS(templateFiles, "page.html"))

// Searcher is what the page needs from the search engine.
type Searcher interface {
	Search(ctx context.Context, req ogp.SearchRequest) (ogp.SearchResult, error)
	// History returns every page (language) of one commitment and its
	// changes on the site, oldest first.
	History(ctx context.Context, id string) ([]ogp.Commitment, []search.Change, error)
}

// Parser turns query parameters into a search request, as the API does.
type Parser func(url.Values) (ogp.SearchRequest, error)

// contentSecurity allows the page its own script, style sheet, icon and
// API and nothing else.
const contentSecurity = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
	"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// server holds what the page handlers share.
type server struct {
	search Searcher
	parse  Parser
	log    *slog.Logger
	assets assets
}

// Handler serves the page: the search at "/", one commitment at
// "/commitments/{id}", the script, style sheet and icon under "/assets/".
func Handler(s Searcher, parse Parser, log *slog.Logger) http.Handler {
	srv := &server{search: s, parse: parse, log: log, assets: loadAssets()}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", srv.handleSearch)
	mux.HandleFunc("GET /commitments/{id}", srv.handleCommitment)
	mux.HandleFunc("GET /assets/", srv.serveAsset)
	mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		// Asked by clients that do not read the page's <link rel="icon">.
		http.Redirect(w, r, srv.assets.url("favicon.svg"), http.StatusMovedPermanently)
	})
	mux.HandleFunc("/", srv.notFound)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// url.Values drops a parameter that does not decode without a
		// word: the page would be shown as if it had not been given.
		if _, err := url.ParseQuery(r.URL.RawQuery); err != nil {
			srv.renderError(w, r, http.StatusBadRequest, "bad_address_title", "bad_address")
			return
		}
		mux.ServeHTTP(w, r)
	})
}

// base is what every view shares: the language, the strings and the links
// to the page in the other languages.
type base struct {
	Lang      string
	Title     string // of the document, before the site name
	Query     string // in the search box
	T         map[string]string
	Languages []langLink
	Script    string
	Style     string
	Icon      string
	State     clientState // handed to the script, which renders from it
	// Feed is the address of the search's Atom feed, and Since the day
	// its changed-since filter holds, as a date input does; empty on the
	// other views.
	Feed, Since string
}

type langLink struct {
	Code, Name, Href string
	Current          bool
}

// clientState is what the script starts from, so it needs no request to
// show the page the server rendered.
type clientState struct {
	Lang       string                       `json:"lang"`
	Strings    catalog                      `json:"strings"`
	Members    map[string]map[string]string `json:"members"`
	Result     *ogp.SearchResult            `json:"result,omitempty"`
	Commitment *ogp.CommitmentAnswer        `json:"commitment,omitempty"`
	Error      *pageError                   `json:"error,omitempty"`
}

// pageError is a failure the page explains.
type pageError struct {
	Status  int    `json:"status"`
	Message string `json:"message"`
}

func (s *server) base(r *http.Request, lang string) base {
	values := r.URL.Query()
	b := base{Lang: lang, T: uiStrings[lang], Script: s.assets.url("app.js"), Style: s.assets.url("app.css"),
		Icon:  s.assets.url("favicon.svg"),
		State: clientState{Lang: lang, Strings: uiStrings, Members: memberNames()}}
	for _, l := range ogp.Languages() {
		b.Languages = append(b.Languages, langLink{Code: l, Name: uiStrings.text(l, "name"),
			Href: r.URL.Path + set(values, "lang", l), Current: l == lang})
	}
	return b
}

// render writes a view with the page's headers.
func (s *server) render(w http.ResponseWriter, status int, name string, v any) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	h.Set("Content-Security-Policy", contentSecurity)
	h.Set("Referrer-Policy", "same-origin")
	w.WriteHeader(status)
	if err := page.ExecuteTemplate(w, name, v); err != nil {
		s.log.Error("render page", "view", name, "err", err)
	}
}

// failure turns an engine error into what the reader is told.
func (s *server) failure(lang string, err error) *pageError {
	switch ogp.ErrorCode(err) {
	case ogp.EInvalid:
		return &pageError{http.StatusBadRequest, uiStrings.text(lang, "error_bad", ogp.ErrorMessage(err))}
	case ogp.ENotFound:
		return &pageError{http.StatusNotFound, ogp.ErrorMessage(err)}
	case ogp.EUnavailable:
		return &pageError{http.StatusServiceUnavailable, uiStrings.text(lang, "error_busy")}
	}
	s.log.Error("search page", "err", err)
	return &pageError{http.StatusInternalServerError, uiStrings.text(lang, "error_down")}
}

// notFound answers paths the page does not have, with the page.
func (s *server) notFound(w http.ResponseWriter, r *http.Request) {
	s.renderError(w, r, http.StatusNotFound, "not_found_title", "page_not_found")
}

// errorView is what the error template sees: the page's header and search
// box, the message, a link to the search. It has no script: there is
// nothing on it for the script to run.
type errorView struct {
	base
	Back  string
	Error *pageError
}

// renderError answers with the error page: status, its title and message
// (keys of the strings) in the reader's language.
func (s *server) renderError(w http.ResponseWriter, r *http.Request, status int, title, message string) {
	lang := s.language(w, r)
	v := errorView{base: s.base(r, lang), Back: "/?lang=" + lang,
		Error: &pageError{Status: status, Message: uiStrings.text(lang, message)}}
	v.Title, v.Script = uiStrings.text(lang, title), ""
	v.State = clientState{Lang: lang, Error: v.Error}
	s.render(w, status, "error", v)
}

// language is the reader's language (readerLanguage). When it comes from
// the Accept-Language header rather than the address, the answer depends
// on that header, and says so to caches.
func (s *server) language(w http.ResponseWriter, r *http.Request) string {
	lang := readerLanguage(r)
	if !strings.EqualFold(r.URL.Query().Get("lang"), lang) {
		w.Header().Add("Vary", "Accept-Language")
	}
	return lang
}

// toggle returns the query string with a filter value added, or removed
// when it is there, and the page reset.
func toggle(values url.Values, name, key string) string {
	out := without(values, "page")
	kept := out[name][:0]
	found := false
	for _, v := range out[name] {
		if v == key {
			found = true
			continue
		}
		kept = append(kept, v)
	}
	if !found {
		kept = append(kept, key)
	}
	out[name] = kept
	return "?" + out.Encode()
}

// set returns the query string with one parameter set to one value.
func set(values url.Values, name, value string) string {
	out := without(values)
	out.Set(name, value)
	return "?" + out.Encode()
}

// without copies values, leaving out the named parameters.
func without(values url.Values, names ...string) url.Values {
	out := url.Values{}
	for k, vs := range values {
		skip := false
		for _, n := range names {
			skip = skip || k == n
		}
		if !skip {
			out[k] = append([]string(nil), vs...)
		}
	}
	return out
}
