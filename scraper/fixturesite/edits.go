package fixturesite

import (
	"fmt"

	"github.com/ogpsearch/ogpsearch/internal/sample"
)

// The changes a site makes between two crawls beyond a page's text
// (SetPage): a commitment's terms (status, completion, policy areas), a
// new translation, a new or withdrawn commitment. Each bumps the ETag and
// Last-Modified of every page it changes: the pages of the commitment,
// and, when the member's list of commitments changes, the pages of the
// member's other commitments, whose "other commitments" lists change.

// SetCommitment changes commitment id: its terms, or its pages (adding
// one adds a translation). mutate gets a copy it may change freely; the ID
// and member stay. It panics when the commitment does not exist.
func (s *Server) SetCommitment(id string, mutate func(*sample.Commitment)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := s.indexOf(id)
	if i < 0 {
		panic(fmt.Sprintf("fixturesite: SetCommitment: no commitment %s", id))
	}
	c := copySite(&sample.Site{Commitments: s.site.Commitments[i : i+1]}).Commitments[0]
	mutate(&c)
	c.ID, c.Member = s.site.Commitments[i].ID, s.site.Commitments[i].Member
	s.site.Commitments[i] = c
	s.site.Sort()
	s.bumpLocked(c.Member)
}

// AddCommitment puts a new commitment on the site, listed on its member's
// pages. It panics when the ID is taken.
func (s *Server) AddCommitment(c sample.Commitment) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.indexOf(c.ID) >= 0 {
		panic(fmt.Sprintf("fixturesite: AddCommitment: %s exists", c.ID))
	}
	s.site.Commitments = append(s.site.Commitments, copySite(&sample.Site{Commitments: []sample.Commitment{c}}).Commitments[0])
	s.site.Sort()
	s.bumpLocked(c.Member)
}

// RemoveCommitment withdraws a commitment: no page lists it any more and
// its pages answer 404. It panics when the commitment does not exist.
func (s *Server) RemoveCommitment(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := s.indexOf(id)
	if i < 0 {
		panic(fmt.Sprintf("fixturesite: RemoveCommitment: no commitment %s", id))
	}
	member := s.site.Commitments[i].Member
	s.site.Commitments = append(s.site.Commitments[:i], s.site.Commitments[i+1:]...)
	s.bumpLocked(member)
}

// indexOf returns the position of commitment id, or -1. Called with s.mu
// held.
func (s *Server) indexOf(id string) int {
	for i, c := range s.site.Commitments {
		if c.ID == id {
			return i
		}
	}
	return -1
}

// bumpLocked gives every page of the member's commitments a new version.
// Called with s.mu held.
func (s *Server) bumpLocked(member string) {
	for _, c := range s.site.ByMember(member) {
		for lang := range c.Pages {
			s.versions[pageKey{c.ID, lang}]++
		}
	}
}
