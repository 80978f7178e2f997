package sample

import (
	"strings"
	"unicode"
)

// BenchQueries are the queries the search benchmarks send, to ogpsearch
// and to the baselines alike: one and several words, common and rare, in
// the four languages, and quoted phrases.
var BenchQueries = []string{
	"open data", "transparency", "budget", "participation citoyenne", "공공데이터",
	"services publics", "access to information", "corruption", "données ouvertes", "climate",
	"datos abiertos", "beneficial ownership", "서비스", "public procurement", "health",
	`"open data"`, `"accès à l'information"`,
}

// TypedQueries are BenchQueries as they are typed, key by key: each
// query but the phrases, cut inside its last word after 1, 2, 3, 4 and 6
// characters (or whole, when shorter): "open d", "open da", … "budg".
// Search-as-you-type asks them with the last word as a prefix.
func TypedQueries() []string {
	var out []string
	for _, q := range BenchQueries {
		if strings.HasPrefix(q, `"`) {
			continue
		}
		i := strings.LastIndexByte(q, ' ') + 1
		last := []rune(q[i:])
		for _, n := range []int{1, 2, 3, 4, 6} {
			out = append(out, q[:i]+string(last[:min(n, len(last))]))
			if n >= len(last) {
				break
			}
		}
	}
	return out
}

// QueryShape names the kind of a query the benchmarks report latency by:
// "phrase" (quoted), "korean" (Hangul words), "words" (several words) or
// "term" (one word).
func QueryShape(q string) string {
	switch {
	case strings.HasPrefix(q, `"`):
		return "phrase"
	case strings.ContainsFunc(q, func(r rune) bool { return unicode.Is(unicode.Hangul, r) }):
		return "korean"
	case len(strings.Fields(q)) > 1:
		return "words"
	}
	return "term"
}
