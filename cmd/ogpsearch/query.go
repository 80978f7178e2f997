package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"net/url"
	"strings"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
	"github.com/ogpsearch/ogpsearch/search"
	"github.com/ogpsearch/ogpsearch/search/httpapi"
)

func runQuery(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "query --index DIR [filters] [--json] QUERY",
		"Runs one search from the shell, with the parameters of GET /api/v1/search as flags\n"+
			"(--policy-area for policy_area, …) and the query as the arguments. It prints a\n"+
			"readable list of hits and the total; --json prints the API's answer exactly, for jq.\n"+
			"An empty query matches everything.",
		"  ogpsearch query --index data/index services personnalisés --lang fr\n"+
			"  ogpsearch query --index data/index --member south-korea --year-from 2016 --sort -year open data\n"+
			"  ogpsearch query --index data/index --policy-area open-data --json data | jq '.total'\n"+
			"  ogpsearch query --index data/index --member south-korea --changed-since 2026-01-01 --changed-field status")
	dir := fs.String("index", "", "the index directory")
	asJSON := fs.Bool("json", false, "print the JSON answer of GET /api/v1/search, byte for byte")
	sf := addSearchFlags(fs, true)
	if err := parseCommand(fs, args, []string{"index"}, anyArgs); err != nil {
		return err
	}
	values, _, err := sf.request(fs.Args())
	if err != nil {
		return err
	}
	if err := checkIndexDir(*dir); err != nil {
		return err
	}
	engine, err := search.OpenEngine(*dir, nil)
	if err != nil {
		return err
	}
	defer engine.Close()
	body, err := apiSearch(ctx, engine, values)
	if err != nil {
		return err
	}
	if *asJSON {
		_, err := e.stdout.Write(body)
		return err
	}
	var res ogp.SearchResult
	if err := json.Unmarshal(body, &res); err != nil {
		return fmt.Errorf("read the answer: %w", err)
	}
	printHits(e.stdout, res, values.Get("after") != "", isTerminal(underlying(e.stdout)))
	return nil
}

// apiSearch answers a search as GET /api/v1/search does for the same
// parameters, read by the API's own parser and encoded as the API encodes
// its answer, its cursors marked with the index version as the API marks
// them, so that a cursor goes from one to the other. A parameter the API
// refuses is a usage error; a cursor of another index version, an error
// that says to start again.
func apiSearch(ctx context.Context, engine *search.Engine, values url.Values) ([]byte, error) {
	_, version := engine.Stats()
	if after := values.Get("after"); after != "" {
		inner, err := httpapi.OpenCursor(version, after)
		if ogp.ErrorCode(err) == ogp.EInvalid {
			return nil, usageError{ogp.ErrorMessage(err)}
		} else if err != nil {
			return nil, errors.New("--after: " + ogp.ErrorMessage(err))
		}
		values = cloneValues(values)
		values.Set("after", inner)
	}
	req, err := search.ParseRequest(values)
	if ogp.ErrorCode(err) == ogp.EInvalid {
		return nil, usageError{ogp.ErrorMessage(err)}
	} else if err != nil {
		return nil, err
	}
	res, err := engine.Search(ctx, req)
	if ogp.ErrorCode(err) == ogp.EInvalid {
		return nil, usageError{ogp.ErrorMessage(err)} // a cursor of another search
	} else if err != nil {
		return nil, err
	}
	// The engine was opened on one version and never reloads it here.
	res.Next = httpapi.StampCursor(version, res.Next)
	return httpapi.SearchAnswer(res)
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// printHits writes a search answer as a list a person reads: one line per
// commitment (ID, year, member, title), its snippets indented below, and
// the total. On a terminal the matches of a snippet are in bold. A page
// reached by a cursor (continued) has no number: its footer gives the
// cursor to the next one instead.
func printHits(w io.Writer, res ogp.SearchResult, continued, bold bool) {
	if res.Relaxed {
		fmt.Fprintln(w, "No commitment has every word; these have some of them.")
	}
	for _, h := range res.Hits {
		year := "----"
		if h.Year > 0 {
			year = fmt.Sprint(h.Year)
		}
		fmt.Fprintf(w, "%-8s %s  %-14s %s\n", h.ID, year, h.Member, h.Title)
		for _, s := range h.Snippets {
			fmt.Fprintf(w, "         %s\n", plainSnippet(s, bold))
		}
		fmt.Fprintf(w, "         %s  [%s]\n", h.URL, strings.Join(h.Languages, " "))
	}
	if len(res.Hits) == 0 {
		fmt.Fprintf(w, "%s.\n", matches(res.Total))
		return
	}
	if continued {
		last := ""
		if res.Next == "" {
			last = ", the last ones"
		}
		fmt.Fprintf(w, "\n%s; %d shown after the cursor%s (%.1f ms).\n", matches(res.Total), len(res.Hits), last, res.TookMS)
		if res.Next != "" {
			fmt.Fprintf(w, "next: --after %s\n", res.Next)
		}
		return
	}
	first := (res.Page-1)*res.Size + 1
	pages := (res.Total + res.Size - 1) / res.Size
	fmt.Fprintf(w, "\n%s; %d–%d shown (page %d of %d, %.1f ms).\n",
		matches(res.Total), first, first+len(res.Hits)-1, res.Page, pages, res.TookMS)
}

func matches(n int) string {
	if n == 1 {
		return "1 commitment matches"
	}
	return fmt.Sprintf("%d commitments match", n)
}

// plainSnippet turns a snippet (HTML-escaped text, <mark> around matches)
// into plain text, the matches in bold when bold is set.
func plainSnippet(s string, bold bool) string {
	on, off := "", ""
	if bold {
		on, off = "\x1b[1m", "\x1b[0m"
	}
	s = strings.NewReplacer("<mark>", on, "</mark>", off).Replace(s)
	return html.UnescapeString(s)
}
