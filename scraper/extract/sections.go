package extract

import (
	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
)

// headingLevel gives 1–6 for h1–h6 and 0 for anything else.
func headingLevel(n *html.Node) int {
	if n.Type != html.ElementNode || len(n.Data) != 2 || n.Data[0] != 'h' || n.Data[1] < '1' || n.Data[1] > '6' {
		return 0
	}
	return int(n.Data[1] - '0')
}

// sections finds the headings that open a known section (description, IRM
// summary, related commitments) and returns each section's content: the
// heading's following siblings up to the next heading of the same or a
// higher level. The first heading of a kind wins.
func (p *page) sections() map[string]*goquery.Selection {
	out := map[string]*goquery.Selection{}
	p.main.Find("h2, h3, h4, h5, h6").Each(func(_ int, h *goquery.Selection) {
		name, ok := p.model.Section(h.Text())
		if !ok {
			return
		}
		if _, seen := out[name]; seen {
			return
		}
		out[name] = headingContent(h)
	})
	return out
}

// headingContent is what a heading introduces.
func headingContent(h *goquery.Selection) *goquery.Selection {
	level := headingLevel(h.Nodes[0])
	var nodes []*html.Node
	for n := h.Nodes[0].NextSibling; n != nil; n = n.NextSibling {
		if l := headingLevel(n); l > 0 && l <= level {
			break
		}
		if n.Type == html.ElementNode {
			nodes = append(nodes, n)
		}
	}
	return h.Siblings().FilterNodes(nodes...)
}

// inside reports whether n lies within one of the sections' content.
func inside(n *html.Node, secs map[string]*goquery.Selection) bool {
	for _, s := range secs {
		for _, top := range s.Nodes {
			for a := n; a != nil; a = a.Parent {
				if a == top {
					return true
				}
			}
		}
	}
	return false
}
