package analysis

import "testing"

func TestEnglish(t *testing.T) {
	checkTerms(t, English, []termCase{
		{"the government's plan", "govern plan"},
		{"the government’s plan", "govern plan"},
		{"López Lopez LÓPEZ", "lopez lopez lopez"},
		{"services service", "servic servic"},
		{"Open Data portals", "open data portal"},
		{"and of the to", ""},
		{"공공서비스", "공공 서비스"},
		{"KR0018", "kr0018"},
	})
	checkTerms(t, EnglishQuery, []termCase{
		{"López's services", "lopez servic"},
		{"서비스를", "서비스"},
	})
}

func TestSpanish(t *testing.T) {
	checkTerms(t, Spanish, []termCase{
		{"participación participacion PARTICIPACIÓN", "participacion participacion participacion"},
		{"participaciones", "participacion"},
		{"año ano años", "ano ano ano"},
		{"datos dato", "dato dato"},
		{"información pública", "informacion public"},
		{"el de la que él más", ""},
		{"España", "espan"},
		{"공공데이터를", "공공 데이터"},
	})
	checkTerms(t, SpanishQuery, []termCase{
		{"participación ciudadana", "participacion ciudadan"},
		{"공공데이터를", "공공 데이터"},
	})
}
