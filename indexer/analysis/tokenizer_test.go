package analysis

import (
	"fmt"
	"strings"
	"testing"

	banalysis "github.com/blevesearch/bleve/v2/analysis"
)

// describe renders tokens as term[start:end] with h for TypeHangul and s for
// TypeHangulSpaced, n for Numeric, positions checked separately.
func describe(stream banalysis.TokenStream) string {
	parts := make([]string, len(stream))
	for i, t := range stream {
		mark := ""
		switch t.Type {
		case TypeHangul:
			mark = "/h"
		case TypeHangulSpaced:
			mark = "/s"
		case banalysis.Numeric:
			mark = "/n"
		}
		parts[i] = fmt.Sprintf("%s[%d:%d]%s", t.Term, t.Start, t.End, mark)
	}
	return strings.Join(parts, " ")
}

func TestTokenizer(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"year glued to Hangul", "2019년", "2019[0:4]/n 년[4:7]/h"},
		{"ordinal", "제5차", "제[0:3]/h 5[3:4]/n 차[4:7]/h"},
		{"acronym and particle", "OGP가", "OGP[0:3] 가[3:6]/h"},
		{"Hangul enumeration dot", "정부ㆍ시민사회", "정부[0:6]/h 시민사회[9:21]/h"},
		{"middle dot between Hangul", "정부·시민사회", "정부[0:6]/h 시민사회[8:20]/h"},
		{"katakana middle dot", "정부・시민사회", "정부[0:6]/h 시민사회[9:21]/h"},
		{"hyphenation point", "정부‧시민사회", "정부[0:6]/h 시민사회[9:21]/h"},
		{"inclusive writing", "citoyen·ne·s", "citoyen[0:7] ne[9:11] s[13:14]"},
		{"colon", "Statut:terminé", "Statut[0:6] terminé[7:15]"},
		{"spaced Hangul words", "공공 서비스를", "공공[0:6]/h 서비스를[7:19]/s"},
		{"line break is white space", "공공\n서비스", "공공[0:6]/h 서비스[7:16]/s"},
		{"punctuation is not", "공공, 서비스", "공공[0:6]/h 서비스[8:17]/h"},
		{"Latin word between", "공공 OGP 서비스", "공공[0:6]/h OGP[7:10] 서비스[11:20]/h"},
		{"apostrophe inside a split", "l'OGP가", "l'OGP[0:5] 가[5:8]/h"},
		{"apostrophe at the cut is trimmed", "공공'OGP", "공공[0:6]/h OGP[7:10]"},
		{"full-width digits recovered", "２０１９년", "２０１９[0:12] 년[12:15]/h"},
		{"full-width ID stays whole", "ＫＲ００１８", "ＫＲ００１８[0:18]"},
		{"after invalid UTF-8", "a\xff\xfeb", "a[0:1] b[3:4]"},
		{"lone dots vanish", "・ ㆍ ·", ""},
		{"accented Latin", "Élaboration œuvre", "Élaboration[0:12] œuvre[13:19]"},
		{"ideographs stay apart", "中国", "中[0:3] 国[3:6]"},
		{"Hangul next to ideograph", "한국中", "한국[0:6]/h 中[6:9]"},
	}
	tok := NewTokenizer()
	for _, c := range cases {
		got := tok.Tokenize([]byte(c.in))
		if d := describe(got); d != c.want {
			t.Errorf("%s: Tokenize(%q) = %s, want %s", c.name, c.in, d, c.want)
		}
		for i, tk := range got {
			if tk.Position != i+1 {
				t.Errorf("%s: token %d has position %d", c.name, i, tk.Position)
			}
			if string(tk.Term) != c.in[tk.Start:tk.End] {
				t.Errorf("%s: term %q is not text[%d:%d] = %q", c.name, tk.Term, tk.Start, tk.End, c.in[tk.Start:tk.End])
			}
		}
	}
}

func TestTokenizerDoesNotWriteToInput(t *testing.T) {
	in := []byte("ＫＲ００１８ 2019년 citoyen·ne·s")
	orig := string(in)
	for _, name := range []string{French, Korean, Folded, FoldedQuery} {
		a := Analyze(name, string(in))
		if len(a) == 0 {
			t.Fatalf("%s: no tokens", name)
		}
	}
	stream := NewTokenizer().Tokenize(in)
	NewFoldFilter().Filter(stream)
	if string(in) != orig {
		t.Errorf("input changed to %q", in)
	}
}
