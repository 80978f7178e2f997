package fixturesite

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
)

// The resource traps (Options.Traps), all linked from TrapsPath: pages that
// would exhaust a crawler's memory, time or frontier if it had no limits.
const (
	// TrapsPath is a member-shaped page linking every trap; start there.
	TrapsPath = "/members/traps/"
	// TrapGzipBomb answers about 1 GB of HTML in about 1 MB of gzip.
	TrapGzipBomb = "/members/trap-bomb/"
	// TrapMillionLinks is a page of a million links (about 30 MB).
	TrapMillionLinks = "/members/trap-million-links/"
	// TrapManyLinks holds as many links (to tag pages) as fit in 1 MB.
	TrapManyLinks = "/members/trap-many-links/"
	// TrapCalendar starts an endless events calendar, a URL shape the site
	// model does not know: each day links the next day and month.
	TrapCalendar = "/events/calendar/2026-01-01/"
	// TrapMemberCalendar starts an endless calendar whose pages have the
	// shape of member pages (/members/day-2026-01-01/).
	TrapMemberCalendar = "/members/day-2026-01-01/"
	// TrapRobotsBytes is the size of the robots.txt served with the traps:
	// the usual rules first, then filler, then "Disallow: /" past 10 MB,
	// beyond what a crawler is required to parse (RFC 9309: 500 KiB).
	TrapRobotsBytes = 10 << 20
)

const (
	bombBytes       = 1 << 30
	bombMemberBytes = 8 << 20
	millionLinks    = 1_000_000
	manyLinksBytes  = 1 << 20
)

// traps holds the gzip bomb, built on first use.
type traps struct {
	once sync.Once
	bomb []byte
}

// serveTrap answers the trap URLs; false for any other URL.
func (s *Server) serveTrap(w http.ResponseWriter, r *http.Request) bool {
	path := r.URL.Path
	switch {
	case path == "/robots.txt":
		s.serveHugeRobots(w)
	case path == TrapsPath:
		links := []string{TrapGzipBomb, TrapMillionLinks, TrapManyLinks, TrapCalendar, TrapMemberCalendar}
		writeBody(w, "text/html; charset=UTF-8", linkPage("Traps", links))
	case path == TrapGzipBomb:
		s.traps.once.Do(func() { s.traps.bomb = gzipBomb() })
		w.Header().Set("Content-Type", "text/html; charset=UTF-8")
		w.Header().Set("Content-Encoding", "gzip")
		w.WriteHeader(http.StatusOK)
		w.Write(s.traps.bomb)
	case path == TrapMillionLinks:
		streamLinks(w, millionLinks, func(i int) string { return fmt.Sprintf("/members/m%d/", i) })
	case path == TrapManyLinks:
		n := manyLinksBytes / len(`<a href="/tags/t1000000/">x</a>`+"\n")
		streamLinks(w, n, func(i int) string { return fmt.Sprintf("/tags/t%d/", i) })
	case strings.HasPrefix(path, "/events/calendar/"):
		return serveDay(w, path, "/events/calendar/%s/")
	case strings.HasPrefix(path, "/members/day-"):
		return serveDay(w, path, "/members/day-%s/")
	default:
		return false
	}
	return true
}

// serveHugeRobots writes the usual robots.txt, filler up to
// TrapRobotsBytes, then a rule that would stop everything.
func (s *Server) serveHugeRobots(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/plain; charset=UTF-8")
	w.WriteHeader(http.StatusOK)
	head := robotsTxt(s.base, s.opts.CrawlDelay)
	if _, err := w.Write(head); err != nil {
		return
	}
	line := []byte("# " + strings.Repeat("filler ", 20) + "\n")
	for n := len(head); n < TrapRobotsBytes; n += len(line) {
		if _, err := w.Write(line); err != nil {
			return // the crawler stopped reading
		}
	}
	w.Write([]byte("User-agent: *\nDisallow: /\n"))
}

// serveDay answers one day of a calendar whose URLs have the form pattern
// (with the date for %s): a page linking the next day and the same day of
// the next month, forever.
func serveDay(w http.ResponseWriter, path, pattern string) bool {
	day := strings.TrimSuffix(strings.TrimPrefix(path, pattern[:strings.Index(pattern, "%s")]), "/")
	d, err := time.Parse("2006-01-02", day)
	if err != nil {
		return false
	}
	links := []string{
		fmt.Sprintf(pattern, d.AddDate(0, 0, 1).Format("2006-01-02")),
		fmt.Sprintf(pattern, d.AddDate(0, 1, 0).Format("2006-01-02")),
	}
	writeBody(w, "text/html; charset=UTF-8", linkPage("Events of "+day, links))
	return true
}

// linkPage is a small page listing links.
func linkPage(title string, links []string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html lang=\"en\"><head><title>%s</title></head><body><main><h1>%s</h1>\n<ul>\n", esc(title), esc(title))
	for _, l := range links {
		fmt.Fprintf(&b, "<li><a href=\"%s\">%s</a></li>\n", esc(l), esc(l))
	}
	b.WriteString("</ul></main></body></html>\n")
	return []byte(b.String())
}

// streamLinks writes a page of n links without holding it in memory.
func streamLinks(w http.ResponseWriter, n int, href func(int) string) {
	w.Header().Set("Content-Type", "text/html; charset=UTF-8")
	w.WriteHeader(http.StatusOK)
	bw := &bytes.Buffer{}
	bw.WriteString("<!DOCTYPE html>\n<html lang=\"en\"><head><title>Links</title></head><body><main><h1>Links</h1>\n")
	for i := range n {
		fmt.Fprintf(bw, "<a href=\"%s\">x</a>\n", href(i))
		if bw.Len() > 64<<10 {
			if _, err := w.Write(bw.Bytes()); err != nil {
				return
			}
			bw.Reset()
		}
	}
	bw.WriteString("</main></body></html>\n")
	w.Write(bw.Bytes())
}

// gzipBomb is a gzip stream of about bombBytes of HTML: one member
// compressing bombMemberBytes of spaces, repeated (gzip readers read
// concatenated members as one stream), after a member opening the page.
func gzipBomb() []byte {
	member := func(data []byte) []byte {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write(data)
		zw.Close()
		return buf.Bytes()
	}
	out := member([]byte("<!DOCTYPE html>\n<html lang=\"en\"><head><title>Bomb</title></head><body><p>"))
	spaces := member(bytes.Repeat([]byte(" "), bombMemberBytes))
	for range bombBytes / bombMemberBytes {
		out = append(out, spaces...)
	}
	return out
}
