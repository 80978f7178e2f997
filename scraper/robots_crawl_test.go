package scraper

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/ogpsearch/ogpsearch/scraper/sitemodel"
)

// TestCrawlObeysRobots crawls a site whose robots.txt, in two "*" groups,
// disallows one commitment and every French page by wildcard: they are
// never requested, robots.txt is fetched once, and every request carries
// our User-Agent.
func TestCrawlObeysRobots(t *testing.T) {
	s := newSite(t)
	s.text("/robots.txt", "User-agent: *\nDisallow: /wp-admin/\n\nUser-agent: *\nDisallow: /*/commitments/KR0002/\nDisallow: /fr/*\n")
	s.page("/members/south-korea/", listHTML("commitments/KR0001/", "commitments/KR0002/", "/fr/members/south-korea/commitments/KR0001/"))
	s.page("/members/south-korea/commitments/KR0001/", commitmentHTML("en", "KR0001", "One"))
	s.page("/members/south-korea/commitments/KR0002/", commitmentHTML("en", "KR0002", "Two"))
	s.page("/fr/members/south-korea/commitments/KR0001/", commitmentHTML("fr", "KR0001", "Un"))
	sum := crawl(t, testConfig(t, s.url("/members/south-korea/")))
	if n := s.count("KR0002"); n != 0 {
		t.Errorf("disallowed commitment requested %d times", n)
	}
	if n := s.count("/fr/"); n != 0 {
		t.Errorf("disallowed French page requested %d times", n)
	}
	if n := s.count("/robots.txt"); n != 1 {
		t.Errorf("robots.txt fetched %d times, want 1", n)
	}
	if sum.SkippedRobots != 2 || sum.Stored != 1 {
		t.Errorf("summary = %+v, want 2 skipped by robots and 1 stored", sum)
	}
	for _, h := range s.allHits() {
		if h.ua != testUA {
			t.Errorf("%s sent User-Agent %q", h.uri, h.ua)
		}
	}
}

func TestCrawlRobots5xxStopsHost(t *testing.T) {
	s := newSite(t)
	s.handle("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "down", http.StatusServiceUnavailable)
	})
	s.page("/members/kenya/", listHTML())
	cfg := testConfig(t, s.url("/members/kenya/"))
	cfg.MaxRetries = 1
	sum := crawl(t, cfg)
	if n := s.count("/members/"); n != 0 {
		t.Errorf("%d pages fetched although robots.txt answered 503", n)
	}
	if n := s.count("/robots.txt"); n != 2 {
		t.Errorf("robots.txt requested %d times, want 2 (one retry)", n)
	}
	reason := sum.HostsStopped[s.srv.URL]
	if !strings.Contains(reason, "robots.txt") || !strings.Contains(reason, "503") {
		t.Errorf("stop reason = %q, want robots.txt and 503 named", reason)
	}
}

func TestCrawlRobotsUnreachableStopsHost(t *testing.T) {
	s := newSite(t)
	start := s.url("/members/kenya/")
	s.srv.Close() // nothing listens there any more
	cfg := testConfig(t, start)
	cfg.MaxRetries = -1
	sum := crawl(t, cfg)
	if reason := sum.HostsStopped[s.srv.URL]; !strings.Contains(reason, "robots.txt unreachable") {
		t.Errorf("stop reason = %q", reason)
	}
}

// TestCrawlRedirectRechecks makes pages redirect into a robots-disallowed
// page, the trap, another host, a loop and a long chain: none is followed
// past the refused hop.
func TestCrawlRedirectRechecks(t *testing.T) {
	other := newSite(t)
	other.page("/members/kenya/commitments/KE0001/", commitmentHTML("en", "KE0001", "Elsewhere"))
	s := newSite(t)
	s.text("/robots.txt", "User-agent: *\nDisallow: /members/kenya/commitments/KE0009/\n")
	redirect := func(from, to string) {
		s.handle(from, func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, to, http.StatusFound) })
	}
	s.page("/members/kenya/", listHTML("commitments/KE0001/", "commitments/KE0002/", "commitments/KE0003/",
		"commitments/KE0004/", "commitments/KE0005/", "commitments/KE0006/"))
	redirect("/members/kenya/commitments/KE0001/", "/members/kenya/commitments/KE0009/")
	redirect("/members/kenya/commitments/KE0002/", "/?blackhole=abc")
	redirect("/members/kenya/commitments/KE0003/", other.url("/members/kenya/commitments/KE0001/"))
	redirect("/members/kenya/commitments/KE0004/", "/members/kenya/?page=50")
	redirect("/members/kenya/?page=50", "/members/kenya/?page=51")
	redirect("/members/kenya/?page=51", "/members/kenya/?page=50")
	for i := 0; i < 8; i++ {
		redirect("/members/kenya/?page="+strconv.Itoa(100+i), "/members/kenya/?page="+strconv.Itoa(101+i))
	}
	redirect("/members/kenya/commitments/KE0005/", "/members/kenya/?page=100")
	redirect("/members/kenya/commitments/KE0006/", "/members/kenya/commitments/KE0007/")
	s.page("/members/kenya/commitments/KE0007/", commitmentHTML("en", "KE0007", "Moved"))
	sum := crawl(t, testConfig(t, s.url("/members/kenya/")))

	if n := s.count("KE0009"); n != 0 {
		t.Errorf("robots-disallowed redirect target fetched %d times", n)
	}
	if n := s.count("blackhole"); n != 0 {
		t.Errorf("trap fetched %d times through a redirect", n)
	}
	if n := len(other.allHits()); n != 0 {
		t.Errorf("other host got %d requests", n)
	}
	if n := s.count("?page=10"); n > maxRedirects {
		t.Errorf("%d hops of the long chain followed, want at most %d", n, maxRedirects)
	}
	if n := s.count("?page=5"); n != 2 {
		t.Errorf("redirect loop requested %d times, want 2", n)
	}
	if sum.Stored != 1 || s.count("KE0007") != 1 {
		t.Errorf("the good redirect was not followed: %+v", sum)
	}
	reasons := ""
	for _, f := range sum.Failures {
		reasons += f.Reason + "\n"
	}
	for _, want := range []string{"robots.txt disallows", "deny-list", "off-host", "redirect loop", "more than 5 redirects"} {
		if !strings.Contains(reasons, want) {
			t.Errorf("no failure says %q; failures:\n%s", want, reasons)
		}
	}
}

// TestCrawlRobotsRedirectedToOtherHost serves robots.txt through redirects
// to another host (RFC 9309 §2.3.1.2: follow at least five, across
// authorities): the crawl goes on, obeying the rules it was redirected to,
// and a chain longer than five stops the host as an unreachable robots.txt.
func TestCrawlRobotsRedirectedToOtherHost(t *testing.T) {
	const rules = "User-agent: *\nDisallow: /members/kenya/commitments/KE0002/\n"
	for _, tc := range []struct {
		name string
		hops int
	}{{"one hop", 1}, {"five hops", 5}, {"six hops", 6}} {
		t.Run(tc.name, func(t *testing.T) {
			other := newSite(t)
			s := newSite(t)
			// The chain alternates between the hosts and ends on other.
			sites := []*testSite{s, other}
			from, fromSite := "/robots.txt", s
			for i := 1; i <= tc.hops; i++ {
				toSite := sites[i%2]
				if i == tc.hops {
					toSite = other
				}
				to := "/hop" + strconv.Itoa(i) + ".txt"
				target := toSite.url(to)
				fromSite.handle(from, func(w http.ResponseWriter, r *http.Request) {
					http.Redirect(w, r, target, http.StatusMovedPermanently)
				})
				from, fromSite = to, toSite
			}
			other.text(from, rules)
			s.page("/members/kenya/", listHTML("commitments/KE0001/", "commitments/KE0002/"))
			s.page("/members/kenya/commitments/KE0001/", commitmentHTML("en", "KE0001", "One"))
			s.page("/members/kenya/commitments/KE0002/", commitmentHTML("en", "KE0002", "Two"))
			sum := crawl(t, testConfig(t, s.url("/members/kenya/")))

			if tc.hops > maxRedirects {
				if reason := sum.HostsStopped[s.srv.URL]; !strings.Contains(reason, "robots.txt") {
					t.Errorf("stop reason = %q, want robots.txt unreachable", reason)
				}
				if n := s.count("/members/"); n != 0 {
					t.Errorf("%d pages fetched without a robots.txt", n)
				}
				return
			}
			if len(sum.HostsStopped) != 0 {
				t.Fatalf("hosts stopped: %v", sum.HostsStopped)
			}
			if n := s.count("KE0002"); n != 0 {
				t.Errorf("page the redirected robots.txt disallows requested %d times", n)
			}
			if s.exact("/members/kenya/commitments/KE0001/") != 1 || sum.Stored != 1 || sum.SkippedRobots != 1 {
				t.Errorf("summary = %+v, want KE0001 stored and KE0002 skipped by robots", sum)
			}
			if n := other.count("/members/"); n != 0 {
				t.Errorf("the robots.txt host got %d page requests", n)
			}
			if n := s.count(".txt") + other.count(".txt"); n != tc.hops+1 {
				t.Errorf("%d robots requests, want %d (each hop once)", n, tc.hops+1)
			}
			for _, h := range append(s.allHits(), other.allHits()...) {
				if h.ua != testUA {
					t.Errorf("%s sent User-Agent %q", h.uri, h.ua)
				}
			}
		})
	}
}

// queryModel is the default site model in which the home page, with the
// query parameters s and lang, is a listing, so that links to it are
// followed.
func queryModel(t *testing.T) *sitemodel.Model {
	t.Helper()
	b, err := json.Marshal(sitemodel.Default())
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	raw["paths"].(map[string]any)["members"] = "^/(?:(?P<lang>[a-z]{2})/)?(?:our-members/?)?(?:page/(?P<page>[0-9]{1,4})/?)?$"
	raw["listing_query_params"] = []string{"page", "s", "lang"}
	b, err = json.Marshal(raw)
	if err != nil {
		t.Fatal(err)
	}
	m, err := sitemodel.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	if m.Classify(mustURL(t, "https://e.org/?s=x&lang=fr")).Kind == sitemodel.Unknown {
		t.Fatal("the test model does not follow /?s=x&lang=fr")
	}
	return m
}

// TestCrawlRobotsQueryAsFound links /?s=x&lang=fr and starts at
// /?s=y&lang=es under "Disallow: /?s=": robots.txt is checked on the query
// as found, so neither is requested, in either order of its parameters,
// while /?lang=fr (allowed) is.
func TestCrawlRobotsQueryAsFound(t *testing.T) {
	s := newSite(t)
	s.text("/robots.txt", "User-agent: *\nDisallow: /?s=\n")
	s.page("/our-members/", listHTML("/?s=x&lang=fr", "/?lang=fr", "/members/kenya/commitments/KE0001/"))
	for _, uri := range []string{"/?s=x&lang=fr", "/?lang=fr&s=x", "/?s=y&lang=es", "/?lang=es&s=y", "/?lang=fr"} {
		s.page(uri, listHTML())
	}
	s.page("/members/kenya/commitments/KE0001/", commitmentHTML("en", "KE0001", "One"))
	cfg := testConfig(t, s.url("/our-members/"), s.url("/?s=y&lang=es"))
	cfg.Model = queryModel(t)
	sum := crawl(t, cfg)
	if n := s.count("s=x") + s.count("s=y"); n != 0 {
		t.Errorf("a URL robots.txt disallows as found was requested %d times: %v", n, s.allHits())
	}
	if s.exact("/?lang=fr") != 1 || s.exact("/members/kenya/commitments/KE0001/") != 1 {
		t.Errorf("allowed pages not fetched: %v", s.allHits())
	}
	if sum.SkippedRobots != 2 {
		t.Errorf("skipped by robots = %d, want 2", sum.SkippedRobots)
	}
}
