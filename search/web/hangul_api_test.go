package web_test

import (
	"encoding/json"
	"net/url"
	"slices"
	"testing"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// TestSuggestHangulReadingServed asks the real server, over the sample
// index, for suggestions of Korean typed with the keyboard in Latin mode:
// keys that match nothing as typed and spell Korean get the suggestions of
// the Hangul they spell and that Hangul as the answer's reading; known
// English prefixes and keys that spell nothing the index holds do not.
func TestSuggestHangulReadingServed(t *testing.T) {
	base := servePage(t)
	type answer struct {
		Query       string           `json:"query"`
		Hangul      string           `json:"hangul"`
		Suggestions []ogp.Suggestion `json:"suggestions"`
	}
	ask := func(q, lang string) answer {
		t.Helper()
		resp, body := fetch(t, base+"/api/v1/suggest?"+url.Values{"q": {q}, "lang": {lang}}.Encode())
		var a answer
		if resp.StatusCode != 200 || json.Unmarshal([]byte(body), &a) != nil {
			t.Fatalf("suggest %q: %d %s", q, resp.StatusCode, body)
		}
		return a
	}
	for _, c := range []struct{ q, lang, hangul, want string }{
		{"rhdrhd", "ko", "공공", "공공데이터 개방"}, {"rhdrhd", "en", "공공", "공공데이터 개방"},
		{"rhdrh", "fr", "공고", "공공데이터 개방"}, {"tjqltm", "ko", "서비스", "맞춤형 서비스 제공"},
	} {
		a := ask(c.q, c.lang)
		if a.Query != c.q || a.Hangul != c.hangul || !slices.ContainsFunc(a.Suggestions, func(s ogp.Suggestion) bool { return s.Text == c.want }) {
			t.Errorf("%q (%s): %+v, want %q among the suggestions of %s", c.q, c.lang, a, c.want, c.hangul)
		}
		direct := ask(c.hangul, c.lang)
		for i := range direct.Suggestions {
			direct.Suggestions[i].Hangul = c.hangul
		}
		if !slices.Equal(a.Suggestions, direct.Suggestions) {
			t.Errorf("%q (%s): %+v\nwant those of %s, marked: %+v", c.q, c.lang, a.Suggestions, c.hangul, direct.Suggestions)
		}
	}
	for _, c := range []struct {
		q    string
		some bool // suggestions as typed
	}{{"open", true}, {"gov", true}, {"dkssud", false}, {"rhdrhd2", false}} {
		a := ask(c.q, "ko")
		if a.Hangul != "" || (len(a.Suggestions) > 0) != c.some {
			t.Errorf("%q: %+v", c.q, a)
		}
	}
}
