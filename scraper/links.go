package scraper

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
)

// pageLinks lists the links of a page a polite crawler may follow, resolved
// against the page's <base href> (or its URL) and normalised: every <a href>
// that is visible, outside <noscript> and <template>, and not rel=nofollow,
// plus the translations named by <link rel="alternate" hreflang>. Links that
// are not http(s) are dropped. Whether a link is on a crawled host and of a
// known shape is decided by the caller.
func pageLinks(doc *goquery.Document, pageURL *url.URL) []*url.URL {
	base := pageURL
	if href, ok := doc.Find("base[href]").First().Attr("href"); ok {
		if b, err := Normalize(href, pageURL); err == nil {
			base = b
		}
	}
	hidden := hiddenSelectors(doc)
	var out []*url.URL
	add := func(href string) {
		if u, err := Normalize(href, base); err == nil {
			out = append(out, u)
		}
	}
	doc.Find("a[href]").Each(func(_ int, a *goquery.Selection) {
		if hasToken(a.AttrOr("rel", ""), "nofollow") || concealed(a.Nodes[0], hidden) {
			return
		}
		add(a.AttrOr("href", ""))
	})
	doc.Find("link[hreflang][href]").Each(func(_ int, l *goquery.Selection) {
		if hasToken(l.AttrOr("rel", ""), "alternate") {
			add(l.AttrOr("href", ""))
		}
	})
	return out
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
