package httpapi

import (
	"encoding/xml"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ogpsearch/ogpsearch/internal/history"
	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// GET /feeds/search.atom follows a search: an Atom 1.0 feed (RFC 4287)
// with one entry per change the site made to a commitment the search
// matches, a commitment first seen included, newest first. An entry's ID
// is built from the change's entry ID, so a feed reader never shows a
// change twice, whichever search or language it came through.

// feedEntries is how many changes a feed carries, the newest.
const feedEntries = 100

// tagAuthority starts the tag: URIs (RFC 4151) that name feeds and entries.
const tagAuthority = "tag:ogpsearch,2026:"

type atomFeed struct {
	XMLName   xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang      string      `xml:"http://www.w3.org/XML/1998/namespace lang,attr,omitempty"`
	ID        string      `xml:"id"`
	Title     string      `xml:"title"`
	Updated   string      `xml:"updated"`
	Author    atomAuthor  `xml:"author"`
	Generator string      `xml:"generator"`
	Links     []atomLink  `xml:"link"`
	Entries   []atomEntry `xml:"entry"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Rel      string `xml:"rel,attr"`
	Type     string `xml:"type,attr,omitempty"`
	Href     string `xml:"href,attr"`
	HrefLang string `xml:"hreflang,attr,omitempty"`
}

type atomEntry struct {
	ID         string         `xml:"id"`
	Title      string         `xml:"title"`
	Updated    string         `xml:"updated"`
	Published  string         `xml:"published"`
	Links      []atomLink     `xml:"link"`
	Categories []atomCategory `xml:"category"`
	Summary    string         `xml:"summary"`
}

type atomCategory struct {
	Term   string `xml:"term,attr"`
	Scheme string `xml:"scheme,attr,omitempty"`
	Label  string `xml:"label,attr,omitempty"`
}

// handleFeed answers GET /feeds/search.atom: the query and filters of a
// search, since, and lang, the language of the titles and labels.
func (s *Server) handleFeed(w http.ResponseWriter, r *http.Request) {
	since, req, err := s.changesRequest(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	page, err := s.changes(r, req, since, feedEntries, "")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	body, err := xml.MarshalIndent(newFeed(baseURL(r), r.URL, req, since, page.Changes), "", "  ")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/atom+xml; charset=utf-8")
	h.Set("Cache-Control", s.cacheControl())
	_, _ = w.Write([]byte(xml.Header))
	_, _ = w.Write(body)
	_, _ = w.Write([]byte("\n"))
}

// baseURL is the address the client reached the server at: its links are
// absolute, as a feed reader needs them. A proxy that ends TLS says so
// with X-Forwarded-Proto.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// newFeed builds the feed of a search from its changes, newest first.
func newFeed(base string, self *url.URL, req ogp.SearchRequest, since time.Time, changes []history.Entry) atomFeed {
	search := searchValues(req)
	page := url.Values{}
	for k, v := range search {
		page[k] = v
	}
	if req.Lang != "" {
		page.Set("lang", req.Lang)
	}
	if !since.IsZero() {
		search.Set("since", since.Format(time.RFC3339))
	}
	f := atomFeed{
		Lang:      req.Lang,
		ID:        tagAuthority + "search?" + search.Encode(),
		Title:     feedTitle(req),
		Updated:   time.Unix(0, 0).UTC().Format(time.RFC3339),
		Author:    atomAuthor{Name: "ogpsearch"},
		Generator: "ogpsearch",
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: base + self.RequestURI()},
			{Rel: "alternate", Type: "text/html", Href: base + "/?" + page.Encode()},
		},
		Entries: make([]atomEntry, len(changes)),
	}
	switch {
	case len(changes) > 0:
		f.Updated = changes[0].Seen
	case !since.IsZero():
		f.Updated = since.Format(time.RFC3339)
	}
	for i, c := range changes {
		f.Entries[i] = newEntry(base, c, req.Lang)
	}
	return f
}

// searchValues are the parameters that make a search what it is, in a
// canonical form (keys sorted by Encode, filter values sorted): the same
// search gives the same feed ID however its URL was written.
func searchValues(req ogp.SearchRequest) url.Values {
	v := url.Values{}
	if req.Query != "" {
		v.Set("q", req.Query)
	}
	for name, keys := range req.Filters {
		if len(keys) > 0 {
			v.Set(name, strings.Join(slices.Sorted(slices.Values(keys)), ","))
		}
	}
	for name, year := range map[string]int{"year": req.Year, "year_from": req.YearFrom, "year_to": req.YearTo} {
		if year != 0 {
			v.Set(name, strconv.Itoa(year))
		}
	}
	return v
}

// feedTitle names a search in the reader's language: the query, quoted,
// and the labels of its filters.
func feedTitle(req ogp.SearchRequest) string {
	var parts []string
	if req.Query != "" {
		parts = append(parts, "“"+req.Query+"”")
	}
	for _, name := range ogp.FilterNames() {
		keys := req.Filters[name]
		if len(keys) == 0 {
			continue
		}
		labels := make([]string, len(keys))
		for i, k := range keys {
			labels[i] = filterLabel(name, k, req.Lang)
		}
		parts = append(parts, strings.Join(labels, " | "))
	}
	if len(parts) == 0 {
		return "ogpsearch"
	}
	return "ogpsearch: " + strings.Join(parts, ", ")
}

// filterLabel labels a filter's key through the vocabulary of the field it
// filters on; a key no vocabulary labels stays as it is.
func filterLabel(filter, key, lang string) string {
	var vocab string
	switch filter {
	case "change":
		vocab = ogp.VocabChangeKind
	case "changed_field":
		vocab = ogp.VocabChangedField
	case "policy_area":
		vocab = history.Vocabulary("policy_areas")
	default:
		vocab = history.Vocabulary(filter)
	}
	return label(vocab, key, lang)
}

// label is the display label of key in a vocabulary (none: the key).
func label(vocab, key, lang string) string {
	if vocab == "" {
		return key
	}
	return ogp.Vocab(vocab).Label(key, lang)
}

// newEntry is one change as a feed entry, titled and summarised in lang:
// the kind of change and the fields that changed, terms as their labels
// (old → new), with links to the commitment's page on this server and on
// the site.
func newEntry(base string, c history.Entry, lang string) atomEntry {
	kind := label(ogp.VocabChangeKind, string(c.Kind), lang)
	e := atomEntry{
		ID:         tagAuthority + "change:" + c.EntryID,
		Updated:    c.Seen,
		Published:  c.Seen,
		Categories: []atomCategory{{Term: string(c.Kind), Scheme: tagAuthority + "change", Label: kind}},
		Links: []atomLink{{Rel: "alternate", Type: "text/html", HrefLang: c.Lang,
			Href: base + "/commitments/" + url.PathEscape(c.ID) + "?lang=" + url.QueryEscape(c.Lang)}},
	}
	if ogp.IsWebURL(c.URL) {
		e.Links = append(e.Links, atomLink{Rel: "related", Type: "text/html", HrefLang: c.Lang, Href: c.URL})
	}
	var fields, lines []string
	for _, f := range c.Fields {
		name := label(ogp.VocabChangedField, f.Field, lang)
		if !slices.Contains(fields, name) {
			fields = append(fields, name)
			e.Categories = append(e.Categories, atomCategory{Term: f.Field, Scheme: tagAuthority + "changed_field", Label: name})
		}
		lines = append(lines, fieldLine(name, f, lang))
	}
	head := kind
	if len(c.Langs) > 0 {
		head += " (" + strings.Join(c.Langs, ", ") + ")"
	}
	if len(fields) > 0 {
		head += ": " + strings.Join(fields, ", ")
	}
	e.Title = c.Title + " — " + head
	if c.Title == "" {
		e.Title = c.ID + " — " + head
	}
	e.Summary = strings.Join(append([]string{c.ID + " · " + head}, lines...), "\n")
	return e
}

// fieldLine says how one field changed: old → new for a term or a short
// text, + added − removed for a list of terms; a long text (kept as a
// digest) is named only.
func fieldLine(name string, f history.FieldChange, lang string) string {
	if f.Lang != "" {
		name += " (" + f.Lang + ")"
	}
	vocab := history.Vocabulary(f.Field)
	switch {
	case f.Added != nil || f.Removed != nil:
		var parts []string
		for _, k := range f.Added {
			parts = append(parts, "+ "+label(vocab, k, lang))
		}
		for _, k := range f.Removed {
			parts = append(parts, "− "+label(vocab, k, lang))
		}
		return name + ": " + strings.Join(parts, ", ")
	case f.OldLen != 0 || f.NewLen != 0:
		return name
	}
	value := func(k string) string {
		if k == "" {
			return "—"
		}
		return label(vocab, k, lang)
	}
	return name + ": " + value(f.Old) + " → " + value(f.New)
}
