package web

import (
	_ "embed"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// stringsJSON holds the interface strings, language → key → text. The page
// script receives the same catalogue, so both renderings say the same.
//
//go:embed strings.json
var stringsJSON []byte

// catalog is the parsed strings.json.
type catalog map[string]map[string]string

// uiStrings is read once; it never changes while the program runs.
var uiStrings = mustCatalog(stringsJSON)

func mustCatalog(data []byte) catalog {
	var c catalog
	if err := json.Unmarshal(data, &c); err != nil {
		panic("web: strings.json: " + err.Error())
	}
	return c
}

// text returns the string key in lang, else in English, else the key, with
// {x}, {y} and {n} replaced by args in that order.
func (c catalog) text(lang, key string, args ...string) string {
	s, ok := c[lang][key]
	if !ok {
		if s, ok = c["en"][key]; !ok {
			s = key
		}
	}
	for i, name := range []string{"{x}", "{y}"} {
		if i < len(args) {
			s = strings.ReplaceAll(s, name, args[i])
		}
	}
	return s
}

// count says "n commitments" in lang with the right plural.
func (c catalog) count(lang string, n int) string {
	key := "count_other"
	if n == 1 || (lang == "fr" && n == 0) {
		key = "count_one"
	}
	return strings.ReplaceAll(c.text(lang, key), "{n}", strconv.Itoa(n))
}

// withN replaces {n} in the string key.
func (c catalog) withN(lang, key string, n int) string {
	return strings.ReplaceAll(c.text(lang, key), "{n}", strconv.Itoa(n))
}

// readerLanguage picks a known language from the query's lang parameter,
// else from the browser's Accept-Language header, else English.
func readerLanguage(r *http.Request) string {
	if l := strings.ToLower(r.URL.Query().Get("lang")); slices.Contains(ogp.Languages(), l) {
		return l
	}
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag := strings.ToLower(strings.TrimSpace(strings.SplitN(part, ";", 2)[0]))
		if i := strings.IndexByte(tag, '-'); i > 0 {
			tag = tag[:i]
		}
		if slices.Contains(ogp.Languages(), tag) {
			return tag
		}
	}
	return "en"
}

// memberNames are the known members' names, language → key → name, for
// the page script to name members in any interface language.
func memberNames() map[string]map[string]string {
	out := map[string]map[string]string{}
	v := ogp.Vocab("member")
	for _, lang := range ogp.Languages() {
		out[lang] = map[string]string{}
		for _, e := range v.Entries {
			out[lang][e.Key] = v.Label(e.Key, lang)
		}
	}
	return out
}
