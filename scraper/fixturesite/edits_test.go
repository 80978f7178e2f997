package fixturesite

import (
	"net/http"
	"strings"
	"testing"

	"github.com/ogpsearch/ogpsearch/internal/sample"
)

// TestEdits: a changed commitment gets new validators on each page of its
// member, a new translation and a new commitment are served and listed, a
// withdrawn commitment answers 404 and is no longer listed.
func TestEdits(t *testing.T) {
	site := testSite(t)
	s := New(site, Options{})
	defer s.Close()
	page := s.URL() + commitmentPath("south-korea", "KR0018", "en")
	other := s.URL() + commitmentPath("south-korea", "KR0001", "en")
	etag := func(u string) string {
		resp, _ := get(t, u)
		return resp.Header.Get("ETag")
	}
	before, beforeOther := etag(page), etag(other)

	s.SetCommitment("KR0018", func(c *sample.Commitment) {
		c.Status = "active"
		es := c.Pages["en"]
		es.Title = "Servicios personalizados"
		c.Pages["es"] = es
	})
	if etag(page) == before || etag(other) == beforeOther {
		t.Error("the validators did not change")
	}
	if body := string(mustGet(t, page, 200)); !strings.Contains(body, "Active") {
		t.Error("the new status is not shown")
	}
	mustGet(t, s.URL()+commitmentPath("south-korea", "KR0018", "es"), 200)

	added, _ := site.Find("KR0018")
	added.ID = "KR0099"
	s.AddCommitment(added)
	mustGet(t, s.URL()+commitmentPath("south-korea", "KR0099", "en"), 200)
	s.RemoveCommitment("KR0001")
	mustGet(t, other, 404)
	listing := ""
	for p := 1; p <= 4; p++ {
		resp, body := get(t, s.URL()+memberPath("south-korea", "en", p))
		if resp.StatusCode == http.StatusOK {
			listing += string(body)
		}
	}
	if !strings.Contains(listing, "/KR0099/") || strings.Contains(listing, "/KR0001/") {
		t.Error("the member's listing does not follow the edits")
	}
}
