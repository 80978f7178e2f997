package ogp

import (
	"fmt"
	"net/url"
	"strings"
)

// The domain's rules for the values of a record, each defined once: the
// extractor, import, the indexer, the query parser and the HTTP API all
// ask these functions.

// IDExpr is the shape of a commitment ID as a regular expression (without
// anchors): the member's code, two to four letters, then four digits
// (KR0018, SEO0001). IDs are stored in upper case.
const IDExpr = `[A-Za-z]{2,4}[0-9]{4}`

// ParseID returns the canonical (upper-case) form of a commitment ID, or
// false when s does not have the shape of one. Surrounding spaces are
// ignored; nothing else is forgiven.
func ParseID(s string) (string, bool) {
	s = strings.TrimSpace(s)
	n := 0
	for n < len(s) && isASCIILetter(s[n]) {
		n++
	}
	if n < 2 || n > 4 || len(s)-n != 4 {
		return "", false
	}
	for i := n; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return "", false
		}
	}
	return strings.ToUpper(s), true
}

func isASCIILetter(b byte) bool { return b|0x20 >= 'a' && b|0x20 <= 'z' }

// Years a record may carry; 0 means the page gave none.
const (
	MinYear = 1900
	MaxYear = 2100
)

// ValidYear reports whether y is a plausible action plan year.
func ValidYear(y int) bool { return y >= MinYear && y <= MaxYear }

// IsLangCode reports whether s has the shape of a language code: two
// lower-case ASCII letters.
func IsLangCode(s string) bool {
	return len(s) == 2 && s[0] >= 'a' && s[0] <= 'z' && s[1] >= 'a' && s[1] <= 'z'
}

// IsWebURL reports whether s is an absolute http or https URL with a host:
// the only addresses a record may link to. Anything else (javascript:,
// data:, a relative path) is never shown as a link.
func IsWebURL(s string) bool {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		return true
	}
	return false
}

// Validate checks what every stage relies on in a record: an ID of the
// right shape, a language code, a year (or none), and web URLs (or none)
// for the page and its translations. It returns the first problem found.
func (c Commitment) Validate() error {
	if _, ok := ParseID(c.ID); !ok {
		return fmt.Errorf("id %q is not a commitment ID (two to four letters and four digits)", clip(c.ID))
	}
	if !IsLangCode(c.Lang) {
		return fmt.Errorf("lang %q is not a language code", clip(c.Lang))
	}
	if c.Year != 0 && !ValidYear(c.Year) {
		return fmt.Errorf("year %d is not between %d and %d", c.Year, MinYear, MaxYear)
	}
	if c.URL != "" && !IsWebURL(c.URL) {
		return fmt.Errorf("url %q is not an http(s) address", clip(c.URL))
	}
	for lang, u := range c.Translations {
		if u != "" && !IsWebURL(u) {
			return fmt.Errorf("translation %q: url %q is not an http(s) address", clip(lang), clip(u))
		}
	}
	return nil
}

// clip shortens a value quoted in a message.
func clip(s string) string {
	const most = 80
	if len(s) <= most {
		return s
	}
	cut := most
	for cut > 0 && s[cut]&0xC0 == 0x80 { // not inside a UTF-8 sequence
		cut--
	}
	return s[:cut] + "…"
}

// ShrinkError is an update refused because it would empty a set of
// commitments (an index, a corpus) or remove more than a tenth of them:
// what a failed crawl or a truncated file looks like, never what a site
// does from one night to the next.
type ShrinkError struct {
	What                        string // "index", "corpus"
	Current, Remaining, Removed int
}

func (e *ShrinkError) Error() string {
	if e.Remaining == 0 {
		if e.Current == 0 {
			return fmt.Sprintf("%s: no commitment to write", e.What)
		}
		return fmt.Sprintf("%s: the update would leave none of its %d commitments: nothing replaced, it is unchanged (check the input, or pass --allow-removals to empty it)",
			e.What, e.Current)
	}
	return fmt.Sprintf("%s: the update would remove %d of its %d commitments, more than a tenth: nothing replaced, it is unchanged (check the input, or pass --allow-removals to remove them)",
		e.What, e.Removed, e.Current)
}

// CheckShrink returns a *ShrinkError when an update of what, which holds
// current commitments, to one of remaining that removes removed of them
// must be refused: when it leaves none, or removes more than a tenth,
// unless allowRemovals. Writing nothing at all is always refused.
func CheckShrink(what string, current, remaining, removed int, allowRemovals bool) error {
	refuse := remaining == 0 && (current == 0 || !allowRemovals) ||
		!allowRemovals && removed*10 > current
	if refuse {
		return &ShrinkError{What: what, Current: current, Remaining: remaining, Removed: removed}
	}
	return nil
}
