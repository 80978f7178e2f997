package analysis

import (
	"os"
	"testing"

	_ "github.com/blevesearch/bleve/v2/analysis/lang/cjk" // stock cjk, for comparison
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// BenchmarkAnalyze runs each analyzer, and bleve's stock fr and cjk for
// comparison, on a ~4 KB French and a ~4 KB Korean commitment text,
// normalised as the indexer normalises it. The Korean analyzers keep the
// morphemes of the words they have seen; ogp_ko-cold forgets them before
// each run, the cost of a text whose words are all new.
func BenchmarkAnalyze(b *testing.B) {
	texts := []struct{ name, file string }{
		{"fr_text", "testdata/bench_fr.txt"},
		{"ko_text", "testdata/bench_ko.txt"},
	}
	analyzers := []string{French, FrenchQuery, English, Spanish, Korean, KoreanQuery, KoreanGrams, Folded, "fr", "cjk"}
	m := mapping.NewIndexMapping()
	for _, tx := range texts {
		raw, err := os.ReadFile(tx.file)
		if err != nil {
			b.Fatal(err)
		}
		text := []byte(ogp.NormalizeText(string(raw)))
		for _, name := range analyzers {
			a := m.AnalyzerNamed(name)
			if a == nil {
				b.Fatalf("no analyzer %s", name)
			}
			a.Analyze(text) // loads the Korean dictionary, if it is the first
			b.Run(tx.name+"/"+name, func(b *testing.B) {
				b.SetBytes(int64(len(text)))
				b.ReportAllocs()
				for b.Loop() {
					a.Analyze(text)
				}
			})
		}
		b.Run(tx.name+"/"+Korean+"-cold", func(b *testing.B) {
			a := m.AnalyzerNamed(Korean)
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				korean.cache = morphCache{}
				a.Analyze(text)
			}
		})
	}
}

// BenchmarkAnalyzeHelper measures Analyze on one query word, as the search
// layer calls it per word and language: it builds an index mapping and an
// analyzer each time, so these must stay cheap.
func BenchmarkAnalyzeHelper(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		Analyze(FrenchQuery, "citoyens")
	}
}
