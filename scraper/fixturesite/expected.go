package fixturesite

// PageRef names a commitment page a correct crawl must store.
type PageRef struct {
	ID   string // commitment ID, upper case
	Lang string // page language: en, fr, es, ko
	URL  string // absolute canonical URL (upper-case ID, trailing slash)
}

// ExpectedPages returns every commitment page of the sample, in every
// language it has, in site order (English first within a commitment). The
// hostile pages are included: a correct crawler stores them too. The
// disallowed CA0099 and the kenya redirect/oversized URLs are not.
func (s *Server) ExpectedPages() []PageRef {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []PageRef
	for _, c := range s.site.Commitments {
		for _, l := range c.Languages() {
			out = append(out, PageRef{ID: c.ID, Lang: l, URL: s.base + commitmentPath(c.Member, c.ID, l)})
		}
	}
	return out
}

// StartURLs returns where a crawl starts: the English member index.
func (s *Server) StartURLs() []string {
	return []string{s.base + "/our-members/"}
}
