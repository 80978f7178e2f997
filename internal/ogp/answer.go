package ogp

import (
	"slices"
	"strings"
)

// CommitmentAnswer is one commitment as GET /api/v1/commitments/{id}
// answers it and the commitment page starts from: the page in the
// reader's language (else English, else the first in the site's order),
// the languages it exists in and every page by language.
type CommitmentAnswer struct {
	ID           string                `json:"id"`
	Lang         string                `json:"lang"`
	Languages    []string              `json:"languages"`
	Commitment   Commitment            `json:"commitment"`
	Translations map[string]Commitment `json:"translations,omitempty"`
}

// NewCommitmentAnswer picks the page of id to show a reader of lang among
// pages (at least one) and lists the languages: the site's languages in
// their usual order (English first), then any others alphabetically.
func NewCommitmentAnswer(id, lang string, pages []Commitment) CommitmentAnswer {
	byLang := make(map[string]Commitment, len(pages))
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
	return CommitmentAnswer{ID: id, Lang: shown.Lang, Languages: langs, Commitment: shown, Translations: byLang}
}

// langRank orders the site's languages first, as Languages lists them.
func langRank(l string) int {
	if i := slices.Index(Languages(), l); i >= 0 {
		return i
	}
	return len(Languages())
}
