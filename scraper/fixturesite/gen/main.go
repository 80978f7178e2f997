// Command gen writes the sample corpus: every page of the sample site
// rendered as the fixture site serves it, then extracted by the real
// extractor. Run through `go generate ./internal/samplecorpus`.
//
// With -scale N it writes instead a generated corpus of N commitments with
// the sample's shape (sample.WriteScaled), the corpus the benchmarks use:
//
//	go run ./scraper/fixturesite/gen -scale 100000 -seed 42 -out commitments.jsonl
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
	"github.com/ogpsearch/ogpsearch/internal/sample"
	"github.com/ogpsearch/ogpsearch/scraper/extract"
	"github.com/ogpsearch/ogpsearch/scraper/fixturesite"
	"github.com/ogpsearch/ogpsearch/scraper/sitemodel"
)

// Base is the address the sample pages are given: a reserved example
// domain, since the text is ours and not the OGP site's.
const Base = "https://sample.ogpsearch.example"

// fetchedAt is fixed so the corpus is reproducible.
const fetchedAt = "2026-11-27T00:00:00Z"

func main() {
	out := flag.String("out", "corpus.jsonl", "file to write")
	scale := flag.Int("scale", 0, "write a generated corpus of this many commitments instead")
	seed := flag.Uint64("seed", 42, "seed of the generated corpus")
	flag.Parse()
	if *scale > 0 {
		if err := writeScaled(*out, *scale, *seed); err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
		return
	}
	var buf bytes.Buffer
	if err := Generate(&buf); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func writeScaled(path string, n int, seed uint64) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := sample.WriteScaled(f, n, seed); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Generate writes the sample corpus as JSON Lines.
func Generate(w *bytes.Buffer) error {
	site, err := sample.Load()
	if err != nil {
		return err
	}
	model := sitemodel.Default()
	var recs []ogp.Commitment
	for _, c := range site.Commitments {
		for _, lang := range c.Languages() {
			html := fixturesite.Render(site, c, lang, fixturesite.MarkupFor(c.ID), Base)
			rec, err := extract.Extract(bytes.NewReader(html), Base+c.Path(lang), model)
			if err != nil {
				return fmt.Errorf("%s/%s: %w", c.ID, lang, err)
			}
			rec.FetchedAt = fetchedAt
			recs = append(recs, rec)
		}
	}
	return ogp.WriteCorpus(w, recs)
}
