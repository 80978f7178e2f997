package httpapi

import (
	"net/http"
	"strconv"

	"github.com/ogpsearch/ogpsearch/internal"
)

// maxQueryBytes bounds the text of a suggestion request: completions are
// asked for while typing, never for whole paragraphs.
const maxQueryBytes = 256

// langParam reads the optional lang parameter: empty, or an ISO 639-1 code
// of two lower-case letters.
func langParam(r *http.Request) (string, error) {
	lang := r.URL.Query().Get("lang")
	if lang != "" && !isLangCode(lang) {
		return "", internal.Errorf(internal.EInvalid, "lang must be a two-letter language code such as en or fr")
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
		return 0, internal.Errorf(internal.EInvalid, "%s must be a whole number between %d and %d", name, lo, hi)
	}
	return n, nil
}

func isLangCode(s string) bool {
	return len(s) == 2 && s[0] >= 'a' && s[0] <= 'z' && s[1] >= 'a' && s[1] <= 'z'
}

// isCommitmentID accepts the shape of OGP commitment IDs (KR0018, SEO0001,
// and local variants with a dash): 2–32 letters, digits and dashes,
// starting with a letter.
func isCommitmentID(s string) bool {
	if len(s) < 2 || len(s) > 32 || !isLetter(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !isLetter(c) && !(c >= '0' && c <= '9') && c != '-' {
			return false
		}
	}
	return true
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
