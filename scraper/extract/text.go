package extract

import (
	"regexp"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// blockTags are the elements that start a new paragraph of text.
var blockTags = map[string]bool{
	"p": true, "div": true, "li": true, "ul": true, "ol": true, "dl": true, "dt": true, "dd": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "blockquote": true,
	"pre": true, "table": true, "tr": true, "td": true, "th": true, "section": true, "article": true,
	"header": true, "footer": true, "figure": true, "figcaption": true, "br": true, "hr": true,
}

// skipTags never contribute text.
var skipTags = map[string]bool{"script": true, "style": true, "noscript": true, "template": true, "iframe": true, "svg": true}

// paragraphs returns the text of a selection as clean paragraphs: one per
// block element, white space collapsed, empty ones dropped.
func paragraphs(s *goquery.Selection) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		if t := ogp.CollapseSpace(cur.String()); t != "" {
			out = append(out, t)
		}
		cur.Reset()
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			cur.WriteString(n.Data)
		case html.ElementNode:
			if skipTags[n.Data] {
				return
			}
			block := blockTags[n.Data]
			if block {
				flush()
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
			if block {
				flush()
			}
		}
	}
	for _, n := range s.Nodes {
		walk(n)
		flush()
	}
	return out
}

// text is the collapsed text of a selection, skipping scripts and styles.
func text(s *goquery.Selection) string {
	return strings.Join(paragraphs(s), " ")
}

// hideRule finds CSS rules that hide elements: ".a, .b { display: none }".
var hideRule = regexp.MustCompile(`([^{}]+)\{[^}]*(?:display\s*:\s*none|visibility\s*:\s*hidden)[^}]*\}`)

// simpleSelector accepts the CSS selectors removeHidden applies: a tag,
// .class or #id.
var simpleSelector = regexp.MustCompile(`^[.#]?[A-Za-z][\w-]*$`)

// removeHidden deletes from main every element a reader cannot see: inline
// display:none or visibility:hidden, the hidden attribute, aria-hidden, a
// class that a <style> block of the page hides, and non-content elements
// (scripts, navigation, header, footer). The crawler trap link is such an
// element; its warning text must never reach a record.
func removeHidden(doc *goquery.Document, main *goquery.Selection) {
	var selectors []string
	doc.Find("style").Each(func(_ int, st *goquery.Selection) {
		for _, m := range hideRule.FindAllStringSubmatch(st.Text(), -1) {
			for _, sel := range strings.Split(m[1], ",") {
				sel = strings.TrimSpace(sel)
				if simpleSelector.MatchString(sel) {
					selectors = append(selectors, sel)
				}
			}
		}
	})
	main.Find("script, style, noscript, template, nav, header, footer, [hidden], [aria-hidden=true]").Remove()
	for _, sel := range selectors {
		main.Find(sel).Remove()
	}
	main.Find("[style]").Each(func(_ int, e *goquery.Selection) {
		st, _ := e.Attr("style")
		st = strings.ToLower(strings.ReplaceAll(st, " ", ""))
		if strings.Contains(st, "display:none") || strings.Contains(st, "visibility:hidden") {
			e.Remove()
		}
	})
}
