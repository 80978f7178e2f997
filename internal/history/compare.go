package history

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"slices"
	"sort"
	"strings"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// pages are the records of one commitment, by language.
type pages map[string]ogp.Commitment

// byID groups records by commitment ID.
func byID(recs []ogp.Commitment) map[string]pages {
	out := map[string]pages{}
	for _, r := range recs {
		id := canonicalID(r.ID)
		if out[id] == nil {
			out[id] = pages{}
		}
		out[id][r.Lang] = r
	}
	return out
}

// canonicalID is the upper-case form of an ID, or the ID as given when it
// has not the shape of one.
func canonicalID(id string) string {
	if c, ok := ogp.ParseID(id); ok {
		return c
	}
	return strings.TrimSpace(id)
}

// langs returns the languages of the pages: the site's languages in their
// order (English first), then any other alphabetically.
func (p pages) langs() []string {
	known := ogp.Languages()
	out := make([]string, 0, len(p))
	for l := range p {
		out = append(out, l)
	}
	rank := func(l string) int {
		if i := slices.Index(known, l); i >= 0 {
			return i
		}
		return len(known)
	}
	sort.Slice(out, func(i, j int) bool {
		if ri, rj := rank(out[i]), rank(out[j]); ri != rj {
			return ri < rj
		}
		return out[i] < out[j]
	})
	return out
}

// primary is the page whose shared fields speak for the commitment: the
// English original when there is one (translations take its keys).
func (p pages) primary() ogp.Commitment {
	if ls := p.langs(); len(ls) > 0 {
		return p[ls[0]]
	}
	return ogp.Commitment{}
}

// digest is the hash of the compared fields of the commitment: the shared
// fields of its primary page and the texts of every page. Two states of a
// commitment have the same digest exactly when no change lies between
// them.
func (p pages) digest() string {
	h := sha256.New()
	prim := p.primary()
	for _, f := range fields {
		if f.shared {
			writeField(h, "", f, prim)
		}
	}
	for _, l := range p.langs() {
		for _, f := range fields {
			if !f.shared {
				writeField(h, l, f, p[l])
			}
		}
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// writeField feeds one field's value to a hash, unambiguously.
func writeField(h hash.Hash, lang string, f fieldSpec, c ogp.Commitment) {
	v := ""
	if f.list != nil {
		v = strings.Join(f.list(c), "\x1f")
	} else {
		v = f.value(c)
	}
	fmt.Fprintf(h, "%s\x1d%s\x1d%d:%s\x1e", lang, f.name, len(v), v)
}

// compare returns the changes of one commitment between two states; before
// is empty for a commitment the corpus did not hold. returned says that
// the commitment was last recorded as removed and that the site lists it
// again. The changes carry neither Seen nor Source.
func compare(id string, before, after pages, returned bool) []Change {
	if len(after) == 0 {
		return nil
	}
	base := Change{ID: id, Member: after.primary().Member, Hash: after.digest()}
	if len(before) == 0 {
		c := base
		c.Kind, c.Langs = KindNew, after.langs()
		if returned {
			c.Kind = KindReturned
		}
		return []Change{c}
	}
	var out []Change
	fields := diff(before.primary(), after.primary(), sharedFields)
	var added []string
	for _, l := range after.langs() {
		old, ok := before[l]
		if !ok {
			added = append(added, l)
			continue
		}
		fields = append(fields, diff(old, after[l], pageTexts)...)
	}
	switch {
	case returned:
		c := base
		c.Kind, c.Fields = KindReturned, fields
		out = append(out, c)
	case len(fields) > 0:
		c := base
		c.Kind, c.Fields = KindChanged, fields
		out = append(out, c)
	}
	if len(added) > 0 {
		c := base
		c.Kind, c.Langs = KindTranslationAdded, added
		out = append(out, c)
	}
	return out
}
