package extract

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/PuerkitoBio/goquery"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// relatedMeta reads the line under a related commitment's title:
// "KR0036, 2018, Anti-corruption" or "KR0008, 2012, " (no policy area).
var relatedMeta = regexp.MustCompile(`(` + ogp.IDExpr + `)\s*,\s*([0-9]{4})?\s*,?\s*(.*)$`)

// related reads the list of the member's commitments: each item's title
// link and its "ID, year, policy area" line.
func related(s *goquery.Selection) []ogp.Related {
	out := []ogp.Related{}
	s.Find("li").Each(func(_ int, li *goquery.Selection) {
		link := li.Find("a").First()
		title := text(link)
		meta := strings.TrimSpace(strings.TrimPrefix(text(li), title))
		m := relatedMeta.FindStringSubmatch(meta)
		if m == nil {
			return
		}
		year, _ := strconv.Atoi(m[2])
		out = append(out, ogp.Related{
			ID:         strings.ToUpper(m[1]),
			Title:      title,
			Year:       year,
			PolicyArea: ogp.Vocab(ogp.VocabPolicyArea).Term(m[3]),
		})
	})
	return out
}
