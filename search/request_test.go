package search

import (
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

func TestParseRequestDefaults(t *testing.T) {
	req, err := ParseRequest(url.Values{})
	if err != nil {
		t.Fatal(err)
	}
	want := ogp.SearchRequest{Page: 1, Size: DefaultSize, Sort: SortRelevance, Facets: true, Snippets: true, Filters: map[string][]string{}}
	if !reflect.DeepEqual(req, want) {
		t.Errorf("got %+v, want %+v", req, want)
	}
}

func TestParseRequestEveryParameter(t *testing.T) {
	v := url.Values{
		"q": {"  open data  "}, "lang": {"FR"}, "policy_area": {"open-data", "Health"}, "status": {"active"},
		"member": {"france,kenya"}, "language": {"ko"}, "starred": {"yes"}, "completion": {"complete"},
		"year": {"2016"}, "year_from": {"2012"}, "year_to": {"2018"}, "page": {"3"}, "size": {"20"},
		"sort": {"-year"}, "facets": {"false"}, "snippets": {"0"}, "unknown": {"ignored"},
	}
	req, err := ParseRequest(v)
	if err != nil {
		t.Fatal(err)
	}
	want := ogp.SearchRequest{
		Query: "open data", Lang: "fr", Year: 2016, YearFrom: 2012, YearTo: 2018, Page: 3, Size: 20, Sort: SortYearDesc,
		Filters: map[string][]string{
			"policy_area": {"open-data", "health"}, "status": {"active"}, "member": {"france", "kenya"},
			"language": {"ko"}, "starred": {"yes"}, "completion": {"complete"},
		},
	}
	if !reflect.DeepEqual(req, want) {
		t.Errorf("got %+v\nwant %+v", req, want)
	}
	if req, err := ParseRequest(url.Values{"after": {"abc"}}); err != nil || req.After != "abc" {
		t.Errorf("after: %+v %v", req, err)
	}
}

func TestParseRequestErrors(t *testing.T) {
	cases := []struct {
		values url.Values
		msg    string
	}{
		{url.Values{"size": {"0"}}, "size must be between 1 and 100"},
		{url.Values{"size": {"101"}}, "size must be between 1 and 100"},
		{url.Values{"size": {"ten"}}, "size must be a whole number"},
		{url.Values{"page": {"0"}}, "page must be 1 or more"},
		{url.Values{"page": {"-2"}}, "page must be 1 or more"},
		{url.Values{"page": {"101"}, "size": {"100"}}, "too deep"},
		{url.Values{"page": {"99999999999"}}, "page must be between 1 and 10000, and page × size at most 10000"},
		{url.Values{"page": {"1000000000"}}, "page must be between 1 and 10000"},
		{url.Values{"size": {"1000000000"}}, "size must be between 1 and 100"},
		{url.Values{"year_from": {"99999999999999999999"}}, "year_from must be a year between 1900 and 2100"},
		{url.Values{"page": {"two"}}, "page must be a whole number"},
		{url.Values{"sort": {"date"}}, "sort must be relevance, year, -year, id or -changed"},
		{url.Values{"lang": {"french"}}, "lang must be a two-letter language code"},
		{url.Values{"year": {"20"}}, "year must be a year between 1900 and 2100"},
		{url.Values{"year_from": {"2018"}, "year_to": {"2012"}}, "year_from must not be after year_to"},
		{url.Values{"facets": {"maybe"}}, "facets must be true or false"},
		{url.Values{"policy_area": {"<script>"}}, "is not a key"},
		{url.Values{"q": {strings.Repeat("a", MaxQueryBytes+1)}}, "q is too long"},
		{url.Values{"q": {"caf\xe9"}}, "q is not valid UTF-8"},
		{url.Values{"after": {"x"}, "page": {"2"}}, "page and after cannot be combined"},
		{url.Values{"after": {strings.Repeat("x", 5000)}}, "not a cursor"},
		{url.Values{"member": {strings.Repeat("m,", 60)}}, "at most 50 values"},
	}
	for _, c := range cases {
		_, err := ParseRequest(c.values)
		if errCode(err) != ogp.EInvalid || !strings.Contains(ogp.ErrorMessage(err), c.msg) {
			t.Errorf("%v: got %v, want EInvalid %q", c.values, err, c.msg)
		}
	}
}

func TestParseRequestCleansQuery(t *testing.T) {
	req, err := ParseRequest(url.Values{"q": {"open\x00data\tKR\u00850018\n"}})
	if err != nil {
		t.Fatal(err)
	}
	if req.Query != "open data KR 0018" {
		t.Errorf("query %q", req.Query)
	}
	if req, err := ParseRequest(url.Values{"q": {"  " + strings.Repeat("b", MaxQueryBytes) + "  "}}); err != nil || len(req.Query) != MaxQueryBytes {
		t.Errorf("a query of exactly the limit once trimmed: %v", err)
	}
}

func TestCheckRequestForCodeCallers(t *testing.T) {
	req, err := checkRequest(ogp.SearchRequest{Filters: map[string][]string{"member": {" France ", "france", ""}}})
	if err != nil {
		t.Fatal(err)
	}
	if req.Page != 1 || req.Size != DefaultSize || req.Sort != SortRelevance || !reflect.DeepEqual(req.Filters["member"], []string{"france"}) {
		t.Errorf("defaults and keys: %+v", req)
	}
	if _, err := checkRequest(ogp.SearchRequest{Filters: map[string][]string{"colour": {"red"}}}); errCode(err) != ogp.EInvalid {
		t.Errorf("unknown filter: %v", err)
	}
}

func TestParseRequestPrefix(t *testing.T) {
	for _, c := range []struct{ q, prefix, want string }{
		{"budg", "last", ogp.PrefixLast},
		{"open da", "last", ogp.PrefixLast},
		{"budg ", "last", ""}, // a space after the last word: nothing is being typed
		{"budg\t", "last", ""},
		{"budg", "none", ""},
		{"budg", "", ""},
	} {
		req, err := ParseRequest(url.Values{"q": {c.q}, "prefix": {c.prefix}})
		if err != nil || req.Prefix != c.want {
			t.Errorf("q=%q prefix=%q: Prefix %q (%v), want %q", c.q, c.prefix, req.Prefix, err, c.want)
		}
	}
	if _, err := ParseRequest(url.Values{"q": {"x"}, "prefix": {"all"}}); ogp.ErrorCode(err) != ogp.EInvalid {
		t.Errorf("prefix=all: %v, want invalid_argument", err)
	}
}
