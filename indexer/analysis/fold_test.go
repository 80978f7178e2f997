package analysis

import (
	"testing"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

func TestFoldFilter(t *testing.T) {
	cases := []struct{ in, want string }{
		{"élaboration Élaboration elaboration", "elaboration elaboration elaboration"},
		{"œuvre Œuvre oeuvre", "oeuvre oeuvre oeuvre"},
		{"ＯＧＰ OGP ogp", "ogp ogp ogp"},
		{"aujourd’hui aujourd'hui aujourdʼhui", "aujourd'hui aujourd'hui aujourd'hui"},
		{"López Straße ﬁnance", "lopez strasse finance"},
		{"공공서비스 ㄱㄱ", "공공서비스 ㄱㄱ"},
		{"OGP가 2019년", "ogp 가 2019 년"},
		{"x\u0301y", "xy"},
	}
	tok := NewTokenizer()
	fold := NewFoldFilter()
	for _, c := range cases {
		stream := fold.Filter(tok.Tokenize([]byte(c.in)))
		got := ""
		for i, tk := range stream {
			if i > 0 {
				got += " "
			}
			got += string(tk.Term)
		}
		if got != c.want {
			t.Errorf("fold %q = %q, want %q", c.in, got, c.want)
		}
	}
}

// checkFold fails when the FoldFilter's shortcuts disagree with
// ogp.FoldToken on s.
func checkFold(t testing.TB, f *FoldFilter, s string) {
	var buf []byte
	got, same := f.fold(&buf, []byte(s))
	if same {
		got = []byte(s)
	}
	if want := ogp.FoldToken(s); string(got) != want {
		t.Errorf("fold(%q) = %q, FoldToken gives %q", s, got, want)
	}
}

func TestFoldMatchesFoldToken(t *testing.T) {
	f := NewFoldFilter()
	for _, s := range []string{"", "abc", "ABC", "a`b", "공공", "OGP가", "Ａ", "é", "ㄱ", "\xff",
		"정부ㆍ", "AbC가나", "Élaboration", "ÉTAT", "Œuvre", "Straße", "e\u0301", "é\u0301",
		"ǖ", "½", "µ", "ø", "Łódź", "´", "ﬁ", "Ǆ", "ĳ"} {
		checkFold(t, f, s)
	}
	for r := rune(0x80); r < 0x300; r++ {
		checkFold(t, f, string(r))
		checkFold(t, f, "a"+string(r)+"B")
		checkFold(t, f, string(r)+"\u0301")
	}
}

func TestFoldDoesNotAllocate(t *testing.T) {
	f := NewFoldFilter()
	terms := [][]byte{[]byte("transparence"), []byte("공공서비스를"), []byte("OGP"), []byte("Élaboration"), []byte("œuvre")}
	var buf []byte
	allocs := testing.AllocsPerRun(100, func() {
		buf = buf[:0]
		for _, term := range terms {
			f.fold(&buf, term)
		}
	})
	if allocs > 0 {
		t.Errorf("fold allocated %.0f times", allocs)
	}
}
