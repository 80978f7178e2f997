// Package sitemodel is the declarative model of the site ogpsearch scrapes:
// URL shapes, languages, the labels of fields and sections in every
// language. Every layout assumption of the scraper lives in sitemodel.json,
// so a site whose pages differ is handled by editing data, not code.
package sitemodel

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

//go:embed sitemodel.json
var defaultJSON []byte

// Labels maps a language to the labels a field or section has in it.
type Labels map[string][]string

// Model is a parsed site model.
type Model struct {
	Languages         []string          `json:"languages"`
	DefaultLanguage   string            `json:"default_language"`
	Paths             map[string]string `json:"paths"`
	ListingQuery      []string          `json:"listing_query_params"`
	DenySubstrings    []string          `json:"deny_substrings"`
	MainContent       []string          `json:"main_content"`
	Fields            map[string]Labels `json:"fields"`
	Sections          map[string]Labels `json:"sections"`
	SummaryCompletion map[string]Labels `json:"summary_completion"`

	commitment, member, members *regexp.Regexp
	fieldByFold                 map[string]string
	sectionByFold               map[string]string
	summaryByFold               map[string]string
}

// Default returns the built-in model of the OGP site.
func Default() *Model {
	m, err := Parse(defaultJSON)
	if err != nil {
		panic("sitemodel: built-in model is invalid: " + err.Error())
	}
	return m
}

// Load reads a model from a JSON file; an empty path gives the default.
func Load(path string) (*Model, error) {
	if path == "" {
		return Default(), nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("site model: %w", err)
	}
	return Parse(data)
}

// Parse reads a model in the format of sitemodel.json.
func Parse(data []byte) (*Model, error) {
	m := &Model{}
	if err := json.Unmarshal(data, m); err != nil {
		return nil, fmt.Errorf("site model: %w", err)
	}
	var err error
	compile := func(name string) *regexp.Regexp {
		if err != nil {
			return nil
		}
		var re *regexp.Regexp
		re, err = regexp.Compile("(?i)" + m.Paths[name])
		if err == nil && m.Paths[name] == "" {
			err = fmt.Errorf("site model: path %q is missing", name)
		}
		return re
	}
	m.commitment, m.member, m.members = compile("commitment"), compile("member"), compile("members")
	if err != nil {
		return nil, fmt.Errorf("site model: %w", err)
	}
	m.fieldByFold = foldIndex(m.Fields)
	m.sectionByFold = foldIndex(m.Sections)
	m.summaryByFold = foldIndex(m.SummaryCompletion)
	return m, nil
}

func foldIndex(named map[string]Labels) map[string]string {
	idx := map[string]string{}
	for name, byLang := range named {
		for _, labels := range byLang {
			for _, l := range labels {
				idx[ogp.FoldKey(l)] = name
			}
		}
	}
	return idx
}

// Field names the field a label stands for ("Institution (s) de soutien :"
// → support_institutions), matching in any language, tolerant of case,
// accents, apostrophes, spacing and a trailing colon.
func (m *Model) Field(label string) (string, bool) {
	f, ok := m.fieldByFold[ogp.FoldKey(label)]
	return f, ok
}

// Section names the section a heading opens (description, irm_summary,
// related).
func (m *Model) Section(heading string) (string, bool) {
	s, ok := m.sectionByFold[ogp.FoldKey(heading)]
	return s, ok
}

// SummaryPhase names the completion phase a label of the IRM summary
// gives ("Fin du mandat" → end_of_term).
func (m *Model) SummaryPhase(label string) (string, bool) {
	s, ok := m.summaryByFold[ogp.FoldKey(label)]
	return s, ok
}

// PageKind is what a URL of the site is.
type PageKind int

// Kinds of pages the crawler knows. Anything else is never fetched.
const (
	Unknown PageKind = iota
	CommitmentPage
	MemberPage
	MembersPage
)

// Page describes a URL the model recognises.
type Page struct {
	Kind   PageKind
	Lang   string // language prefix, or the default language
	Member string // member slug (commitment and member pages)
	ID     string // commitment ID, upper case (commitment pages)
	Page   int    // listing page number, 1 when absent
}

// Classify tells what kind of page a URL is, from its path and query alone.
// Denied URLs (the trap) and unknown shapes are Unknown.
func (m *Model) Classify(u *url.URL) Page {
	if m.Denied(u) {
		return Page{}
	}
	p := u.EscapedPath()
	q := u.Query()
	if sm := m.commitment.FindStringSubmatch(p); sm != nil && len(q) == 0 {
		return Page{Kind: CommitmentPage, Lang: m.lang(group(m.commitment, sm, "lang")),
			Member: strings.ToLower(group(m.commitment, sm, "member")), ID: strings.ToUpper(group(m.commitment, sm, "id")), Page: 1}
	}
	for _, lp := range []struct {
		re   *regexp.Regexp
		kind PageKind
	}{{m.member, MemberPage}, {m.members, MembersPage}} {
		sm := lp.re.FindStringSubmatch(p)
		if sm == nil || !m.listingQueryOK(q) {
			continue
		}
		page := 1
		if s := group(lp.re, sm, "page"); s != "" {
			page, _ = strconv.Atoi(s)
		}
		if s := q.Get("page"); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 1 || n > 9999 {
				return Page{}
			}
			page = n
		}
		return Page{Kind: lp.kind, Lang: m.lang(group(lp.re, sm, "lang")), Member: strings.ToLower(group(lp.re, sm, "member")), Page: page}
	}
	return Page{}
}

func (m *Model) listingQueryOK(q url.Values) bool {
	for k := range q {
		ok := false
		for _, allowed := range m.ListingQuery {
			ok = ok || k == allowed
		}
		if !ok {
			return false
		}
	}
	return true
}

func (m *Model) lang(prefix string) string {
	prefix = strings.ToLower(prefix)
	for _, l := range m.Languages {
		if l == prefix {
			return l
		}
	}
	if prefix == "" {
		return m.DefaultLanguage
	}
	return prefix
}

func group(re *regexp.Regexp, sm []string, name string) string {
	if i := re.SubexpIndex(name); i >= 0 && i < len(sm) {
		return sm[i]
	}
	return ""
}

// Denied reports whether a URL must never be requested: its decoded path or
// query contains a denied substring (the crawler trap), case-insensitively.
func (m *Model) Denied(u *url.URL) bool {
	s := strings.ToLower(u.Path + "?" + u.RawQuery)
	if dq, err := url.QueryUnescape(u.RawQuery); err == nil {
		s += "?" + strings.ToLower(dq)
	}
	for _, d := range m.DenySubstrings {
		if strings.Contains(s, strings.ToLower(d)) {
			return true
		}
	}
	return false
}
