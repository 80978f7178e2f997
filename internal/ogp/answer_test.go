package ogp

import (
	"slices"
	"testing"
)

func TestNewCommitmentAnswer(t *testing.T) {
	page := func(lang string) Commitment { return Commitment{ID: "KR0018", Lang: lang, Title: "title " + lang} }
	cases := []struct {
		name, lang string
		pages      []string
		shown      string
		langs      []string
	}{
		{"the reader's language", "fr", []string{"ko", "en", "fr"}, "fr", []string{"en", "fr", "ko"}},
		{"else English", "es", []string{"ko", "en", "fr"}, "en", []string{"en", "fr", "ko"}},
		{"else the first in the site's order", "es", []string{"ko", "fr"}, "fr", []string{"fr", "ko"}},
		{"other languages after the site's, alphabetically", "de", []string{"pt", "ko", "de", "ar"}, "de", []string{"ko", "ar", "de", "pt"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var pages []Commitment
			for _, l := range c.pages {
				pages = append(pages, page(l))
			}
			a := NewCommitmentAnswer("KR0018", c.lang, pages)
			if a.ID != "KR0018" || a.Lang != c.shown || a.Commitment.Lang != c.shown || !slices.Equal(a.Languages, c.langs) {
				t.Errorf("shown %s (page %s), languages %v; want %s, %v", a.Lang, a.Commitment.Lang, a.Languages, c.shown, c.langs)
			}
			if len(a.Translations) != len(c.pages) || a.Translations["ko"].Lang != "ko" {
				t.Errorf("translations %v, want one page per language", a.Translations)
			}
		})
	}
}
