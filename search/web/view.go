package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// facetOrder is the order of the checkbox lists; the year comes first,
// drawn as a distribution.
var facetOrder = []string{"policy_area", "member", "status", "completion", "starred", "language", "change", "changed_field"}

// sortOrders are the orders a reader may choose, the default first.
var sortOrders = []string{"relevance", "-year", "year", "id", "-changed"}

// searchView is what the search template sees.
type searchView struct {
	base
	Values   url.Values
	Sorts    []option
	Count    string
	Relaxed  bool
	Hits     []hitView
	Years    yearView
	Facets   []facetView
	Chips    []chip
	ClearAll string
	Pages    []pageLink
	Error    *pageError
}

type option struct {
	Value, Label string
	Selected     bool
}

type hitView struct {
	ogp.Hit
	Href, MemberName string
	Mark             *changeMark // when the site changed it lately
}

type facetView struct {
	Name, Title string
	Values      []ogp.Facet
}

type yearView struct {
	From, To int
	Options  []int
	Bars     []yearBar
}

type yearBar struct {
	Year, Count, Height int
	In                  bool
	Href, Label         string
}

type chip struct{ Label, Href string }

type pageLink struct {
	N       int
	Href    string
	Current bool
}

func (s *server) handleSearch(w http.ResponseWriter, r *http.Request) {
	if clean, ok := withoutEmpty(r.URL.Query()); !ok {
		// The form without script sends every field, the empty ones too
		// (year_from=&year_to=): its address is made clean, as the script's.
		target := r.URL.Path
		if len(clean) > 0 {
			target += "?" + clean.Encode()
		}
		http.Redirect(w, r, target, http.StatusSeeOther)
		return
	}
	lang := s.language(w, r)
	values := r.URL.Query()
	values.Set("lang", lang)
	v := searchView{base: s.base(r, lang), Values: values}
	v.Query, v.Title = values.Get("q"), values.Get("q")
	v.Feed, v.Since = feedURL(values), sinceDay(values.Get("changed_since"))
	req, err := s.parse(values)
	var res ogp.SearchResult
	if err == nil {
		res, err = s.search.Search(r.Context(), req)
	}
	status := http.StatusOK
	if err != nil {
		v.Error = s.failure(lang, err)
		v.State.Error, status = v.Error, v.Error.Status
	} else {
		v.State.Result = &res
	}
	v.fill(req, res, time.Now())
	s.render(w, status, "search", v)
}

// withoutEmpty drops empty parameter values; ok is false when there were
// any.
func withoutEmpty(values url.Values) (clean url.Values, ok bool) {
	clean, ok = url.Values{}, true
	for k, vs := range values {
		for _, v := range vs {
			if strings.TrimSpace(v) == "" {
				ok = false
				continue
			}
			clean[k] = append(clean[k], v)
		}
	}
	return clean, ok
}

// fill derives everything the template shows from the request and answer,
// at the time now.
func (v *searchView) fill(req ogp.SearchRequest, res ogp.SearchResult, now time.Time) {
	lang, t := v.Lang, uiStrings
	for _, o := range sortOrders {
		v.Sorts = append(v.Sorts, option{o, t.text(lang, "sort_"+o), o == req.Sort})
	}
	v.Count, v.Relaxed = t.count(lang, res.Total), res.Relaxed
	members := ogp.Vocab("member")
	since, _ := ogp.ParseSince(req.ChangedSince)
	for _, h := range res.Hits {
		h.Status.Label = displayCase(h.Status.Label)
		v.Hits = append(v.Hits, hitView{Hit: h, Href: "/commitments/" + h.ID + "?lang=" + lang,
			MemberName: members.Label(h.Member, lang), Mark: recentMark(h, since, now, lang)})
	}
	labels := map[string]string{}
	for _, name := range facetOrder {
		values := withSelected(res.Facets[name], req.Filters[name], name, lang)
		for i, f := range values {
			if casedFacets[name] {
				values[i].Label = displayCase(f.Label)
			}
			labels[name+"/"+f.Key] = values[i].Label
		}
		if len(values) > 0 {
			v.Facets = append(v.Facets, facetView{name, t.text(lang, "facet_"+name), values})
		}
	}
	v.Years = years(v.Values, req, res.Facets["year"], lang)
	v.chips(req, labels)
	v.Pages = pages(v.Values, res)
}

// casedFacets are the facets whose vocabularies have lower-case labels in
// some languages ("inactif", "activo", "oui"): they are shown with a
// capital, as the other labels are.
var casedFacets = map[string]bool{"status": true, "completion": true, "starred": true}

// displayCase gives a label a capital first letter.
func displayCase(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if !unicode.IsLower(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// facetVocab is the vocabulary that names a facet's keys.
var facetVocab = map[string]string{"policy_area": ogp.VocabPolicyArea, "member": ogp.VocabMember,
	"status": ogp.VocabStatus, "completion": ogp.VocabCompletion, "starred": ogp.VocabYesNo,
	"change": ogp.VocabChangeKind, "changed_field": ogp.VocabChangedField}

// selectedLabel names a selected value the answer left out (a search with
// no match has no counts): by its vocabulary, else its key.
func selectedLabel(name, key, lang string) string {
	if name == "language" && uiStrings[key]["name"] != "" {
		return uiStrings[key]["name"]
	}
	if v := facetVocab[name]; v != "" {
		if l := ogp.Vocab(v).Label(key, lang); l != "" {
			return l
		}
	}
	return key
}

// withSelected marks the selected values and adds those the answer left
// out, so a chosen filter can always be unticked, even when nothing
// matches.
func withSelected(facets []ogp.Facet, selected []string, name, lang string) []ogp.Facet {
	out := append([]ogp.Facet(nil), facets...)
	for _, key := range selected {
		i := slices.IndexFunc(out, func(f ogp.Facet) bool { return f.Key == key })
		if i < 0 {
			out = append(out, ogp.Facet{Key: key, Label: selectedLabel(name, key, lang)})
			i = len(out) - 1
		}
		out[i].Selected = true
	}
	return out
}

// years draws the year distribution as bars from the first year to the
// last, each a link to that year alone. A chosen range is always drawn,
// even when nothing matches, so that it can be changed or removed.
func years(values url.Values, req ogp.SearchRequest, facet []ogp.Facet, lang string) yearView {
	yv := yearView{From: req.YearFrom, To: req.YearTo}
	if req.Year > 0 {
		yv.From, yv.To = req.Year, req.Year
	}
	counts, top := map[int]int{}, 1
	lo, hi := 0, 0
	span := func(y int) {
		if lo == 0 || y < lo {
			lo = y
		}
		hi = max(hi, y)
	}
	for _, f := range facet {
		y, err := strconv.Atoi(f.Key)
		if err != nil || y <= 0 {
			continue
		}
		counts[y], top = f.Count, max(top, f.Count)
		span(y)
	}
	for _, y := range []int{yv.From, yv.To} {
		if y > 0 {
			span(y)
		}
	}
	for y := lo; lo > 0 && y <= hi; y++ {
		yv.Options = append(yv.Options, y)
		n := counts[y]
		q := without(values, "page", "year")
		q.Set("year_from", strconv.Itoa(y))
		q.Set("year_to", strconv.Itoa(y))
		yv.Bars = append(yv.Bars, yearBar{Year: y, Count: n, Height: barHeight(n, top),
			In:    (yv.From == 0 || y >= yv.From) && (yv.To == 0 || y <= yv.To),
			Href:  "?" + q.Encode(),
			Label: uiStrings.text(lang, "year_bar", strconv.Itoa(y), uiStrings.count(lang, n))})
	}
	return yv
}

// barHeight is a bar's height in percent; a year with any commitment stays
// visible.
func barHeight(n, top int) int {
	if n == 0 {
		return 0
	}
	return max(4, n*100/top)
}

// chips lists the chosen filters, each a link that removes it.
func (v *searchView) chips(req ogp.SearchRequest, labels map[string]string) {
	for _, name := range ogp.FilterNames() {
		for _, key := range req.Filters[name] {
			label := labels[name+"/"+key]
			if label == "" {
				label = key
			}
			v.Chips = append(v.Chips, chip{uiStrings.text(v.Lang, "facet_"+name) + ": " + label, toggle(v.Values, name, key)})
		}
	}
	if v.Years.From > 0 || v.Years.To > 0 {
		v.Chips = append(v.Chips, chip{uiStrings.text(v.Lang, "facet_year") + ": " + yearSpan(v.Years.From, v.Years.To),
			"?" + without(v.Values, "page", "year", "year_from", "year_to").Encode()})
	}
	if since := v.Values.Get("changed_since"); since != "" {
		v.Chips = append(v.Chips, chip{uiStrings.text(v.Lang, "chip_since", sinceLabel(since, v.Lang)),
			"?" + without(v.Values, "page", "changed_since").Encode()})
	}
	if len(v.Chips) > 0 {
		keep := url.Values{}
		for _, k := range []string{"q", "lang", "sort"} {
			if x := v.Values.Get(k); x != "" {
				keep.Set(k, x)
			}
		}
		v.ClearAll = "?" + keep.Encode()
	}
}

func yearSpan(from, to int) string {
	switch {
	case from == to:
		return strconv.Itoa(from)
	case from == 0:
		return "≤ " + strconv.Itoa(to)
	case to == 0:
		return "≥ " + strconv.Itoa(from)
	}
	return strconv.Itoa(from) + "–" + strconv.Itoa(to)
}

// feedParams are the parameters of a search its feed follows: what it
// finds, not how its page is sorted or cut.
var feedParams = append([]string{"q", "lang", "year", "year_from", "year_to"}, ogp.FilterNames()...)

// feedURL is the address of the Atom feed of the search values asks: its
// entries are the changes to the commitments the search finds, since its
// changed-since date when it has one.
func feedURL(values url.Values) string {
	q := url.Values{}
	for _, k := range feedParams {
		if vs := values[k]; len(vs) > 0 {
			q[k] = vs
		}
	}
	if since := values.Get("changed_since"); since != "" {
		q.Set("since", since)
	}
	return "/feeds/search.atom?" + q.Encode()
}

// pages links the first, last and nearby pages of the answer.
func pages(values url.Values, res ogp.SearchResult) []pageLink {
	if res.Size <= 0 || res.Total <= res.Size {
		return nil
	}
	last := min((res.Total+res.Size-1)/res.Size, 10000/res.Size)
	var out []pageLink
	for n := 1; n <= last; n++ {
		if n == 1 || n == last || (n >= res.Page-2 && n <= res.Page+2) {
			out = append(out, pageLink{n, set(values, "page", strconv.Itoa(n)), n == res.Page})
		}
	}
	return out
}
