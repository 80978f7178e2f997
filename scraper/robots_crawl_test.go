package scraper

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
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
