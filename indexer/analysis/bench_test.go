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
// normalised as the indexer normalises it.
func BenchmarkAnalyze(b *testing.B) {
	texts := []struct{ name, file string }{
		{"fr_text", "testdata/bench_fr.txt"},
		{"ko_text", "testdata/bench_ko.txt"},
	}
	analyzers := []string{French, FrenchQuery, English, Spanish, Korean, KoreanQuery, Folded, "fr", "cjk"}
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
			b.Run(tx.name+"/"+name, func(b *testing.B) {
				b.SetBytes(int64(len(text)))
				b.ReportAllocs()
				for b.Loop() {
					a.Analyze(text)
				}
			})
		}
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
