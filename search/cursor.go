package search

import (
	"encoding/base64"
	"encoding/json"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"

	bsearch "github.com/blevesearch/bleve/v2/search"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// A cursor lets a reader walk through every result of a search, however
// many, at a constant cost per page: it holds the sort keys of the last
// hit given, and the next request asks bleve for the hits after it
// (SearchAfter) instead of skipping the ones before. Every sort order ends
// with the document ID, so no two hits share their keys and a walk returns
// each hit exactly once.

// cursor is where a walk stopped. It travels as opaque base64.
type cursor struct {
	Sort    string   `json:"s"`
	Keys    []string `json:"k"`
	Search  string   `json:"h"`           // fingerprint of the search it continues
	Relaxed bool     `json:"r,omitempty"` // the search was relaxed to any word
}

// sortKeys are the values of hit for order, as SearchAfter wants them.
func sortKeys(order bsearch.SortOrder, hit *bsearch.DocumentMatch) []string {
	keys := make([]string, len(order))
	for i, s := range order {
		switch s.(type) {
		case *bsearch.SortScore:
			keys[i] = strconv.FormatFloat(hit.Score, 'g', -1, 64)
		case *bsearch.SortDocID:
			keys[i] = hit.ID
		default:
			if i < len(hit.Sort) {
				keys[i] = hit.Sort[i]
			}
		}
	}
	return keys
}

func encodeCursor(c cursor) string {
	data, _ := json.Marshal(c) // strings only: cannot fail
	return base64.RawURLEncoding.EncodeToString(data)
}

// decodeCursor reads the cursor of req and checks it continues this very
// search (same query, filters, language and sort).
func decodeCursor(req ogp.SearchRequest) (cursor, error) {
	bad := ogp.Errorf(ogp.EInvalid, "after is not a cursor this service gave")
	data, err := base64.RawURLEncoding.DecodeString(req.After)
	if err != nil {
		return cursor{}, bad
	}
	var c cursor
	if err := json.Unmarshal(data, &c); err != nil || len(c.Keys) != len(sortOrder(c.Sort)) {
		return cursor{}, bad
	}
	if c.Sort != req.Sort || c.Search != fingerprint(req) {
		return cursor{}, ogp.Errorf(ogp.EInvalid, "after belongs to another search: repeat the same query, filters, lang and sort")
	}
	if c.Sort == SortRelevance || c.Sort == SortYear || c.Sort == SortYearDesc {
		score := c.Keys[len(c.Keys)-2]
		if _, err := strconv.ParseFloat(score, 64); err != nil {
			return cursor{}, bad
		}
	}
	return c, nil
}

// fingerprint identifies what a search asks (not which page of it), so a
// cursor is refused on another search.
func fingerprint(req ogp.SearchRequest) string {
	h := fnv.New64a()
	write := func(parts ...string) {
		for _, p := range parts {
			h.Write([]byte(p))
			h.Write([]byte{0})
		}
	}
	write(req.Query, req.Lang, req.Sort, strconv.Itoa(req.Year), strconv.Itoa(req.YearFrom), strconv.Itoa(req.YearTo), req.Prefix, req.ChangedSince)
	for _, name := range ogp.FilterNames() {
		keys := slices.Clone(req.Filters[name])
		slices.Sort(keys)
		write(name, strings.Join(keys, ","))
	}
	return strconv.FormatUint(h.Sum64(), 36)
}
