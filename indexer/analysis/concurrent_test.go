package analysis

import (
	"os"
	"reflect"
	"sync"
	"testing"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// Bleve shares one analyzer between the goroutines that index documents:
// the analyzers must keep no state between calls.
func TestAnalyzersConcurrent(t *testing.T) {
	var texts [][]byte
	for _, file := range []string{"testdata/bench_fr.txt", "testdata/bench_ko.txt"} {
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, []byte(ogp.NormalizeText(string(raw))))
	}
	m := analyzersMapping(t)
	for _, name := range allAnalyzers {
		a := m.AnalyzerNamed(name)
		want := make([][]Token, len(texts))
		for i, text := range texts {
			want[i] = snapshot(a.Analyze(text))
		}
		var wg sync.WaitGroup
		for g := 0; g < 4; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for round := 0; round < 5; round++ {
					for i, text := range texts {
						if got := snapshot(a.Analyze(text)); !reflect.DeepEqual(got, want[i]) {
							t.Errorf("%s: concurrent result differs on text %d", name, i)
							return
						}
					}
				}
			}()
		}
		wg.Wait()
	}
}
