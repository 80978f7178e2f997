package extract

import (
	"bytes"
	"encoding/json"
	"testing"
	"unicode/utf8"

	"github.com/ogpsearch/ogpsearch/scraper/sitemodel"
)

// FuzzExtract feeds arbitrary pages and addresses to the extractor: it must
// never panic, and whatever it returns must be a record with an ID whose
// text is valid UTF-8 when the page was.
func FuzzExtract(f *testing.F) {
	f.Add([]byte(`<html lang="fr"><main><h1>Titre (FR0001)</h1><dl><dt>Statut :</dt><dd>actif</dd></dl></main></html>`), "https://example.org/fr/members/france/commitments/FR0001/")
	f.Add([]byte(`<main><h1>x (KR0001)</h1><p><strong>Policy Areas:</strong> Open Data, , Aid</p><h2>Commitments</h2><ol><li><a href="/x">t</a><p>KR0002, , </p></li></ol></main>`), "")
	f.Add([]byte(`<table><tr><th>Status</th></tr><tr><td>Status</td><td><ul><li>Active</li></ul></td></tr></table><h1>(AB1234)</h1>`), "%zz")
	f.Add([]byte("<h1>\xff\xfe (KR0018)</h1><h2>Description</h2><h2>Description</h2>"), "http://[::1]/members/")
	model := sitemodel.Default()
	f.Fuzz(func(t *testing.T, page []byte, pageURL string) {
		rec, err := Extract(bytes.NewReader(page), pageURL, model)
		if err != nil {
			return
		}
		if rec.ID == "" || rec.Title == "" {
			t.Fatalf("record without ID or title: %+v", rec)
		}
		if utf8.Valid(page) && !utf8.ValidString(rec.Description+rec.IRMSummary+rec.Title) {
			t.Fatalf("invalid UTF-8 out of a valid page")
		}
		if _, err := json.Marshal(rec); err != nil {
			t.Fatal(err)
		}
	})
}
