package extract

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
	"github.com/ogpsearch/ogpsearch/scraper/sitemodel"
)

// fixtureDir holds the real KR0018 page and its published text, kept in the
// repository (see testdata/kr0018/README.md).
var fixtureDir = filepath.Join("..", "..", "testdata", "kr0018")

const kr0018FR = "https://www.opengovpartnership.org/fr/members/south-korea/commitments/KR0018/"

func extractKR0018(t testing.TB) ogp.Commitment {
	t.Helper()
	f, err := os.Open(filepath.Join(fixtureDir, "KR0018.fr.html"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rec, err := Extract(f, kr0018FR, sitemodel.Default())
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

// seedText is the published text of the fixture page.
func seedText(t *testing.T) string {
	data, err := os.ReadFile(filepath.Join(fixtureDir, "KR0018.seed.txt"))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// between returns the seed text between two lines, paragraphs normalised to
// one blank line between them.
func between(t *testing.T, seed, from, to string) string {
	t.Helper()
	i := strings.Index(seed, "\n"+from+"\n")
	j := strings.Index(seed, "\n"+to+"\n")
	if i < 0 || j < i {
		t.Fatalf("seed has no section %q … %q", from, to)
	}
	return normParas(seed[i+len(from)+2 : j])
}

var blankRuns = regexp.MustCompile(`\s*\n\s*`)

func normParas(s string) string { return blankRuns.ReplaceAllString(strings.TrimSpace(s), "\n\n") }

func TestGoldenKR0018(t *testing.T) {
	rec := extractKR0018(t)
	seed := seedText(t)
	term := func(label, key string) ogp.Term { return ogp.Term{Label: label, Key: key} }
	str := []struct{ name, got, want string }{
		{"id", rec.ID, "KR0018"},
		{"lang", rec.Lang, "fr"},
		{"url", rec.URL, kr0018FR},
		{"title", rec.Title, "Fournir des services personnalisés"},
		{"member", rec.Member, "south-korea"},
		{"action_plan", rec.ActionPlan, "Deuxième plan d'action de la Corée du Sud pour 2014-2016"},
		{"lead_institution", rec.LeadInstitution, "NA"},
		{"support_institutions", rec.SupportInstitutions, "NA"},
		{"irm_report", rec.IRMReport, "Corée du Sud Rapport de fin de session 2014-2016, Rapport de suivi sur la Corée du Sud 2014-2015 (Coréen) - Version des commentaires publics"},
		{"description", rec.Description, between(t, seed, "Description", "Résumé du statut de fin de session IRM")},
		{"irm_summary", rec.IRMSummary, between(t, seed, "Résumé du statut de fin de session IRM", "Engagements")},
	}
	for _, c := range str {
		if c.got != c.want {
			t.Errorf("%s =\n%q\nwant\n%q", c.name, c.got, c.want)
		}
	}
	if rec.Year != 2014 {
		t.Errorf("year = %d, want 2014", rec.Year)
	}
	terms := []struct {
		name      string
		got, want ogp.Term
	}{
		{"status", rec.Status, term("inactif", "inactive")},
		{"starred", rec.Starred, term("non", "no")},
		{"early_results", rec.EarlyResults, term("n'a pas changé", "did-not-change")},
		{"verifiable", rec.Verifiable, term("non", "no")},
		{"potential_impact", rec.PotentialImpact, ogp.Term{}},
		{"completion", rec.Completion, ogp.Term{}},
		{"completion_mid_term", rec.CompletionMidTerm, term("limité", "limited")},
		{"completion_end_of_term", rec.CompletionEndOfTerm, term("substantiel", "substantial")},
	}
	for _, c := range terms {
		if c.got != c.want {
			t.Errorf("%s = %+v, want %+v", c.name, c.got, c.want)
		}
	}
	wantAreas := []ogp.Term{
		term("Communautés marginalisées", "marginalized-communities"),
		term("Participation du public", "public-participation"),
		term("Prestation de services publics", "public-service-delivery"),
	}
	if !equalTerms(rec.PolicyAreas, wantAreas) {
		t.Errorf("policy_areas = %+v, want %+v", rec.PolicyAreas, wantAreas)
	}
	if want := []ogp.Term{term("la participation citoyenne", "civic-participation")}; !equalTerms(rec.RelevantValues, want) {
		t.Errorf("relevant_values = %+v, want %+v", rec.RelevantValues, want)
	}
	if len(rec.OtherFields) != 0 {
		t.Errorf("other_fields = %v, want none", rec.OtherFields)
	}
	wantTr := map[string]string{}
	for _, l := range []string{"en", "fr", "es", "ko"} {
		prefix := "/" + l
		if l == "en" {
			prefix = ""
		}
		wantTr[l] = "https://www.opengovpartnership.org" + prefix + "/members/south-korea/commitments/KR0018/"
	}
	for l, u := range wantTr {
		if rec.Translations[l] != u {
			t.Errorf("translations[%s] = %q, want %q", l, rec.Translations[l], u)
		}
	}
	if len(rec.Translations) != len(wantTr) {
		t.Errorf("translations = %v", rec.Translations)
	}
	checkRelated(t, rec.Related, seed)
	for _, banned := range []string{"NE PAS suivre", "Ignorer la navigation", "Usine de Corée", "Politique de confidentialité"} {
		if strings.Contains(rec.Description+rec.IRMSummary, banned) {
			t.Errorf("text holds page furniture %q", banned)
		}
	}
	if rec.ContentHash == "" || rec.ContentHash != ContentHash(rec) {
		t.Errorf("content_hash %q is not the hash of the record", rec.ContentHash)
	}
}

// seedItem reads "  29. Fournir des services personnalisés\n\n    KR0018, 2014, Communautés marginalisées".
var seedItem = regexp.MustCompile(`(?m)^ +(\d+)\. (.+)\n\n +([A-Z]{2}\d{4}), (\d{4}),[ ]?(.*)$`)

func checkRelated(t *testing.T, got []ogp.Related, seed string) {
	t.Helper()
	items := seedItem.FindAllStringSubmatch(seed, -1)
	if len(items) != 48 {
		t.Fatalf("seed lists %d related commitments, want 48", len(items))
	}
	if len(got) != len(items) {
		t.Fatalf("related has %d entries, want %d", len(got), len(items))
	}
	for i, it := range items {
		year, _ := strconv.Atoi(it[4])
		want := ogp.Related{ID: it[3], Title: it[2], Year: year, PolicyArea: ogp.Vocab(ogp.VocabPolicyArea).Term(it[5])}
		if got[i] != want {
			t.Errorf("related[%d] = %+v, want %+v", i, got[i], want)
		}
	}
	if got[39].ID != "KR0008" || !got[39].PolicyArea.IsZero() {
		t.Errorf("KR0008 must keep an empty policy area: %+v", got[39])
	}
	for _, r := range got {
		if r.PolicyArea.Label != "" && !ogp.Vocab(ogp.VocabPolicyArea).Known(r.PolicyArea.Key) {
			t.Errorf("related %s: policy area %q has no canonical key", r.ID, r.PolicyArea.Label)
		}
	}
}

func equalTerms(a, b []ogp.Term) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
