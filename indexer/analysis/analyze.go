package analysis

import (
	"github.com/blevesearch/bleve/v2/mapping"
)

// Token is one token an analyzer produced, for tests and debugging.
type Token struct {
	// Term is the indexed (or looked-up) form.
	Term string
	// Start and End are byte offsets into the analyzed text: the bytes a
	// highlight covers.
	Start, End int
	// Position is the token's 1-based position, as phrase queries see it.
	Position int
}

// Analyze runs the analyzer registered as analyzerName (one of this
// package's, or any analyzer bleve has registered) on text, looking it up
// through a bleve index mapping as an index does. It returns nil when no
// analyzer has that name.
func Analyze(analyzerName, text string) []Token {
	a := mapping.NewIndexMapping().AnalyzerNamed(analyzerName)
	if a == nil {
		return nil
	}
	stream := a.Analyze([]byte(text))
	out := make([]Token, len(stream))
	for i, t := range stream {
		out[i] = Token{Term: string(t.Term), Start: t.Start, End: t.End, Position: t.Position}
	}
	return out
}

// Terms returns the terms of tokens, in order.
func Terms(tokens []Token) []string {
	out := make([]string, len(tokens))
	for i, t := range tokens {
		out[i] = t.Term
	}
	return out
}
