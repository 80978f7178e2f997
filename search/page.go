package search

import (
	"embed"
	"html/template"
	"net/http"
	"strings"

	"github.com/ogpsearch/ogpsearch/internal"
)

//go:embed web/index.html
var webFS embed.FS

var pageTemplate = template.Must(template.ParseFS(webFS, "web/index.html"))

// pageRow is one commitment as the page lists it.
type pageRow struct {
	ID, Title, Member, Lang, Status string
	Year                            int
	Languages                       []string
	Areas                           []string
}

// pageView is what the page template sees.
type pageView struct {
	Lang      string
	Languages []string
	Rows      []pageRow
}

// handlePage lists the commitments in the reader's language (lang
// parameter, else the browser's Accept-Language).
func (s *Server) handlePage(w http.ResponseWriter, r *http.Request) {
	lang := readerLanguage(r)
	view := pageView{Lang: lang, Languages: internal.Languages}
	areas := internal.Vocab(internal.VocabPolicyArea)
	for _, id := range s.store.IDs() {
		c, _ := s.store.Get(id, lang)
		row := pageRow{ID: c.ID, Title: c.Title, Member: internal.Vocab(internal.VocabMember).Label(c.Member, lang),
			Lang: c.Lang, Year: c.Year, Status: c.Status.Label, Languages: s.store.Languages(id)}
		for _, a := range c.PolicyAreas {
			row.Areas = append(row.Areas, areas.Label(a.Key, lang))
		}
		view.Rows = append(view.Rows, row)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := pageTemplate.Execute(w, view); err != nil {
		s.log.Error("render page", "err", err)
	}
}

// readerLanguage picks a known language from ?lang, then Accept-Language.
func readerLanguage(r *http.Request) string {
	if l := r.URL.Query().Get("lang"); contains(internal.Languages, l) {
		return l
	}
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag := strings.ToLower(strings.TrimSpace(strings.SplitN(part, ";", 2)[0]))
		if i := strings.IndexByte(tag, '-'); i > 0 {
			tag = tag[:i]
		}
		if contains(internal.Languages, tag) {
			return tag
		}
	}
	return "en"
}
