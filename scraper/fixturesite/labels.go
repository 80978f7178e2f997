package fixturesite

import (
	"strings"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
	"github.com/ogpsearch/ogpsearch/internal/sample"
	"github.com/ogpsearch/ogpsearch/scraper/sitemodel"
)

// model holds the field and section labels of every language.
var model = sitemodel.Default()

// style is the set of deterministic quirks of one page: the typography of
// its labels, the label variants of its values and the form of its trap.
type style struct {
	markup      Markup
	nbspColon   bool // French: "Statut\u00a0:" instead of "Statut:"
	curly       bool // typographic apostrophes in labels ("Plan d’action")
	tightParen  bool // "Institution(s) de soutien" instead of "Institution (s) de soutien"
	variants    bool // translated page: values use a later vocabulary label
	inlineTrap  bool // trap hidden by style="display:none" instead of a class
	omitPost21  bool // post-2021 page: empty Starred and Potential Impact rows left out
	windows1252 bool // the page is served in windows-1252 (forces typographic text)
}

// pageStyle derives the quirks of a page from its ID and language.
func pageStyle(c sample.Commitment, lang string, markup Markup) style {
	st := style{markup: markup}
	if lang == "fr" {
		st.nbspColon = choose("nbsp", c.ID, lang, 2)
		st.curly = choose("curly", c.ID, lang, 2)
		st.tightParen = choose("paren", c.ID, lang, 3)
	}
	if lang != "en" {
		st.variants = choose("variant", c.ID, lang, 3)
	}
	st.inlineTrap = choose("trap", c.ID, lang, 3)
	st.omitPost21 = c.Starred == "" && c.PotentialImpact == "" && choose("post21", c.ID, "", 2)
	return st
}

// firstLabel returns the first label of a field or section in lang,
// falling back to English.
func firstLabel(labels sitemodel.Labels, lang string) string {
	if l := labels[lang]; len(l) > 0 {
		return l[0]
	}
	if l := labels["en"]; len(l) > 0 {
		return l[0]
	}
	return ""
}

// fieldLabel is the label of a field as the page writes it, without colon.
func fieldLabel(field, lang string, st style) string {
	l := firstLabel(model.Fields[field], lang)
	if lang == "fr" && st.tightParen {
		l = strings.Replace(l, " (s)", "(s)", 1)
	}
	if st.curly || st.windows1252 {
		l = strings.ReplaceAll(l, "'", "’")
	}
	return l
}

// sectionLabel is the heading of a section (description, irm_summary, related).
func sectionLabel(section, lang string) string {
	return firstLabel(model.Sections[section], lang)
}

// colon is what follows a label in dl and p markup: French typography puts
// a (no-break) space before the colon on some pages.
func colon(lang string, st style) string {
	switch {
	case lang != "fr":
		return ":"
	case st.nbspColon:
		return "\u00a0:"
	case st.markup == MarkupP:
		return " :"
	}
	return ":"
}

// valueLabel is the label a page shows for a vocabulary key: the display
// label of its language, or on pages with variants the second label of
// that language when the vocabulary has one (inconsistent machine
// translation). An empty key gives "".
func valueLabel(vocab, key, lang string, st style) string {
	if key == "" {
		return ""
	}
	v := ogp.Vocab(vocab)
	if st.variants && lang != "en" {
		for _, e := range v.Entries {
			if e.Key == key && len(e.Labels[lang]) > 1 {
				return e.Labels[lang][1]
			}
		}
	}
	return v.Label(key, lang)
}

// memberName is the display name of a member in lang.
func memberName(member, lang string) string {
	return ogp.Vocab(ogp.VocabMember).Label(member, lang)
}

// slugify turns a title into a WordPress-like slug for document links.
func slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	return b.String()
}
