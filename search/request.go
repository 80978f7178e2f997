package search

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// Limits of one search request. They bound the work a request can ask for,
// so that no query, however written, is slow.
const (
	// MaxQueryBytes bounds the query text, after trimming.
	MaxQueryBytes = 1000
	// DefaultSize and MaxSize are the default and largest page sizes.
	DefaultSize = 10
	MaxSize     = 100
	// MaxDepth bounds page × size: deeper results are reached with the
	// cursor (SearchRequest.After), whose cost does not grow with depth.
	MaxDepth = 10000
	// maxFilterValues bounds the values of one filter.
	maxFilterValues = 50
	// maxKeyBytes bounds one filter value.
	maxKeyBytes = 64
	// maxCursorBytes bounds an encoded cursor.
	maxCursorBytes = 2048
)

// Sort orders a request may ask for.
const (
	SortRelevance = "relevance"
	SortYear      = "year"
	SortYearDesc  = "-year"
	SortID        = "id"
	// SortChanged puts the commitments the site changed last first.
	SortChanged = "-changed"
)

// ParseRequest reads the query parameters of the search API: q, lang, the
// filters of ogp.FilterNames() (repeated or comma-separated for OR),
// year, year_from, year_to, page, size, sort, after, and facets=false /
// snippets=false / prefix=last for the keystroke request. Unknown parameters are
// ignored. Bad values give an *ogp.Error with code EInvalid and a
// message that says what is expected.
func ParseRequest(values url.Values) (ogp.SearchRequest, error) {
	req := ogp.SearchRequest{
		Query: values.Get("q"), Lang: values.Get("lang"), Sort: values.Get("sort"),
		After: values.Get("after"), Facets: true, Snippets: true, Prefix: values.Get("prefix"),
		ChangedSince: values.Get("changed_since"),
	}
	ints := []struct {
		name string
		dst  *int
	}{{"page", &req.Page}, {"size", &req.Size}, {"year", &req.Year}, {"year_from", &req.YearFrom}, {"year_to", &req.YearTo}}
	for _, p := range ints {
		if err := intParam(values, p.name, p.dst); err != nil {
			return req, err
		}
	}
	if values.Has("page") && req.Page < 1 {
		return req, ogp.Errorf(ogp.EInvalid, "page must be 1 or more")
	}
	if values.Has("size") && req.Size < 1 {
		return req, ogp.Errorf(ogp.EInvalid, "size must be between 1 and %d", MaxSize)
	}
	var err error
	if req.Facets, err = boolParam(values, "facets"); err != nil {
		return req, err
	}
	if req.Snippets, err = boolParam(values, "snippets"); err != nil {
		return req, err
	}
	req.Filters = filterParams(values)
	return checkRequest(req)
}

// filterParams reads the filters, repeated or comma-separated.
func filterParams(values url.Values) map[string][]string {
	out := map[string][]string{}
	for _, name := range ogp.FilterNames() {
		for _, v := range values[name] {
			for _, key := range strings.Split(v, ",") {
				if key = strings.TrimSpace(key); key != "" {
					out[name] = append(out[name], key)
				}
			}
		}
	}
	return out
}

func intParam(values url.Values, name string, dst *int) error {
	s := strings.TrimSpace(values.Get(name))
	if s == "" {
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return ogp.Errorf(ogp.EInvalid, "%s must be a whole number", name)
	}
	if err != nil || len(strings.TrimLeft(s, "+-0")) > 9 {
		// A whole number, too large for any parameter: say which are taken.
		return ogp.Errorf(ogp.EInvalid, "%s must be %s", name, intRange(name))
	}
	*dst = n
	return nil
}

// intRange says which values an integer parameter takes.
func intRange(name string) string {
	switch name {
	case "page":
		return fmt.Sprintf("between 1 and %d, and page × size at most %d: use the cursor (after) to go further", MaxDepth, MaxDepth)
	case "size":
		return fmt.Sprintf("between 1 and %d", MaxSize)
	}
	return fmt.Sprintf("a year between %d and %d", ogp.MinYear, ogp.MaxYear)
}

// boolParam reads a flag that is on unless set to false (false, 0, no, off).
func boolParam(values url.Values, name string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(values.Get(name))) {
	case "", "1", "true", "yes", "on":
		return true, nil
	case "0", "false", "no", "off":
		return false, nil
	}
	return false, ogp.Errorf(ogp.EInvalid, "%s must be true or false", name)
}

// checkRequest validates a request and fills its defaults (page 1, size
// 10, relevance order). The query is trimmed and its control characters
// turned into spaces; filter keys are lower-cased. Search calls it too, so
// a request built in code gets the same checks as one from the API.
func checkRequest(req ogp.SearchRequest) (ogp.SearchRequest, error) {
	switch req.Prefix {
	case "", "none":
		req.Prefix = ""
	case ogp.PrefixLast:
		// A query that ends with a space has no word being typed.
		if strings.TrimRightFunc(req.Query, unicode.IsSpace) != req.Query {
			req.Prefix = ""
		}
	default:
		return req, ogp.Errorf(ogp.EInvalid, "prefix must be last (the last word is a prefix, as while typing) or none")
	}
	q, err := cleanQuery(req.Query)
	if err != nil {
		return req, err
	}
	req.Query = q
	req.Lang = strings.ToLower(strings.TrimSpace(req.Lang))
	if req.Lang != "" && !ogp.IsLangCode(req.Lang) {
		return req, ogp.Errorf(ogp.EInvalid, "lang must be a two-letter language code such as fr")
	}
	if req.Filters, err = cleanFilters(req.Filters); err != nil {
		return req, err
	}
	if err := checkYears(req); err != nil {
		return req, err
	}
	if req.ChangedSince, err = cleanSince("changed_since", req.ChangedSince); err != nil {
		return req, err
	}
	if err := checkPaging(&req); err != nil {
		return req, err
	}
	return req, nil
}

// cleanQuery trims q, refuses it when too long or not UTF-8, and replaces
// control characters (NUL, line breaks, …) by spaces.
func cleanQuery(q string) (string, error) {
	if !utf8.ValidString(q) {
		return "", ogp.Errorf(ogp.EInvalid, "q is not valid UTF-8")
	}
	q = strings.TrimSpace(q)
	if len(q) > MaxQueryBytes {
		return "", ogp.Errorf(ogp.EInvalid, "q is too long: at most %d bytes", MaxQueryBytes)
	}
	q = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, q)
	return strings.TrimSpace(q), nil
}

// cleanFilters checks filter names and keys, lower-cases keys and drops
// empty and repeated ones.
func cleanFilters(in map[string][]string) (map[string][]string, error) {
	out := map[string][]string{}
	for name, keys := range in {
		if !slices.Contains(ogp.FilterNames(), name) {
			return nil, ogp.Errorf(ogp.EInvalid, "unknown filter %q: filters are %s", name, strings.Join(ogp.FilterNames(), ", "))
		}
		if len(keys) > maxFilterValues {
			return nil, ogp.Errorf(ogp.EInvalid, "%s: at most %d values", name, maxFilterValues)
		}
		for _, k := range keys {
			k = strings.ToLower(strings.TrimSpace(k))
			if k == "" || slices.Contains(out[name], k) {
				continue
			}
			if !isKey(k) {
				return nil, ogp.Errorf(ogp.EInvalid, "%s: %q is not a key (lower-case letters, digits and -)", name, k)
			}
			out[name] = append(out[name], k)
		}
	}
	return out, nil
}

// isKey reports whether s looks like a canonical key: letters, digits,
// '-' and '_', not too long.
func isKey(s string) bool {
	if len(s) > maxKeyBytes || !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '_' {
			return false
		}
	}
	return true
}

func checkYears(req ogp.SearchRequest) error {
	for _, y := range []struct {
		name string
		v    int
	}{{"year", req.Year}, {"year_from", req.YearFrom}, {"year_to", req.YearTo}} {
		if y.v != 0 && (y.v < ogp.MinYear || y.v > ogp.MaxYear) {
			return ogp.Errorf(ogp.EInvalid, "%s must be a year between %d and %d", y.name, ogp.MinYear, ogp.MaxYear)
		}
	}
	if req.YearFrom != 0 && req.YearTo != 0 && req.YearFrom > req.YearTo {
		return ogp.Errorf(ogp.EInvalid, "year_from must not be after year_to")
	}
	return nil
}

// cleanSince checks a time given as RFC 3339 or as a date (2026-01-01,
// midnight UTC) and returns it as RFC 3339 in UTC; empty stays empty.
func cleanSince(name, s string) (string, error) {
	t, err := ParseSince(s)
	if err != nil {
		return "", ogp.Errorf(ogp.EInvalid, "%s must be a date such as 2026-01-01 or a time such as 2026-01-01T12:00:00Z", name)
	}
	if t.IsZero() {
		return "", nil
	}
	return t.UTC().Format(time.RFC3339), nil
}

// ParseSince reads a time given as RFC 3339 or as a date (midnight UTC);
// empty is the zero time (see ogp.ParseSince).
func ParseSince(s string) (time.Time, error) { return ogp.ParseSince(s) }

// checkPaging fills page, size and sort defaults and bounds the depth.
func checkPaging(req *ogp.SearchRequest) error {
	if req.Page == 0 {
		req.Page = 1
	}
	if req.Size == 0 {
		req.Size = DefaultSize
	}
	switch {
	case req.Page < 1:
		return ogp.Errorf(ogp.EInvalid, "page must be 1 or more")
	case req.Size < 1 || req.Size > MaxSize:
		return ogp.Errorf(ogp.EInvalid, "size must be between 1 and %d", MaxSize)
	case req.Page*req.Size > MaxDepth:
		return ogp.Errorf(ogp.EInvalid, "page %d is too deep: pages reach the first %d results; use the cursor (after) to go further", req.Page, MaxDepth)
	}
	req.Sort = strings.TrimSpace(req.Sort)
	switch req.Sort {
	case "":
		req.Sort = SortRelevance
	case SortRelevance, SortYear, SortYearDesc, SortID, SortChanged:
	default:
		return ogp.Errorf(ogp.EInvalid, "sort must be relevance, year, -year, id or -changed")
	}
	if len(req.After) > maxCursorBytes {
		return ogp.Errorf(ogp.EInvalid, "after is not a cursor this service gave")
	}
	if req.After != "" && req.Page > 1 {
		return ogp.Errorf(ogp.EInvalid, "page and after cannot be combined: after continues where the previous answer stopped")
	}
	return nil
}
