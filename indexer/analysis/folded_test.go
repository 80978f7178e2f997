package analysis

import "testing"

func TestFolded(t *testing.T) {
	checkTerms(t, Folded, []termCase{
		// no stemming, no stop words, no bigrams
		{"Les Services de l'État", "les services de l'etat"},
		{"공공서비스를 정부ㆍ시민사회", "공공서비스를 정부 시민사회"},
		{"2019년 OGP가", "2019 년 ogp 가"},
		// IDs: the joined token, and on the index side its parts too
		{"KR0018", "kr0018 kr 0018"},
		{"kr0018", "kr0018 kr 0018"},
		{"KR 0018", "kr0018 kr 0018"},
		{"KR-0018", "kr0018 kr 0018"},
		{"ＫＲ００１８", "kr0018 kr 0018"},
		{"ＫＲ ００１８", "kr0018 kr 0018"},
		{"in 2019", "in2019 in 2019"},
		// not IDs
		{"KR  0018", "kr 0018"},
		{"ABCDE 0018", "abcde 0018"},
		{"KR 018", "kr 018"},
		{"KR 00180", "kr 00180"},
		{"K 0018", "k 0018"},
	})
}

func TestFoldedQuery(t *testing.T) {
	checkTerms(t, FoldedQuery, []termCase{
		{"kr0018", "kr0018"},
		{"KR0018", "kr0018"},
		{"KR 0018", "kr0018"},
		{"kr 0018", "kr0018"},
		{"KR0019", "kr0019"},
		{"KR 0018 open data", "kr0018 open data"},
		{"공공서비스를", "공공서비스를"},
	})
}

// An ID takes one position on both sides, so phrases around it line up.
func TestFoldedIDPositions(t *testing.T) {
	for _, text := range []string{"KR 0018 plan", "KR0018 plan"} {
		for _, name := range []string{Folded, FoldedQuery} {
			for _, tk := range Analyze(name, text) {
				want := 1
				if tk.Term == "plan" {
					want = 2
				}
				if tk.Position != want {
					t.Errorf("%s(%q): %s at %d, want %d", name, text, tk.Term, tk.Position, want)
				}
			}
		}
	}
}
