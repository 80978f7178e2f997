// Package extract turns a saved commitment page into a corpus record. Fields
// are found by their labels, in any language of the site model, within the
// page's main content; class names are never relied on alone.
package extract

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/PuerkitoBio/goquery"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
	"github.com/ogpsearch/ogpsearch/scraper/sitemodel"
)

// ErrNotCommitment means the page holds no commitment (no title with an ID).
var ErrNotCommitment = errors.New("not a commitment page")

// titleID splits "Title (ID)" into its parts.
var titleID = regexp.MustCompile(`^(.*?)\s*\(\s*(` + ogp.IDExpr + `)\s*\)\s*$`)

// Extract reads one page, already decoded to UTF-8, whose address is pageURL
// (may be empty when the page's canonical link gives it), and returns its
// record. content_hash is set; fetched_at is left to the caller.
func Extract(r io.Reader, pageURL string, m *sitemodel.Model) (ogp.Commitment, error) {
	doc, err := goquery.NewDocumentFromReader(r)
	if err != nil {
		return ogp.Commitment{}, fmt.Errorf("extract: parse HTML: %w", err)
	}
	p := &page{doc: doc, model: m}
	if err := p.locate(pageURL); err != nil {
		return ogp.Commitment{}, err
	}
	rec, err := p.record()
	if err != nil {
		return ogp.Commitment{}, err
	}
	if err := rec.Validate(); err != nil {
		return ogp.Commitment{}, fmt.Errorf("extract %s: %w", p.url, err)
	}
	rec.ContentHash = ContentHash(rec)
	return rec, nil
}

// page is one document being extracted.
type page struct {
	doc   *goquery.Document
	model *sitemodel.Model
	url   *url.URL // the page's address, resolved
	main  *goquery.Selection
}

// locate settles the page's address (the given one, else its canonical
// link) and its main content.
func (p *page) locate(pageURL string) error {
	raw := pageURL
	if raw == "" {
		raw, _ = p.doc.Find(`link[rel="canonical"]`).First().Attr("href")
	}
	if raw != "" {
		u, err := url.Parse(strings.TrimSpace(raw))
		if err != nil {
			return fmt.Errorf("extract: page address %q: %w", raw, err)
		}
		p.url = u
	} else {
		p.url = &url.URL{}
	}
	for _, sel := range p.model.MainContent {
		if s := p.doc.Find(sel).First(); s.Length() > 0 {
			p.main = s
			break
		}
	}
	if p.main == nil {
		p.main = p.doc.Selection
	}
	return nil
}

func (p *page) record() (ogp.Commitment, error) {
	rec := ogp.Commitment{
		URL:          p.url.String(),
		Translations: p.translations(),
		OtherFields:  map[string]string{},
	}
	info := p.model.Classify(p.url)
	rec.Lang = p.language(info)
	rec.Member = p.member(info)
	h1 := ogp.CollapseSpace(p.main.Find("h1").First().Text())
	if sm := titleID.FindStringSubmatch(h1); sm != nil {
		rec.Title, rec.ID = sm[1], strings.ToUpper(sm[2])
	} else {
		rec.Title, rec.ID = h1, info.ID
	}
	if rec.ID == "" || rec.Title == "" {
		return rec, fmt.Errorf("extract %s: %w", p.url, ErrNotCommitment)
	}
	removeHidden(p.doc, p.main)
	secs := p.sections()
	fields := p.fields(secs)
	fields.apply(&rec)
	if s, ok := secs["description"]; ok {
		rec.Description = strings.Join(paragraphs(s), "\n\n")
	}
	if s, ok := secs["irm_summary"]; ok {
		paras := paragraphs(s)
		rec.IRMSummary = strings.Join(paras, "\n\n")
		rec.CompletionMidTerm, rec.CompletionEndOfTerm = p.summaryCompletion(paras)
	}
	if s, ok := secs["related"]; ok {
		rec.Related = related(s)
	}
	return rec, nil
}

// language takes <html lang>, else the URL's language prefix.
func (p *page) language(info sitemodel.Page) string {
	if l, ok := p.doc.Find("html").Attr("lang"); ok && strings.TrimSpace(l) != "" {
		return primaryTag(l)
	}
	if info.Lang != "" {
		return info.Lang
	}
	return p.model.DefaultLanguage
}

func primaryTag(l string) string {
	l = strings.ToLower(strings.TrimSpace(l))
	if i := strings.IndexAny(l, "-_"); i > 0 {
		l = l[:i]
	}
	return l
}

// member comes from the URL (authoritative), else the canonical link, else
// the breadcrumb's link to the member page.
func (p *page) member(info sitemodel.Page) string {
	if info.Member != "" {
		return info.Member
	}
	var hrefs []string
	if c, ok := p.doc.Find(`link[rel="canonical"]`).Attr("href"); ok {
		hrefs = append(hrefs, c)
	}
	p.main.Find("a[href]").Each(func(_ int, a *goquery.Selection) {
		h, _ := a.Attr("href")
		hrefs = append(hrefs, h)
	})
	for _, h := range hrefs {
		u, err := p.url.Parse(h)
		if err != nil {
			continue
		}
		if pg := p.model.Classify(u); pg.Member != "" {
			return pg.Member
		}
	}
	return ""
}

// translations reads the hreflang alternates of the page.
func (p *page) translations() map[string]string {
	out := map[string]string{}
	p.doc.Find(`link[rel="alternate"][hreflang]`).Each(func(_ int, l *goquery.Selection) {
		lang, _ := l.Attr("hreflang")
		href, _ := l.Attr("href")
		if strings.EqualFold(lang, "x-default") || href == "" {
			return
		}
		if u, err := p.url.Parse(strings.TrimSpace(href)); err == nil && ogp.IsWebURL(u.String()) {
			out[primaryTag(lang)] = u.String()
		}
	})
	return out
}

// summaryCompletion reads "À moyen terme: limité" and "Fin du mandat:
// substantiel" lines of the IRM summary.
func (p *page) summaryCompletion(paras []string) (mid, end ogp.Term) {
	v := ogp.Vocab(ogp.VocabCompletion)
	for _, para := range paras {
		label, value, ok := strings.Cut(para, ":")
		if !ok || len(label) > 60 || len(value) > 60 {
			continue
		}
		switch phase, _ := p.model.SummaryPhase(label); phase {
		case "mid_term":
			if mid.IsZero() {
				mid = v.Term(value)
			}
		case "end_of_term":
			if end.IsZero() {
				end = v.Term(value)
			}
		}
	}
	return mid, end
}

// yearPattern finds a plausible year in a value.
var yearPattern = regexp.MustCompile(`\b(1[89]|2[0-9])[0-9]{2}\b`)

// yearOf reads the first four-digit year of a value; 0 when there is none.
func yearOf(s string) int {
	if m := yearPattern.FindString(s); m != "" {
		if y, _ := strconv.Atoi(m); ogp.ValidYear(y) {
			return y
		}
	}
	return 0
}

// ContentHash is the SHA-256 of a record's content: everything but
// fetched_at and content_hash, so a re-crawl that finds the same page gives
// the same hash.
func ContentHash(rec ogp.Commitment) string {
	rec.FetchedAt, rec.ContentHash = "", ""
	data, _ := json.Marshal(rec)
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}
