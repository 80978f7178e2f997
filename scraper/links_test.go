package scraper

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

const linksPage = `<!doctype html><html lang="fr"><head>
<base href="/fr/members/kenya/">
<link rel="alternate" hreflang="en" href="https://ogp.example/members/kenya/">
<link rel="alternate" hreflang="es" href="/es/members/kenya/">
<link rel="stylesheet" href="/style.css">
<style>
  /* trap links */
  .sr-trap, .other { display : none }
  #gone{visibility:hidden}
  @media screen { a.lurk { display: none !important; } }
  .shown { display: block }
</style>
</head><body>
<a href="#main">Aller au contenu</a>
<a href="commitments/KE0001/">visible relative to base</a>
<a href="/members/kenya/commitments/KE0002/?utm_source=x#frag">visible with tracking</a>
<a href="commitments/KE0003/" class="shown">visible class</a>
<a rel="nofollow" href="/no/1">nofollow</a>
<a rel="external NoFollow" href="/no/2">nofollow among others</a>
<a style="display:none" href="/no/3">inline display none</a>
<a style="color:red; visibility: hidden" href="/no/4">inline visibility hidden</a>
<a hidden href="/no/5">hidden attribute</a>
<a aria-hidden="true" href="/no/6">aria-hidden</a>
<div style="display: none"><p><a href="/no/7">hidden ancestor</a></p></div>
<span class="x sr-trap"><a href="/no/8">class hidden by style block</a></span>
<a id="gone" href="/no/9">id hidden by style block</a>
<a class="lurk" href="/no/10">hidden in a media block</a>
<noscript><a href="/no/11">noscript</a></noscript>
<template><a href="/no/12">template</a></template>
<a href="mailto:info@example.org">mail</a>
<a href="tel:+254000">phone</a>
<a href="javascript:void(0)">js</a>
<a href="data:text/html,hi">data</a>
<a href="/fr/?blackhole=5f3a9c" rel="nofollow" style="display:none" title="NE PAS suivre ce lien ou vous serez interdit sur le site!">Kenya</a>
</body></html>`

func TestPageLinksFilters(t *testing.T) {
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(linksPage))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	links, _ := pageLinks(doc, mustURL(t, "https://ogp.example/fr/members/kenya/page/2/"), maxLinksPerPage)
	for _, u := range links {
		got = append(got, u.String())
	}
	want := []string{
		"https://ogp.example/fr/members/kenya/commitments/KE0001/",
		"https://ogp.example/members/kenya/commitments/KE0002/",
		"https://ogp.example/fr/members/kenya/commitments/KE0003/",
		"https://ogp.example/members/kenya/",
		"https://ogp.example/es/members/kenya/",
	}
	if !slices.Equal(got, want) {
		t.Errorf("links:\n got %q\nwant %q", got, want)
	}
}

func TestHidingDecls(t *testing.T) {
	for decls, want := range map[string]bool{
		"display:none":                true,
		"DISPLAY : NONE !important":   true,
		"color:red;visibility:hidden": true,
		"visibility: collapse":        true,
		"display:block":               false,
		"content-visibility:hidden":   false,
		"color: red; display: inline": false,
		"font-family: 'display:none'": false,
	} {
		if got := hidingDecls(decls); got != want {
			t.Errorf("hidingDecls(%q) = %v, want %v", decls, got, want)
		}
	}
}

// TestCrawlNeverHitsTrap crawls a site without a robots.txt (404) whose
// pages carry the Blackhole trap in every form: hidden, nofollow, under a
// language prefix, hidden by a class, and once even visible and followable.
// The trap gets zero hits.
func TestCrawlNeverHitsTrap(t *testing.T) {
	s := newSite(t)
	trapPage := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Connection", "close")
		w.WriteHeader(http.StatusForbidden)
		w.Write([]byte("<h1>You have been banned from this site.</h1>"))
	}
	s.handle("/?blackhole=1a2b3c", trapPage)
	s.handle("/fr/?blackhole=77", trapPage)
	s.handle("/members/kenya/commitments/KE0001/?blackhole=1", trapPage)
	s.page("/members/kenya/", listHTML("commitments/KE0001/", "/fr/members/kenya/commitments/KE0001/")+
		`<a href="/fr/?blackhole=77">visible trap</a>
<style>.hp{display:none}</style><span class="hp"><a href="/members/kenya/commitments/KE0009/">hidden by class</a></span>
<a href="/members/kenya/commitments/KE0001/?blackhole=1">trap with a known shape</a>`)
	s.page("/members/kenya/commitments/KE0001/", commitmentHTML("en", "KE0001", "Open data"))
	s.page("/fr/members/kenya/commitments/KE0001/", commitmentHTML("fr", "KE0001", "Données ouvertes",
		`<a rel="nofollow" href="/fr/?blackhole=1a2b3c" style="display:none">NE PAS suivre ce lien ou vous serez interdit sur le site!</a>`))
	sum := crawl(t, testConfig(t, s.url("/members/kenya/")))
	if n := s.count("blackhole"); n != 0 {
		t.Fatalf("the trap was requested %d times", n)
	}
	if n := s.count("KE0009"); n != 0 {
		t.Errorf("a link hidden by a style-block class was followed")
	}
	if sum.Stored != 2 || len(sum.HostsStopped) != 0 {
		t.Errorf("summary = %+v", sum)
	}
	if sum.SkippedDenied < 2 {
		t.Errorf("SkippedDenied = %d, want the visible trap links counted", sum.SkippedDenied)
	}
}
