package httpapi

import (
	"net/http"
	"strconv"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// maxQueryBytes bounds the text of a suggestion request: completions are
// asked for while typing, never for whole paragraphs.
const maxQueryBytes = 256

// langParam reads the optional lang parameter: empty, or an ISO 639-1 code
// of two lower-case letters.
func langParam(r *http.Request) (string, error) {
	lang := r.URL.Query().Get("lang")
	if lang != "" && !ogp.IsLangCode(lang) {
		return "", ogp.Errorf(ogp.EInvalid, "lang must be a two-letter language code such as en or fr")
	}
	return lang, nil
}

// intParam reads an optional integer parameter within [lo, hi], def when
// absent.
func intParam(r *http.Request, name string, def, lo, hi int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, ogp.Errorf(ogp.EInvalid, "%s must be a whole number between %d and %d", name, lo, hi)
	}
	return n, nil
}
