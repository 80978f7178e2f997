package sample

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/ogpsearch/ogpsearch/internal"
)

// Scale returns the pages of n commitments made from the sample corpus,
// deterministically: commitment i copies the pages of a sample commitment
// (cycling through them) under a new ID, with its description's paragraphs
// drawn from other sample pages of the same language, so the text varies
// from one commitment to the next. Benchmarks use it to reach realistic
// corpus sizes.
func Scale(n int, seed uint64) ([]internal.Commitment, error) {
	recs, bad, err := internal.ReadCorpus(bytes.NewReader(Corpus()))
	if err != nil || len(bad) > 0 {
		return nil, fmt.Errorf("sample corpus: %v %v", err, bad)
	}
	byID := map[string][]internal.Commitment{}
	var ids []string
	paras := map[string][]string{}
	for _, r := range recs {
		if byID[r.ID] == nil {
			ids = append(ids, r.ID)
		}
		byID[r.ID] = append(byID[r.ID], r)
		paras[r.Lang] = append(paras[r.Lang], strings.Split(r.Description, "\n\n")...)
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	var out []internal.Commitment
	for i := range n {
		id := scaledID(i)
		for _, page := range byID[ids[i%len(ids)]] {
			p := page
			p.ID = id
			p.URL = strings.Replace(p.URL, page.ID, id, 1)
			p.Translations = nil
			pool := paras[p.Lang]
			k := 2 + rng.IntN(4)
			picked := make([]string, 0, k)
			for range k {
				picked = append(picked, pool[rng.IntN(len(pool))])
			}
			p.Description = strings.Join(picked, "\n\n")
			p.Related = nil
			p.ContentHash = fmt.Sprintf("%s-%d", page.ContentHash, i)
			out = append(out, p)
		}
	}
	return out, nil
}

// scaledID is the i-th ID of a scaled corpus: two letters and four digits
// (AA0000 … ZZ9999), enough for 6.76 million commitments.
func scaledID(i int) string {
	return fmt.Sprintf("%c%c%04d", 'A'+rune(i/10000/26%26), 'A'+rune(i/10000%26), i%10000)
}
