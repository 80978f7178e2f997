// Package web serves the search page: a server-rendered form that works
// without JavaScript, over the same search the API answers.
package web

import (
	"context"
	"embed"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"github.com/ogpsearch/ogpsearch/internal"
)

//go:embed search.html
var files embed.FS

var page = template.Must(template.New("search.html").Funcs(template.FuncMap{
	"snippet": func(s string) template.HTML { return template.HTML(s) }, // escaped by the engine, <mark> only
	"toggle":  toggle,
	"set":     set,
}).ParseFS(files, "search.html"))

// Searcher is what the page needs from the search engine.
type Searcher interface {
	Search(ctx context.Context, req internal.SearchRequest) (internal.SearchResult, error)
}

// Parser turns query parameters into a search request, as the API does.
type Parser func(url.Values) (internal.SearchRequest, error)

// view is what the template sees.
type view struct {
	Query     string
	Lang      string
	Languages []string
	Result    internal.SearchResult
	Facets    []facetView
	Values    url.Values
	Error     string
}

type facetView struct {
	Name   string
	Values []internal.Facet
}

// Handler serves the page at "/".
func Handler(s Searcher, parse Parser, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		q := r.URL.Query()
		if q.Get("lang") == "" {
			q.Set("lang", readerLanguage(r))
		}
		v := view{Query: q.Get("q"), Lang: q.Get("lang"), Languages: internal.Languages, Values: q}
		status := http.StatusOK
		req, err := parse(q)
		if err == nil {
			v.Result, err = s.Search(r.Context(), req)
		}
		if err != nil {
			status = http.StatusBadRequest
			if internal.ErrorCode(err) == internal.EInternal {
				status = http.StatusInternalServerError
				log.Error("search page", "err", err)
			}
			v.Error = internal.ErrorMessage(err)
		}
		for _, name := range append([]string{"year"}, internal.FilterNames...) {
			if f := v.Result.Facets[name]; len(f) > 0 {
				v.Facets = append(v.Facets, facetView{Name: name, Values: f})
			}
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		if err := page.Execute(w, v); err != nil {
			log.Error("render search page", "err", err)
		}
	})
}

// toggle returns the query string with a filter value added, or removed
// when it is there, and the page reset.
func toggle(values url.Values, name, key string) string {
	out := url.Values{}
	for k, vs := range values {
		if k != "page" {
			out[k] = append([]string(nil), vs...)
		}
	}
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
	out := url.Values{}
	for k, vs := range values {
		out[k] = append([]string(nil), vs...)
	}
	out.Set(name, value)
	return "?" + out.Encode()
}

// readerLanguage picks a known language from the browser's
// Accept-Language header, English otherwise.
func readerLanguage(r *http.Request) string {
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag := strings.ToLower(strings.TrimSpace(strings.SplitN(part, ";", 2)[0]))
		if i := strings.IndexByte(tag, '-'); i > 0 {
			tag = tag[:i]
		}
		for _, l := range internal.Languages {
			if l == tag {
				return l
			}
		}
	}
	return "en"
}
