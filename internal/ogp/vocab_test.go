package ogp

import "testing"

func TestBuiltinVocabulariesParse(t *testing.T) {
	all, err := ParseVocabularies(vocabJSON)
	if err != nil {
		t.Fatal(err)
	}
	for name, v := range all {
		for _, e := range v.Entries {
			en := e.Labels["en"]
			if len(en) == 0 {
				t.Errorf("%s/%s has no English label", name, e.Key)
				continue
			}
			for _, lang := range Languages() {
				if len(e.Labels[lang]) == 0 {
					t.Errorf("%s/%s has no %s label", name, e.Key, lang)
				}
			}
			if name == VocabMember || name == VocabChangeKind || name == VocabChangedField {
				continue // the site's URL slugs; the names the history records
			}
			slugged := false
			for _, l := range en {
				slugged = slugged || Slug(l) == e.Key
			}
			if !slugged {
				t.Errorf("%s: key %s is the slug of none of its English labels %q", name, e.Key, en)
			}
		}
	}
}

func TestTermLookup(t *testing.T) {
	cases := []struct {
		vocab, label string
		want         Term
	}{
		{VocabPolicyArea, "Participation publique", Term{"Participation publique", "public-participation"}},
		{VocabPolicyArea, "Participation du public", Term{"Participation du public", "public-participation"}},
		{VocabPolicyArea, "Public Participation", Term{"Public Participation", "public-participation"}},
		{VocabPolicyArea, "participation  DU\u00a0public", Term{"participation DU public", "public-participation"}},
		{VocabPolicyArea, "Acces a l’information", Term{"Acces a l’information", "access-to-information"}},
		{VocabPolicyArea, "secteur privé", Term{"secteur privé", "private-sector"}},
		{VocabPolicyArea, "공공참여", Term{"공공참여", "public-participation"}},
		{VocabPolicyArea, "Quantum Budgeting", Term{"Quantum Budgeting", "quantum-budgeting"}},
		{VocabPolicyArea, "", Term{}},
		{VocabStatus, "inactif", Term{"inactif", "inactive"}},
		{VocabStatus, "비활성", Term{"비활성", "inactive"}},
		{VocabYesNo, "non", Term{"non", "no"}},
		{VocabYesNo, "sí", Term{"sí", "yes"}},
		{VocabYesNo, "아니요", Term{"아니요", "no"}},
		{VocabEarlyResults, "n'a pas changé", Term{"n'a pas changé", "did-not-change"}},
		{VocabEarlyResults, "n’a pas changé", Term{"n’a pas changé", "did-not-change"}},
		{VocabOGPValue, "la participation citoyenne", Term{"la participation citoyenne", "civic-participation"}},
		{VocabCompletion, "Achevée", Term{"Achevée", "complete"}},
		{VocabCompletion, "substantiel", Term{"substantiel", "substantial"}},
	}
	for _, c := range cases {
		if got := Vocab(c.vocab).Term(c.label); got != c.want {
			t.Errorf("%s.Term(%q) = %+v, want %+v", c.vocab, c.label, got, c.want)
		}
	}
}

func TestVocabularyRejectsAmbiguousLabels(t *testing.T) {
	_, err := NewVocabulary("x", []Entry{
		{Key: "a", Labels: map[string][]string{"fr": {"Éducation"}}},
		{Key: "b", Labels: map[string][]string{"en": {"Education"}}},
	})
	if err == nil {
		t.Fatal("want an error for a label shared by two keys")
	}
}

func TestLabel(t *testing.T) {
	v := Vocab(VocabPolicyArea)
	if got := v.Label("public-participation", "fr"); got != "Participation du public" {
		t.Errorf("fr label = %q", got)
	}
	if got := v.Label("public-participation", "de"); got != "Public Participation" {
		t.Errorf("fallback label = %q", got)
	}
	if got := v.Label("no-such-key", "fr"); got != "no-such-key" {
		t.Errorf("unknown key label = %q", got)
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"Access to Information":      "access-to-information",
		"E-Government":               "e-government",
		"Infrastructure & Transport": "infrastructure-transport",
		"  Œuvre d'État ":            "oeuvre-detat",
		"정보 접근":                      "정보-접근",
	} {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}
