package scraper

import (
	"reflect"
	"testing"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

func term(label, key string) ogp.Term { return ogp.Term{Label: label, Key: key} }

func TestAdoptCanonicalKeys(t *testing.T) {
	en := ogp.Commitment{
		ID: "KR0018", Lang: "en",
		PolicyAreas:     []ogp.Term{term("Public Participation", "public-participation"), term("E-Government", "e-government")},
		RelevantValues:  []ogp.Term{term("Civic Participation", "civic-participation")},
		Status:          term("Inactive", "inactive"),
		Starred:         term("No", "no"),
		Verifiable:      term("Yes", "yes"),
		EarlyResults:    term("Marginal", "marginal"),
		PotentialImpact: term("Moderate", "moderate"),
		Completion:      term("Substantial", "substantial"),
		Related:         []ogp.Related{{ID: "KR0008", PolicyArea: term("Open Data", "open-data")}},
	}
	fr := ogp.Commitment{
		ID: "KR0018", Lang: "fr",
		// Machine translation: a variant the vocabulary does not know.
		PolicyAreas:     []ogp.Term{term("Participation du publique", "participation-du-publique"), term("Gouvernement électronique", "e-government")},
		RelevantValues:  []ogp.Term{term("Participation civique", "participation-civique")},
		Status:          term("inactif", "inactif"),
		Starred:         term("", ""), // left blank on this page: stays blank
		Verifiable:      term("oui", "oui"),
		EarlyResults:    term("Marginale", "marginale"),
		PotentialImpact: term("Modéré", "modere"),
		Completion:      term("Substantiel", "substantiel"),
		Related: []ogp.Related{
			{ID: "KR0008", PolicyArea: term("Données ouvertes", "donnees-ouvertes")},
			{ID: "KR0009", PolicyArea: term("Santé", "sante")},
		},
	}
	ko := ogp.Commitment{ID: "KR0018", Lang: "ko",
		PolicyAreas: []ogp.Term{term("공공 참여", "공공-참여")}, // counts differ: no pairing
	}
	orphan := ogp.Commitment{ID: "FR0031", Lang: "fr", Status: term("actif", "actif")}
	in := []ogp.Commitment{en, fr, ko, orphan}
	frCopy := fr
	frCopy.PolicyAreas = append([]ogp.Term(nil), fr.PolicyAreas...)

	out := AdoptCanonicalKeys(in, "en")

	got := out[1]
	want := fr
	want.PolicyAreas = []ogp.Term{term("Participation du publique", "public-participation"), term("Gouvernement électronique", "e-government")}
	want.RelevantValues = []ogp.Term{term("Participation civique", "civic-participation")}
	want.Status = term("inactif", "inactive")
	want.Verifiable = term("oui", "yes")
	want.EarlyResults = term("Marginale", "marginal")
	want.PotentialImpact = term("Modéré", "moderate")
	want.Completion = term("Substantiel", "substantial")
	want.Related = []ogp.Related{
		{ID: "KR0008", PolicyArea: term("Données ouvertes", "open-data")},
		{ID: "KR0009", PolicyArea: term("Santé", "sante")},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("French record:\n got %+v\nwant %+v", got, want)
	}
	if !reflect.DeepEqual(out[0], en) || !reflect.DeepEqual(out[2], ko) || !reflect.DeepEqual(out[3], orphan) {
		t.Error("records without a pairing changed")
	}
	if !reflect.DeepEqual(in[1].PolicyAreas, frCopy.PolicyAreas) {
		t.Error("the input was modified")
	}
	// Idempotent: a corpus written once and reloaded gets the same keys.
	if again := AdoptCanonicalKeys(out, "en"); !reflect.DeepEqual(again, out) {
		t.Error("not idempotent")
	}
}
