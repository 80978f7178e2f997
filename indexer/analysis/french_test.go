package analysis

import "testing"

func TestFrench(t *testing.T) {
	checkTerms(t, French, []termCase{
		// elision with both apostrophes, any case
		{"l'engagement", "engag"},
		{"l’engagement", "engag"},
		{"L’Engagement", "engag"},
		{"qu’il", ""},
		{"d'information", "inform"},
		{"jusqu'au lorsqu’une", ""},
		{"aujourd’hui", "aujourd'hui"},
		// stop words, including accented ones once folded
		{"à la fin de l'été", "fin"},
		// light stemming
		{"services service", "servic servic"},
		{"citoyens citoyen citoyennes", "citoyen citoyen citoyen"},
		// accents folded before stemming, in both directions
		{"État etat état ETAT", "etat etat etat etat"},
		{"élaboration elaboration", "elabo elabo"},
		{"accès acces", "acce acce"},
		{"œuvre oeuvre", "oeuvr oeuvr"},
		// inclusive writing and colons
		{"citoyen·ne·s", "citoyen"},
		{"Statut:terminé", "statut termin"},
		// a Korean title inside a French page is analysed as Korean,
		// and the stemmer never sees it
		{"공공서비스", "공공 서비스"},
		{"rapport 2019년", "raport 2019 년"},
	})
	sameTerms(t, French, "L'ÉLABORATION", "l’elaboration")
}

func TestFrenchQuery(t *testing.T) {
	checkTerms(t, FrenchQuery, []termCase{
		{"l’engagement des citoyens", "engag citoyen"},
		{"공공서비스를", "공공 서비스"},
		{"공공 서비스", "공공 서비스"},
	})
}

func TestFrenchElisionMovesStart(t *testing.T) {
	text := "Pour l’État"
	tokens := Analyze(French, text)
	if len(tokens) != 1 {
		t.Fatalf("tokens %v", tokens)
	}
	if got := text[tokens[0].Start:tokens[0].End]; got != "État" {
		t.Errorf("highlight covers %q, want État", got)
	}
}
