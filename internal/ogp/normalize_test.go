package ogp

import (
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestNormalizeText(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"full-width latin and digits", "ＯＧＰ ２０１９년", "OGP 2019년"},
		{"half-width hangul widens", "ﾡ", "ㄱ"},
		{"NFD hangul composes", norm.NFD.String("공공서비스"), "공공서비스"},
		{"NFD accents compose", "e\u0301laboration", "élaboration"},
		{"soft hyphen", "trans\u00adparence", "transparence"},
		{"zero width", "trans\u200bparence\u200d\ufeff", "transparence"},
		{"no-break spaces", "Statut\u00a0: actif\u202f; 정부\u3000개방", "Statut : actif ; 정부 개방"},
		{"apostrophes", "l’engagement l‘x lʼy l＇z", "l'engagement l'x l'y l'z"},
		{"keeps accents and case", "État œuvre", "État œuvre"},
		{"keeps line breaks", "a\n\nb", "a\n\nb"},
		{"drops controls", "a\x00b\x1bc", "abc"},
		{"keeps jamo", "ㄱㄱ", "ㄱㄱ"},
	}
	for _, c := range cases {
		if got := NormalizeText(c.in); got != c.want {
			t.Errorf("%s: NormalizeText(%q) = %q, want %q", c.name, c.in, got, c.want)
		}
	}
}

func TestFoldToken(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Élaboration", "elaboration"},
		{"état", "etat"},
		{"œuvre", "oeuvre"},
		{"ﬁnance", "finance"},
		{"ＯＧＰ", "ogp"},
		{"aujourd’hui", "aujourd'hui"},
		{"Straße", "strasse"},
		{"año", "ano"},
		{"공공서비스를", "공공서비스를"},
		{norm.NFD.String("서비스"), "서비스"},
		{"ㄱㄱ", "ㄱㄱ"},
		{"ㄱ공", "ㄱ공"},
	}
	for _, c := range cases {
		if got := FoldToken(c.in); got != c.want {
			t.Errorf("FoldToken(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func FuzzNormalizeText(f *testing.F) {
	for _, s := range []string{"ＯＧＰ２０１９년", "e\u0301", "trans\u00adparence", "공", "ㄱㄱ", "l’État œuvre", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		once := NormalizeText(s)
		if twice := NormalizeText(once); twice != once {
			t.Fatalf("not idempotent: %q → %q → %q", s, once, twice)
		}
		if utf8.ValidString(s) && !utf8.ValidString(once) {
			t.Fatalf("invalid UTF-8 from valid input %q", s)
		}
		folded := FoldToken(once)
		if again := FoldToken(folded); again != folded {
			t.Fatalf("FoldToken not idempotent: %q → %q → %q", once, folded, again)
		}
	})
}
