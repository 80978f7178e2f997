// Package samplecorpus embeds the corpus of the sample site (package
// sample): what the extractor makes of its pages, in the corpus format.
// `ogpsearch serve` without an index serves it (make run), and tests index
// it. It is kept apart from the sample site and its generators, which only
// tests and benchmarks link.
package samplecorpus

import _ "embed"

//go:generate go run ../../scraper/fixturesite/gen -out corpus.jsonl

//go:embed corpus.jsonl
var corpusJSONL []byte

// JSONL returns the sample corpus (commitments.jsonl format), regenerated
// by `go generate ./internal/samplecorpus` after a change of the sample or
// the extractor.
func JSONL() []byte { return corpusJSONL }
