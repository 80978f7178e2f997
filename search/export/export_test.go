package export

import (
	"bytes"
	"encoding/csv"
	"slices"
	"testing"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

func TestCSVCellsAreNotFormulas(t *testing.T) {
	page := ogp.Commitment{
		ID: "KR0018", Lang: "en", Title: `=HYPERLINK("http://example.com","x")`,
		Description: "- a bullet", LeadInstitution: "@SUM(A1)", SupportInstitutions: "+1",
		ActionPlan: "Plan = 2019", IRMSummary: "\tTabbed",
	}
	hit := ogp.Hit{ID: "KR0018", Lang: "en", Languages: []string{"en"}}
	for _, c := range []struct {
		raw  bool
		want []string
	}{
		{false, []string{`'=HYPERLINK("http://example.com","x")`, "'- a bullet", "'@SUM(A1)", "'+1", "Plan = 2019", "'\tTabbed"}},
		{true, []string{`=HYPERLINK("http://example.com","x")`, "- a bullet", "@SUM(A1)", "+1", "Plan = 2019", "\tTabbed"}},
	} {
		var buf bytes.Buffer
		w := NewCSV(&buf, CSVOptions{Raw: c.raw})
		if err := w.Write(hit, []ogp.Commitment{page}); err != nil {
			t.Fatal(err)
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(&buf).ReadAll()
		if err != nil || len(rows) != 2 {
			t.Fatalf("raw %v: %d rows, %v", c.raw, len(rows), err)
		}
		cell := func(name string) string { return rows[1][slices.Index(rows[0], name)] }
		got := []string{cell("title"), cell("description"), cell("lead_institution"), cell("support_institutions"), cell("action_plan"), cell("irm_summary")}
		if !slices.Equal(got, c.want) {
			t.Errorf("raw %v: cells %q, want %q", c.raw, got, c.want)
		}
		if cell("id") != "KR0018" {
			t.Errorf("raw %v: id %q", c.raw, cell("id"))
		}
	}
}
