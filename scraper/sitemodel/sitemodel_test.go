package sitemodel

import (
	"net/url"
	"testing"
)

func TestClassify(t *testing.T) {
	m := Default()
	cases := []struct {
		raw  string
		want Page
	}{
		{"https://x.org/members/south-korea/commitments/KR0018/", Page{CommitmentPage, "en", "south-korea", "KR0018", 1}},
		{"https://x.org/fr/members/south-korea/commitments/kr0018", Page{CommitmentPage, "fr", "south-korea", "KR0018", 1}},
		{"https://x.org/ko/members/seoul-korea/commitments/SEO0001/", Page{CommitmentPage, "ko", "seoul-korea", "SEO0001", 1}},
		{"https://x.org/members/france/?page=3", Page{MemberPage, "en", "france", "", 3}},
		{"https://x.org/es/members/mexico/page/2/", Page{MemberPage, "es", "mexico", "", 2}},
		{"https://x.org/our-members/", Page{MembersPage, "en", "", "", 1}},
		{"https://x.org/?blackhole=abc", Page{}},
		{"https://x.org/fr/?blackhole=abc", Page{}},
		{"https://x.org/members/france/?BlackHole=1", Page{}},
		{"https://x.org/members/france/commitments/FR0001/?utm_source=x", Page{}},
		{"https://x.org/members/france/?page=0", Page{}},
		{"https://x.org/members/france/?sort=date", Page{}},
		{"https://x.org/wp-admin/", Page{}},
	}
	for _, c := range cases {
		u, err := url.Parse(c.raw)
		if err != nil {
			t.Fatal(err)
		}
		if got := m.Classify(u); got != c.want {
			t.Errorf("Classify(%s) = %+v, want %+v", c.raw, got, c.want)
		}
	}
}

func TestLabels(t *testing.T) {
	m := Default()
	for label, want := range map[string]string{
		"Institution (s) de soutien :": "support_institutions",
		"Support Institution(s)":       "support_institutions",
		"Plan d’action\u00a0:":         "action_plan",
		"STATUT":                       "status",
		"잠재적 영향":                       "potential_impact",
		"Áreas de política":            "policy_areas",
	} {
		if got, ok := m.Field(label); !ok || got != want {
			t.Errorf("Field(%q) = %q, %v; want %q", label, got, ok, want)
		}
	}
	if s, ok := m.Section("Résumé du statut de fin de session IRM"); !ok || s != "irm_summary" {
		t.Errorf("Section = %q %v", s, ok)
	}
	if p, ok := m.SummaryPhase("Fin du mandat"); !ok || p != "end_of_term" {
		t.Errorf("SummaryPhase = %q %v", p, ok)
	}
	if _, ok := m.Field("Ambition"); ok {
		t.Error("Ambition is not a known field")
	}
}

func TestParseRejectsBadModels(t *testing.T) {
	for _, data := range []string{`{`, `{"paths":{"commitment":"(","member":"x","members":"y"}}`, `{"paths":{"member":"x","members":"y"}}`} {
		if _, err := Parse([]byte(data)); err == nil {
			t.Errorf("Parse(%s) accepted a broken model", data)
		}
	}
}
