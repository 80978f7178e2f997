package scraper

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
)

// maxLinksPerPage bounds the links taken from one page: the real site's
// pages have a few hundred, and a page with millions must not fill the
// frontier.
const maxLinksPerPage = 5000

// pageLinks lists the links of a page a polite crawler may follow, resolved
// against the page's <base href> (or its URL) and normalised: every <a href>
// that is visible, outside <noscript> and <template>, and not rel=nofollow,
// plus the translations named by <link rel="alternate" hreflang>. Links that
// are not http(s) are dropped. Whether a link is on a crawled host and of a
// known shape is decided by the caller. It keeps the first limit links and
// reports whether there were more.
func pageLinks(doc *goquery.Document, pageURL *url.URL, limit int) (out []*url.URL, capped bool) {
	base := pageURL
	if href, ok := doc.Find("base[href]").First().Attr("href"); ok {
		if b, err := Normalize(href, pageURL); err == nil {
			base = b
		}
	}
	hidden := hiddenSelectors(doc)
	add := func(href string) bool {
		if len(out) >= limit {
			capped = true
			return false
		}
		if u, err := Normalize(href, base); err == nil {
			out = append(out, u)
		}
		return true
	}
	doc.Find("a[href]").EachWithBreak(func(_ int, a *goquery.Selection) bool {
		if hasToken(a.AttrOr("rel", ""), "nofollow") || concealed(a.Nodes[0], hidden) {
			return true
		}
		return add(a.AttrOr("href", ""))
	})
	doc.Find("link[hreflang][href]").EachWithBreak(func(_ int, l *goquery.Selection) bool {
		return !hasToken(l.AttrOr("rel", ""), "alternate") || add(l.AttrOr("href", ""))
	})
	return out, capped
}

// hasToken reports whether a space-separated attribute holds tok.
func hasToken(attr, tok string) bool {
	for _, f := range strings.Fields(attr) {
		if strings.EqualFold(f, tok) {
			return true
		}
	}
	return false
}

// concealed reports whether n or one of its ancestors is hidden, or lies in
// <noscript> or <template>.
func concealed(n *html.Node, hidden cssHidden) bool {
	for ; n != nil; n = n.Parent {
		if n.Type != html.ElementNode {
			continue
		}
		if n.Data == "noscript" || n.Data == "template" || hidden.hides(n) {
			return true
		}
	}
	return false
}

// cssHidden is the classes and ids a page's <style> blocks hide.
type cssHidden struct {
	classes, ids map[string]bool
}

// hides reports whether an element is hidden by its own attributes (inline
// style, hidden, aria-hidden) or by a class or id the page's CSS hides.
func (c cssHidden) hides(n *html.Node) bool {
	for _, a := range n.Attr {
		switch strings.ToLower(a.Key) {
		case "hidden":
			return true
		case "aria-hidden":
			if strings.EqualFold(strings.TrimSpace(a.Val), "true") {
				return true
			}
		case "style":
			if hidingDecls(a.Val) {
				return true
			}
		case "class":
			for _, cl := range strings.Fields(a.Val) {
				if c.classes[cl] {
					return true
				}
			}
		case "id":
			if c.ids[strings.TrimSpace(a.Val)] {
				return true
			}
		}
	}
	return false
}

// hidingDecls reports whether CSS declarations hide their element.
func hidingDecls(decls string) bool {
	d := strings.ToLower(strings.Join(strings.Fields(decls), ""))
	for _, p := range []string{"display:none", "visibility:hidden", "visibility:collapse"} {
		if i := strings.Index(d, p); i >= 0 && (i == 0 || d[i-1] == ';' || d[i-1] == '{') {
			return true
		}
	}
	return false
}

var (
	cssComment = regexp.MustCompile(`(?s)/\*.*?\*/`)
	// simpleSelector is ".name", "#name" or "tag.name".
	simpleSelector = regexp.MustCompile(`^[a-zA-Z0-9]*([.#])(-?[_a-zA-Z][-_a-zA-Z0-9]*)$`)
)

// hiddenSelectors reads the page's <style> blocks for simple rules that
// hide a class or an id (".trap{display:none}", "a.x, #y {visibility:
// hidden}"). Rules nested in @media blocks count too: hiding a link in
// some media is reason enough not to follow it.
func hiddenSelectors(doc *goquery.Document) cssHidden {
	c := cssHidden{classes: map[string]bool{}, ids: map[string]bool{}}
	doc.Find("style").Each(func(_ int, s *goquery.Selection) {
		css := cssComment.ReplaceAllString(s.Text(), " ")
		for _, rule := range strings.Split(css, "}") {
			sel, decls, ok := cutLast(rule, "{")
			if !ok || !hidingDecls(decls) {
				continue
			}
			if _, inner, ok := cutLast(sel, "{"); ok {
				sel = inner
			}
			if _, inner, ok := cutLast(sel, ";"); ok {
				sel = inner
			}
			c.add(sel)
		}
	})
	return c
}

// add records the simple selectors of a comma-separated list.
func (c cssHidden) add(selectors string) {
	for _, s := range strings.Split(selectors, ",") {
		m := simpleSelector.FindStringSubmatch(strings.TrimSpace(s))
		switch {
		case m == nil:
		case m[1] == ".":
			c.classes[m[2]] = true
		default:
			c.ids[m[2]] = true
		}
	}
}

// cutLast splits s around the last sep.
func cutLast(s, sep string) (before, after string, ok bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+len(sep):], true
}
