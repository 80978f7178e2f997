package main

import (
	"flag"
	"net/url"
	"strings"

	"github.com/ogpsearch/ogpsearch/internal/history"
	"github.com/ogpsearch/ogpsearch/internal/ogp"
	"github.com/ogpsearch/ogpsearch/search"
)

// searchFlags are the parameters of GET /api/v1/search as flags, named as
// the API names them with a dash for the underscore (--policy-area for
// policy_area), so that `query` and `export` take what the API takes and
// read it with the same parser.
type searchFlags struct {
	params []string               // API parameter names, in order
	single map[string]*string     // parameter → value
	multi  map[string]*stringList // filter → keys (repeatable)
}

// filterHelp describes each filter flag.
var filterHelp = map[string]string{
	"policy_area": "policy area key, e.g. open-data",
	"status":      "status key, e.g. active or inactive",
	"member":      "member slug, e.g. south-korea",
	"language":    "only commitments with a page in this language, e.g. ko",
	"starred":     "starred: yes or no",
	"completion":  "completion key: not-started, limited, substantial or complete",
	"change":      "kind of change the site made: " + strings.Join(kindNames(), ", "),
	"changed_field": "field the site changed (with --changed-since, since then): " +
		strings.Join(history.FieldNames(), ", "),
}

// addSearchFlags defines the search flags on fs; paging adds --page,
// --size and --after, which only a single search takes.
func addSearchFlags(fs *flag.FlagSet, paging bool) *searchFlags {
	sf := &searchFlags{single: map[string]*string{}, multi: map[string]*stringList{}}
	sf.str(fs, "lang", "the reader's language: hits show that translation when it exists (en, fr, es, ko)")
	for _, name := range ogp.FilterNames() {
		list := new(stringList)
		fs.Var(list, flagName(name), filterHelp[name]+" (repeatable or comma-separated: any of them)")
		sf.multi[name] = list
		sf.params = append(sf.params, name)
	}
	sf.str(fs, "year", "only this action plan cycle, e.g. 2014")
	sf.str(fs, "year_from", "only cycles from this year on")
	sf.str(fs, "year_to", "only cycles up to this year")
	sf.str(fs, "changed_since", "only commitments the site changed on or after this day (2026-01-01, UTC) or time (RFC 3339)")
	sf.str(fs, "sort", "order: relevance (default), year, -year, id or -changed (the commitments the site changed last first)")
	sf.str(fs, "prefix", "last: the last word is also the start of the words it finds (budg finds budget), as while typing")
	if paging {
		sf.str(fs, "page", "the page of results, from 1")
		sf.str(fs, "size", "hits per page, 1 to 100 (default 10)")
		sf.str(fs, "after", "the cursor (next) of a previous answer: the hits that follow it")
	}
	return sf
}

func (sf *searchFlags) str(fs *flag.FlagSet, param, usage string) {
	sf.single[param] = fs.String(flagName(param), "", usage)
	sf.params = append(sf.params, param)
}

func flagName(param string) string { return strings.ReplaceAll(param, "_", "-") }

// values builds the API's query parameters from the flags given and the
// query words.
func (sf *searchFlags) values(words []string) url.Values {
	v := url.Values{}
	if q := strings.Join(words, " "); q != "" {
		v.Set("q", q)
	}
	for _, name := range sf.params {
		if s, ok := sf.single[name]; ok && *s != "" {
			v.Set(name, *s)
		}
		if l, ok := sf.multi[name]; ok {
			for _, key := range *l {
				v.Add(name, key)
			}
		}
	}
	return v
}

// request reads the parameters as the API does; a bad value is a usage
// error that names the flag's parameter as the API would.
func (sf *searchFlags) request(words []string) (url.Values, ogp.SearchRequest, error) {
	v := sf.values(words)
	req, err := search.ParseRequest(v)
	if err != nil {
		if ogp.ErrorCode(err) == ogp.EInvalid {
			return v, req, usageError{ogp.ErrorMessage(err)}
		}
		return v, req, err
	}
	return v, req, nil
}
