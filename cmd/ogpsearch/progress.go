package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// progress shows how far a long job (crawl, index, reindex, export) has
// come, on stderr. On a terminal it keeps one status line redrawn in place,
// with a bar when the total is known; elsewhere (a log file, a pipe, cron)
// it writes plain lines now and then. Other text written while a status
// line shows (warnings, failures) goes above it, and done erases it before
// the summary.
type progress struct {
	w     io.Writer
	tty   bool
	quiet bool
	width int // terminal columns

	mu      sync.Mutex
	shown   string    // the status line on screen (terminal)
	last    time.Time // when count last reported (at first, the start)
	partial []byte    // status text not yet ended by a newline
}

// newProgress reports on w; quiet shows no status at all.
func newProgress(w io.Writer, quiet bool) *progress {
	return &progress{w: w, tty: isTerminal(w), quiet: quiet, width: terminalWidth(), last: time.Now()}
}

// isTerminal reports whether w is a terminal (a character device).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// terminalWidth reads $COLUMNS, as shells export it, else 80.
func terminalWidth() int {
	if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n >= 20 {
		return n
	}
	return 80
}

// period is how often a job that reports by lines should send them: often
// on a terminal, where they replace each other; elsewhere 0, the job's own
// default.
func (p *progress) period() time.Duration {
	if p.tty {
		return redrawEvery
	}
	return 0
}

// status is the writer a job sends its progress lines to; nil when quiet.
func (p *progress) status() io.Writer {
	if p.quiet {
		return nil
	}
	return statusWriter{p}
}

// text is the writer for other messages: on a terminal they are printed
// above the status line.
func (p *progress) text() io.Writer { return textWriter{p} }

// count reports done of total (0: unknown) for a job that counts itself,
// at most once per period: what names the job, unit what it counts.
func (p *progress) count(what, unit string, done, total int, began time.Time) {
	if p.quiet {
		return
	}
	every := progressEvery
	if p.tty {
		every = redrawEvery
	}
	p.mu.Lock()
	due := time.Since(p.last) >= every
	if due {
		p.last = time.Now()
	}
	p.mu.Unlock()
	if !due {
		return
	}
	rate := float64(done) / max(time.Since(began).Seconds(), 0.001)
	line := fmt.Sprintf("%s: %d %s, %.0f/s", what, done, unit, rate)
	if total > 0 {
		line = fmt.Sprintf("%s: %d/%d %s (%.0f%%), %.0f/s", what, done, total, unit, percent(done, total), rate)
	}
	p.show(line)
}

// done erases the status line, so the summary stands alone.
func (p *progress) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tty && p.shown != "" {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
	p.shown = ""
}

// show puts one status line out: redrawn in place on a terminal, a plain
// line elsewhere.
func (p *progress) show(line string) {
	if p.quiet {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.tty {
		fmt.Fprintln(p.w, line)
		return
	}
	p.shown = p.fit(withBar(line))
	fmt.Fprint(p.w, "\r\x1b[K"+p.shown)
}

// fit cuts a line to the terminal's width, so redrawing never wraps.
func (p *progress) fit(line string) string {
	limit := p.width - 1
	if utf8.RuneCountInString(line) <= limit {
		return line
	}
	r := []rune(line)
	return string(r[:limit-1]) + "…"
}

// counts finds "done/total" in a progress line.
var counts = regexp.MustCompile(`\b(\d+)/(\d+)\b`)

const barWidth = 24

// withBar puts a bar before a line that tells done/total.
func withBar(line string) string {
	m := counts.FindStringSubmatch(line)
	if m == nil {
		return line
	}
	done, _ := strconv.Atoi(m[1])
	total, _ := strconv.Atoi(m[2])
	if total <= 0 || done > total {
		return line
	}
	filled := done * barWidth / total
	return "[" + strings.Repeat("#", filled) + strings.Repeat(".", barWidth-filled) + "] " + line
}

func percent(done, total int) float64 { return 100 * float64(done) / float64(max(total, 1)) }

// statusWriter takes a job's progress lines.
type statusWriter struct{ p *progress }

func (s statusWriter) Write(b []byte) (int, error) {
	p := s.p
	p.mu.Lock()
	p.partial = append(p.partial, b...)
	var lines []string
	for {
		i := bytes.IndexByte(p.partial, '\n')
		if i < 0 {
			break
		}
		lines = append(lines, string(p.partial[:i]))
		p.partial = p.partial[i+1:]
	}
	p.mu.Unlock()
	for _, l := range lines {
		p.show(l)
	}
	return len(b), nil
}

// textWriter prints messages above the status line.
type textWriter struct{ p *progress }

func (t textWriter) Write(b []byte) (int, error) {
	p := t.p
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.tty || p.shown == "" {
		return p.w.Write(b)
	}
	fmt.Fprint(p.w, "\r\x1b[K")
	n, err := p.w.Write(b)
	if !bytes.HasSuffix(b, []byte("\n")) {
		fmt.Fprintln(p.w)
	}
	fmt.Fprint(p.w, p.shown)
	return n, err
}
