package fixturesite

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// labelCells returns the folded label texts of the "at a glance" block of
// a page in any markup.
func labelCells(doc *goquery.Document) map[string]bool {
	out := map[string]bool{}
	doc.Find("main dt, main p > strong, [role=main] th, main h3").Each(func(_ int, s *goquery.Selection) {
		out[ogp.FoldKey(s.Text())] = true
	})
	return out
}

func TestRenderMarkupsOfKR0018(t *testing.T) {
	site := testSite(t)
	c, _ := site.Find("KR0018")
	structure := map[Markup]string{MarkupDL: "main dl dt", MarkupP: "main p > strong", MarkupTable: "[role=main] table th"}
	for _, m := range Markups() {
		t.Run(m.String(), func(t *testing.T) {
			page := Render(site, c, "fr", m, "https://www.opengovpartnership.org")
			if !bytes.Equal(page, Render(site, c, "fr", m, "https://www.opengovpartnership.org")) {
				t.Error("Render is not deterministic")
			}
			doc := parse(t, page)
			if h1 := strings.TrimSpace(doc.Find("h1").Text()); h1 != "Fournir des services personnalisés (KR0018)" {
				t.Errorf("h1 = %q", h1)
			}
			if lang, _ := doc.Find("html").Attr("lang"); lang != "fr-FR" {
				t.Errorf("html lang = %q", lang)
			}
			if doc.Find(structure[m]).Length() == 0 {
				t.Errorf("no %q in %s markup", structure[m], m)
			}
			labels := labelCells(doc)
			for _, f := range []string{"action_plan", "year", "status", "lead_institution", "support_institutions",
				"policy_areas", "irm_report", "early_results", "verifiable", "relevant_values", "completion"} {
				if !labels[ogp.FoldKey(model.Fields[f]["fr"][0])] {
					t.Errorf("label of %s missing", f)
				}
			}
			for _, sec := range []string{"description", "irm_summary", "related"} {
				if !strings.Contains(doc.Find("h2").Text(), model.Sections[sec]["fr"][0]) {
					t.Errorf("section %s missing", sec)
				}
			}
			trap := doc.Find(`footer a[href*="blackhole"]`)
			href, _ := trap.Attr("href")
			rel, _ := trap.Attr("rel")
			style, _ := trap.Attr("style")
			if trap.Length() != 1 || !strings.HasPrefix(href, "/fr/?blackhole=") || rel != "nofollow" ||
				!(trap.HasClass("hidden-trap") || strings.Contains(style, "display:none")) {
				t.Errorf("trap link wrong: %d links, href %q rel %q", trap.Length(), href, rel)
			}
			if !strings.Contains(trap.Text(), "NE PAS suivre ce lien") {
				t.Errorf("trap text %q", trap.Text())
			}
			if doc.Find(`a[href="#content"]`).Length() == 0 {
				t.Error("no skip link")
			}
			if n := doc.Find(`link[rel=alternate][hreflang]`).Length(); n != len(c.Languages())+1 {
				t.Errorf("%d hreflang alternates, want %d", n, len(c.Languages())+1)
			}
			if n := doc.Find(`a[href$="/commitments/KR0018/"]`).Length(); n == 0 {
				t.Error("related list misses the page's own commitment")
			}
		})
	}
}

func TestMarkupSpread(t *testing.T) {
	count := map[Markup]int{}
	for i := range 400 {
		count[MarkupFor(fmt.Sprintf("XX%04d", i))]++
	}
	if count[MarkupDL] < 150 || count[MarkupP] < 60 || count[MarkupTable] < 60 {
		t.Errorf("markup spread %v", count)
	}
}

func TestRobots(t *testing.T) {
	s := New(testSite(t), Options{CrawlDelay: 50 * time.Millisecond})
	defer s.Close()
	robots := string(mustGet(t, s.URL()+"/robots.txt", 200))
	for _, want := range []string{"Disallow: /wp-admin/", "Disallow: /*blackhole", "Disallow: /?blackhole",
		"Disallow: /members/canada/commitments/CA0099/", "Crawl-delay: 0.05", "Sitemap: " + s.URL() + "/wp-sitemap.xml"} {
		if !strings.Contains(robots, want) {
			t.Errorf("robots.txt lacks %q", want)
		}
	}
	if strings.Count(robots, "User-agent: *") != 2 {
		t.Error("robots.txt should have two User-agent: * groups")
	}
	sm := string(mustGet(t, s.URL()+"/wp-sitemap.xml", 200))
	if !strings.Contains(sm, s.URL()+"/members/") || !strings.Contains(sm, "elsewhere.example") {
		t.Errorf("sitemap: %s", sm)
	}
	s2 := New(testSite(t), Options{RobotsStatus: 503})
	defer s2.Close()
	mustGet(t, s2.URL()+"/robots.txt", 503)
	s3 := New(testSite(t), Options{})
	defer s3.Close()
	if strings.Contains(string(mustGet(t, s3.URL()+"/robots.txt", 200)), "Crawl-delay") {
		t.Error("Crawl-delay written without CrawlDelay")
	}
}

func TestMemberPages(t *testing.T) {
	site := testSite(t)
	s := New(site, Options{PageSize: 4})
	defer s.Close()
	n := len(site.ByMember("south-korea"))
	pages := (n + 3) / 4
	seen := map[string]bool{}
	for p := 1; p <= pages; p++ {
		doc := parse(t, mustGet(t, s.URL()+memberPath("south-korea", "en", p), 200))
		doc.Find("li.index-entry > a:first-child").Each(func(_ int, a *goquery.Selection) {
			seen[a.AttrOr("href", "")] = true
		})
		if p < pages && doc.Find(fmt.Sprintf(`a[rel=next][href="/members/south-korea/?page=%d"]`, p+1)).Length() == 0 {
			t.Errorf("page %d has no next link", p)
		}
	}
	if len(seen) != n+1 { // every commitment plus the disallowed CA0099
		t.Errorf("member pages link %d commitments, want %d + CA0099", len(seen), n)
	}
	first := string(mustGet(t, s.URL()+"/members/south-korea/", 200))
	for _, dup := range []string{"utm_source=newsletter&amp;utm_medium=email", "?fbclid=abc", "#top", "HTTP://127.0.0.1"} {
		if !strings.Contains(first, dup) {
			t.Errorf("member page lacks duplicate link %q", dup)
		}
	}
	mustGet(t, s.URL()+"/fr/members/south-korea/page/2/", 200)
	mustGet(t, s.URL()+"/members/south-korea/?page=99", 404)
	mustGet(t, s.URL()+"/members/nowhere/", 404)
	idx := parse(t, mustGet(t, s.URL()+"/our-members/", 200))
	if got := idx.Find("li.member-card a").Length(); got != membersPageSize {
		t.Errorf("member index page 1 lists %d members", got)
	}
	if idx.Find(`a[href="/our-members/?page=2"]`).Length() == 0 {
		t.Error("member index has no page 2 link")
	}
	mustGet(t, s.URL()+"/our-members/?page=2", 200)
	mustGet(t, s.URL()+"/fr/our-members/", 200)
}
