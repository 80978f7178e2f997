package fixturesite

import "hash/fnv"

// Markup is the layout of a commitment page's "at a glance" block.
type Markup int

// The three layouts the fixture site renders.
const (
	// MarkupDL is the reference layout: <dt>label</dt><dd>value</dd> groups
	// under headings, as in testdata/kr0018/KR0018.fr.html.
	MarkupDL Markup = iota
	// MarkupP writes every field as <p><strong>Label :</strong> value</p>.
	MarkupP
	// MarkupTable writes every field as a table row <th>Label</th><td>value</td>.
	MarkupTable
)

// String names the markup ("dl", "p", "table").
func (m Markup) String() string {
	switch m {
	case MarkupDL:
		return "dl"
	case MarkupP:
		return "p"
	case MarkupTable:
		return "table"
	}
	return "unknown"
}

// Markups lists every markup, for tests that render a page in each.
func Markups() []Markup { return []Markup{MarkupDL, MarkupP, MarkupTable} }

// MarkupFor is the markup the server uses for a commitment: a hash of its
// ID, so that about half of the pages use dl and a quarter each p and table.
// Every language of a commitment shares its markup.
func MarkupFor(id string) Markup {
	switch hash("markup", id) % 4 {
	case 2:
		return MarkupP
	case 3:
		return MarkupTable
	}
	return MarkupDL
}

// hash mixes a salt and some strings into a stable number; every
// deterministic choice of the fixture (typography, variants, trap form)
// uses its own salt so the choices are independent.
func hash(salt string, parts ...string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(salt))
	for _, p := range parts {
		h.Write([]byte{0})
		h.Write([]byte(p))
	}
	// Final avalanche so that neighbouring IDs do not land on neighbouring values.
	v := h.Sum32()
	v ^= v >> 16
	v *= 0x7feb352d
	v ^= v >> 15
	v *= 0x846ca68b
	v ^= v >> 16
	return v
}

// choose reports a deterministic yes for about one call in n, keyed by salt
// and the page's ID and language.
func choose(salt, id, lang string, n uint32) bool {
	return hash(salt, id, lang)%n == 0
}
