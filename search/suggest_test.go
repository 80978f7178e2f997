package search

import (
	"context"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

func suggest(t *testing.T, e *Engine, q, lang string, limit int) []ogp.Suggestion {
	t.Helper()
	got, err := e.Suggest(context.Background(), q, lang, limit)
	if err != nil {
		t.Fatalf("Suggest(%q): %v", q, err)
	}
	return got
}

func texts(ss []ogp.Suggestion) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.Text
	}
	return out
}

func hasSuggestion(ss []ogp.Suggestion, keep func(ogp.Suggestion) bool) bool {
	return slices.ContainsFunc(ss, keep)
}

func TestSuggestKorean(t *testing.T) {
	e := sampleEngine(t)
	cases := []struct {
		q, want string // want: a suggestion's text containing it
	}{
		{"공고", "공공"},                   // 공공 being typed
		{"섭", "서비스"},                   // 서비스 being typed: the ㅂ moves on
		{"ㄱㄱ", "공공"},                   // initial consonants
		{"ㄱㄱㄷㅇㅌ", "공공데이터"},             // initials of one word
		{"ㅁㅊㅎ ㅅ", "맞춤형 서비스"},           // initials of two words
		{norm.NFD.String("공공"), "공공"},  // decomposed input
		{norm.NFD.String("서비"), "서비스"}, // decomposed, mid-word
		{"\u1100\u1100", "공공"},         // conjoining initials
		{"데이", "데이터"},                  // a later word of a title
		{"대한", "대한민국"},                 // a member label
	}
	for _, c := range cases {
		got := suggest(t, e, c.q, "ko", 10)
		if !hasSuggestion(got, func(s ogp.Suggestion) bool { return strings.Contains(s.Text, c.want) }) {
			t.Errorf("%q: %v, want one with %q", c.q, texts(got), c.want)
		}
	}
	if got := suggest(t, e, "ㄱㄱㄷㅇㅌ", "ko", 10); hasSuggestion(got, func(s ogp.Suggestion) bool { return strings.HasPrefix(s.Text, "공공기관") }) {
		t.Errorf("initials match words, not letters across words: %v", texts(got))
	}
	got := suggest(t, e, "맞춤", "ko", 10)
	if len(got) == 0 || got[0].Lang != "ko" || got[0].Kind != "title" || got[0].ID == "" {
		t.Errorf("맞춤: %+v", got)
	}
}

func TestSuggestLatin(t *testing.T) {
	e := sampleEngine(t)
	cases := []struct {
		q, lang string
		keep    func(ogp.Suggestion) bool
	}{
		{"KR00", "en", func(s ogp.Suggestion) bool { return s.Kind == "id" && strings.HasPrefix(s.ID, "KR00") }},
		{"kr 001", "en", func(s ogp.Suggestion) bool { return s.Kind == "id" && s.Text == "KR0010" }},
		{"particip", "fr", func(s ogp.Suggestion) bool {
			return s.Kind == "policy_area" && s.Key == "public-participation" && s.Text == "Participation du public" && s.Lang == "fr"
		}},
		{"elabo", "fr", func(s ogp.Suggestion) bool { return strings.HasPrefix(s.Text, "Élaborer") && s.ID == "KR0005" }},
		{"open d", "en", func(s ogp.Suggestion) bool { return s.Text == "Open Data" }},
		{"trans", "en", func(s ogp.Suggestion) bool {
			return s.Text == "Transparency of Water Concessions" && s.ID == "MX0004"
		}},
		{"water", "en", func(s ogp.Suggestion) bool { return s.ID == "MX0004" }},
		{"republic of", "en", func(s ogp.Suggestion) bool { return s.Kind == "member" && s.Text == "South Korea" }},
		{"datos", "es", func(s ogp.Suggestion) bool { return s.Lang == "es" }},
	}
	for _, c := range cases {
		if got := suggest(t, e, c.q, c.lang, 10); !hasSuggestion(got, c.keep) {
			t.Errorf("%q (%s): %+v", c.q, c.lang, got)
		}
	}
	got := suggest(t, e, "KR00", "en", 5)
	if len(got) != 5 || got[0].Text != "KR0001" {
		t.Errorf("KR00: %v", texts(got))
	}
}

func TestSuggestRanking(t *testing.T) {
	e := sampleEngine(t)
	got := suggest(t, e, "open", "en", 20)
	inner := false
	for i, s := range got {
		if s.Lang != "en" {
			continue
		}
		starts := strings.HasPrefix(strings.ToLower(s.Text), "open")
		if starts && inner {
			t.Errorf("texts that start with the query come first: %v", texts(got))
		}
		inner = inner || !starts
		if i >= 5 && !inner {
			break
		}
	}
	if len(got) < 5 || slices.ContainsFunc(got[:5], func(s ogp.Suggestion) bool { return s.Lang != "en" }) {
		t.Errorf("the reader's language first: %+v", got)
	}
	fr := suggest(t, e, "ouv", "fr", 3)
	if len(fr) == 0 || fr[0].Lang != "fr" {
		t.Errorf("ouv (fr): %+v", fr)
	}
}

func TestSuggestLimitsAndErrors(t *testing.T) {
	e := sampleEngine(t)
	if n := len(suggest(t, e, "s", "en", 3)); n != 3 {
		t.Errorf("limit 3: %d", n)
	}
	if n := len(suggest(t, e, "s", "en", 0)); n != DefaultSuggestions {
		t.Errorf("limit 0: %d", n)
	}
	if n := len(suggest(t, e, "s", "en", 1000)); n != MaxSuggestions {
		t.Errorf("limit 1000: %d", n)
	}
	for _, q := range []string{"", "   ", "*?[]", "zzzzqqq"} {
		if got := suggest(t, e, q, "en", 10); len(got) != 0 {
			t.Errorf("%q: %v", q, texts(got))
		}
	}
	for _, q := range []string{"caf\xe9", strings.Repeat("a", 500)} {
		if _, err := e.Suggest(context.Background(), q, "en", 10); errCode(err) != ogp.EInvalid {
			t.Errorf("%q: %v", q[:4], err)
		}
	}
}

// TestSuggestFacetValueOnce: a facet value whose labels in several
// languages match is suggested once, by the reader's label when it
// matches, else by the first that does; titles are left alone.
func TestSuggestFacetValueOnce(t *testing.T) {
	s := newSuggester([]suggestEntry{
		{text: "Kenya", kind: "member", key: "kenya", lang: "en"},
		{text: "Kenya", kind: "member", key: "kenya", lang: "fr"},
		{text: "Kenia", kind: "member", key: "kenya", lang: "es"},
		{text: "République de Corée", kind: "member", key: "south-korea", lang: "fr"},
		{text: "Korea, Republic of", kind: "member", key: "south-korea", lang: "en"},
		{text: "Kenya Open Data", kind: kindTitle, id: "KE0001", lang: "en"},
		{text: "Kenya Open Data", kind: kindTitle, id: "KE0001", lang: "fr"},
	})
	for _, c := range []struct{ q, lang, want string }{
		{"ken", "es", "Kenia"}, {"ken", "en", "Kenya"}, {"ken", "fr", "Kenya"}, {"ken", "ko", "Kenya"},
	} {
		got := s.suggest(c.q, c.lang, 10)
		var members []ogp.Suggestion
		for _, sg := range got {
			if sg.Kind == "member" {
				members = append(members, sg)
			}
		}
		if len(members) != 1 || members[0].Text != c.want || (c.lang != "ko" && members[0].Lang != c.lang) {
			t.Errorf("%q in %s: members %v, want %s once", c.q, c.lang, members, c.want)
		}
		if len(got)-len(members) != 2 {
			t.Errorf("%q in %s: %v, want the two titles kept", c.q, c.lang, texts(got))
		}
	}
	// The reader's label matches by a later word only: it still replaces
	// the other language's, in its place.
	got := s.suggest("rep", "fr", 10)
	if len(got) != 1 || got[0].Text != "République de Corée" {
		t.Errorf("rep in fr: %v", got)
	}
	got = s.suggest("repub", "en", 10)
	if len(got) != 1 || got[0].Text != "Korea, Republic of" || got[0].Lang != "en" {
		t.Errorf("repub in en: %v", got)
	}
}

// TestSuggestDubeolsik: Korean typed with the keyboard in Latin mode is
// suggested as the Hangul it spells, marked with that reading, when the
// keys match nothing as typed; a Latin query that matches something, or
// keys that do not spell Korean, are left as they are.
func TestSuggestDubeolsik(t *testing.T) {
	e := sampleEngine(t)
	for _, c := range []struct{ keys, lang, hangul, want string }{
		{"rhdrhd", "ko", "공공", "공공데이터 개방"},
		{"rhdrhd", "en", "공공", "공공데이터 개방"}, // whatever the reader's language
		{"rhdrh", "ko", "공고", "공공데이터 개방"},  // 공공 being typed
		{"rhdr", "ko", "공ㄱ", "공공데이터 개방"},   // a lone consonant last
		{"wjdqn", "ko", "정부", "정부에 대한 국민 감시 강화"},
		{"tjqltm", "ko", "서비스", "맞춤형 서비스 제공"}, // a later word
		{"rhdrhdepdlxj", "ko", "공공데이터", "공공데이터 개방"},
		{"rhdrhdepdlxj ro", "ko", "공공데이터 개", "공공데이터 개방"},
		{" rhdrhdepdlxj ", "ko", "공공데이터", "공공데이터 개방"}, // the reading without the spaces around
	} {
		got := suggest(t, e, c.keys, c.lang, 10)
		if !slices.ContainsFunc(got, func(s ogp.Suggestion) bool { return s.Text == c.want }) {
			t.Errorf("%q (%s): %v, want %q", c.keys, c.lang, texts(got), c.want)
		}
		if slices.ContainsFunc(got, func(s ogp.Suggestion) bool { return s.Hangul != c.hangul }) {
			t.Errorf("%q (%s): %+v, want every one marked as read %q", c.keys, c.lang, got, c.hangul)
		}
		// The same suggestions as the Hangul itself gets.
		if direct := suggest(t, e, c.hangul, c.lang, 10); !slices.Equal(texts(direct), texts(got)) {
			t.Errorf("%q: %v; %q: %v", c.keys, texts(got), c.hangul, texts(direct))
		}
	}
	// Known prefixes stay as typed, even those that spell Korean (gov
	// spells 햎); keys that do not spell Korean are not read as Hangul.
	for _, q := range []string{"gov", "open", "data", "KR00", "kr 001", "dkssud", "rhdrhd2", "rhdrhd!", "rrr", "k"} {
		got := suggest(t, e, q, "ko", 10)
		if slices.ContainsFunc(got, func(s ogp.Suggestion) bool { return s.Hangul != "" }) {
			t.Errorf("%q: %+v, want no Hangul reading", q, got)
		}
		if q == "gov" && len(got) == 0 {
			t.Errorf("gov: no suggestion as typed")
		}
	}
	if got := suggest(t, e, "rhdrhd", "ko", 3); len(got) != 3 {
		t.Errorf("limit 3: %d", len(got))
	}
}
