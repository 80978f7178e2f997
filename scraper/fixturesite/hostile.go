package fixturesite

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/korean"

	"github.com/ogpsearch/ogpsearch/internal/sample"
)

// Names of the hostile behaviours, as keys of Server.HostilePages.
const (
	HostileRateLimited = "rate-limited" // 429 with Retry-After: 1 once, then 200
	HostileUnavailable = "unavailable"  // 503 twice, then 200
	HostileSlow        = "slow"         // answers after Options.SlowDelay
	HostileEUCKR       = "euc-kr"       // EUC-KR bytes, no charset anywhere
	HostileWindows1252 = "windows-1252" // windows-1252, charset only in <meta http-equiv>
)

// hugeBodySize is the size of the oversized page, over any sane cap.
const hugeBodySize = 20 << 20

// metaWindows1252 is the only charset declaration of the windows-1252 page.
const metaWindows1252 = `<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">`

// hostilePlan assigns each hostile behaviour to one real sample page; a
// zero key means the sample had no page left for it.
type hostilePlan map[string]pageKey

// planHostile picks the pages: the preferred one when the sample has it,
// else the first page in site order of the right language not yet used.
func planHostile(site *sample.Site) hostilePlan {
	plan := hostilePlan{}
	used := map[pageKey]bool{}
	pick := func(name, id, lang string) {
		if c, ok := site.Find(id); ok {
			if _, ok := c.Pages[lang]; ok && !used[pageKey{id, lang}] {
				plan[name], used[pageKey{id, lang}] = pageKey{id, lang}, true
				return
			}
		}
		for _, c := range site.Commitments {
			k := pageKey{c.ID, lang}
			if _, ok := c.Pages[lang]; ok && !used[k] {
				plan[name], used[k] = k, true
				return
			}
		}
	}
	pick(HostileRateLimited, "KR0019", "en")
	pick(HostileUnavailable, "KR0020", "en")
	pick(HostileSlow, "KR0021", "en")
	pick(HostileEUCKR, "KR0017", "ko")
	pick(HostileWindows1252, "KR0016", "fr")
	return plan
}

// encodingOf is the legacy encoding a page is served in, or "".
func (p hostilePlan) encodingOf(k pageKey) string {
	switch k {
	case p[HostileEUCKR]:
		return "euc-kr"
	case p[HostileWindows1252]:
		return "windows-1252"
	}
	return ""
}

// HostilePages tells which sample page carries each hostile behaviour
// (keys HostileRateLimited…); empty when Options.Hostile is off.
func (s *Server) HostilePages() map[string]PageRef {
	out := map[string]PageRef{}
	s.mu.RLock()
	defer s.mu.RUnlock()
	for name, k := range s.plan {
		if c, ok := s.site.Find(k.id); ok {
			out[name] = PageRef{ID: k.id, Lang: k.lang, URL: s.base + commitmentPath(c.Member, k.id, k.lang)}
		}
	}
	return out
}

// hostileGate applies the status sequences and the delay of a page; false
// when it has answered already.
func (s *Server) hostileGate(w http.ResponseWriter, r *http.Request, k pageKey) bool {
	s.hitMu.Lock()
	n := s.hits[k]
	s.hits[k]++
	s.hitMu.Unlock()
	switch k {
	case s.plan[HostileRateLimited]:
		if n == 0 {
			w.Header().Set("Retry-After", "1")
			http.Error(w, "Too Many Requests", http.StatusTooManyRequests)
			return false
		}
	case s.plan[HostileUnavailable]:
		if n < 2 {
			http.Error(w, "Service Unavailable", http.StatusServiceUnavailable)
			return false
		}
	case s.plan[HostileSlow]:
		t := time.NewTimer(s.opts.SlowDelay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
			return false
		case <-s.closing:
		}
	}
	return true
}

// serveHostileLink answers the extra kenya URLs of hostile member pages;
// false when the URL is not one of them.
func (s *Server) serveHostileLink(w http.ResponseWriter, r *http.Request, lang, member, id string) bool {
	if lang != "en" || member != "kenya" {
		return false
	}
	to := map[string]string{
		"KE0990": "/members/kenya/commitments/KE0991/",
		"KE0991": "/members/kenya/commitments/KE0990/",
		"KE0992": "http://elsewhere.example/x",
		"KE0993": "/?blackhole=redir",
	}
	if loc, ok := to[id]; ok {
		http.Redirect(w, r, loc, http.StatusFound)
		return true
	}
	if id != "KE0999" {
		return false
	}
	w.Header().Set("Content-Type", "text/html; charset=UTF-8")
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return true
	}
	w.Write([]byte("<!DOCTYPE html>\n<html lang=\"en-US\"><head><title>Huge (KE0999)</title></head><body><main><h1>Huge (KE0999)</h1>\n"))
	line := []byte("<p>" + strings.Repeat("padding ", 126) + "</p>\n")
	for written := 0; written < hugeBodySize; written += len(line) {
		if _, err := w.Write(line); err != nil {
			return true
		}
	}
	w.Write([]byte("</main></body></html>\n"))
	return true
}

// encodeEUCKR encodes a UTF-8 page in EUC-KR; characters it lacks become
// numeric character references.
func encodeEUCKR(b []byte) []byte {
	return encodeWith(korean.EUCKR.NewEncoder(), b)
}

// encodeWindows1252 encodes a UTF-8 page in windows-1252, likewise.
func encodeWindows1252(b []byte) []byte {
	return encodeWith(charmap.Windows1252.NewEncoder(), b)
}

func encodeWith(e *encoding.Encoder, b []byte) []byte {
	out, err := encoding.HTMLEscapeUnsupported(e).Bytes(b)
	if err != nil {
		panic("fixturesite: encode: " + err.Error() + " at " + strconv.Itoa(len(out)))
	}
	return out
}
