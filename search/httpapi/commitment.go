package httpapi

import (
	"net/http"
	"slices"
	"strings"

	"github.com/gorilla/mux"

	"github.com/ogpsearch/ogpsearch/internal"
)

// commitmentAnswer is the body of GET /api/v1/commitments/{id}: the page in
// the reader's language (else English, else the first there is), the list
// of languages and every page by language.
type commitmentAnswer struct {
	ID           string                         `json:"id"`
	Lang         string                         `json:"lang"`
	Languages    []string                       `json:"languages"`
	Commitment   internal.Commitment            `json:"commitment"`
	Translations map[string]internal.Commitment `json:"translations"`
}

// handleCommitment answers GET /api/v1/commitments/{id}?lang=.
func (s *Server) handleCommitment(w http.ResponseWriter, r *http.Request) {
	id := strings.ToUpper(mux.Vars(r)["id"])
	if !isCommitmentID(id) {
		s.writeError(w, r, internal.Errorf(internal.EInvalid, "id must look like KR0018"))
		return
	}
	lang, err := langParam(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	ctx, cancel := s.withDeadline(r.Context())
	defer cancel()
	pages, err := s.searcher.Commitment(ctx, id)
	if err == nil && len(pages) == 0 {
		err = internal.Errorf(internal.ENotFound, "no commitment %s", id)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeAnswer(w, r, newCommitmentAnswer(id, lang, pages))
}

// newCommitmentAnswer picks the page to show and lists the languages: the
// site's languages in their usual order (English first), then any others
// alphabetically.
func newCommitmentAnswer(id, lang string, pages []internal.Commitment) commitmentAnswer {
	byLang := make(map[string]internal.Commitment, len(pages))
	for _, p := range pages {
		if _, seen := byLang[p.Lang]; !seen {
			byLang[p.Lang] = p
		}
	}
	langs := make([]string, 0, len(byLang))
	for l := range byLang {
		langs = append(langs, l)
	}
	slices.SortFunc(langs, func(a, b string) int {
		if ra, rb := langRank(a), langRank(b); ra != rb {
			return ra - rb
		}
		return strings.Compare(a, b)
	})
	shown, ok := byLang[lang]
	if !ok {
		shown, ok = byLang["en"]
	}
	if !ok {
		shown = byLang[langs[0]]
	}
	return commitmentAnswer{ID: id, Lang: shown.Lang, Languages: langs, Commitment: shown, Translations: byLang}
}

// langRank orders the site's languages first, as internal.Languages lists
// them.
func langRank(l string) int {
	if i := slices.Index(internal.Languages, l); i >= 0 {
		return i
	}
	return len(internal.Languages)
}
