package sample

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"math/rand/v2"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// ScaleBase is the address scaled pages are given, the sample site's.
const ScaleBase = "https://sample.ogpsearch.example"

// scaledFetchedAt is fixed so a scaled corpus is reproducible.
const scaledFetchedAt = "2026-11-27T00:00:00Z"

// Scale returns the pages of n commitments with the shape of the sample
// site, deterministically for a seed (see Generator). Benchmarks use it to
// reach realistic corpus sizes; WriteScaled writes the same pages without
// holding them in memory.
func Scale(n int, seed uint64) ([]ogp.Commitment, error) {
	out := make([]ogp.Commitment, 0, n*5/2)
	err := generate(n, seed, func(pages []ogp.Commitment) error {
		out = append(out, pages...)
		return nil
	})
	return out, err
}

// WriteScaled writes the pages of n commitments as JSON Lines, in the
// corpus format and order (by ID, then language): the same output as
// ogp.WriteCorpus of Scale(n, seed), a few hundred commitments in
// memory at a time.
func WriteScaled(w io.Writer, n int, seed uint64) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	err := generate(n, seed, func(pages []ogp.Commitment) error {
		for _, p := range pages {
			if err := enc.Encode(p); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return bw.Flush()
}

// generate makes commitments 0 to n-1 on every core, in batches, and hands
// their pages to emit in order.
func generate(n int, seed uint64, emit func([]ogp.Commitment) error) error {
	const batch = 128
	if _, err := loadModel(); err != nil {
		return err
	}
	type job struct {
		first int
		done  chan []ogp.Commitment
	}
	jobs := make(chan job)
	order := make(chan chan []ogp.Commitment, 2*runtime.GOMAXPROCS(0))
	stop := make(chan struct{})
	go func() {
		defer close(jobs)
		defer close(order)
		for first := 0; first < n; first += batch {
			j := job{first, make(chan []ogp.Commitment, 1)}
			select {
			case order <- j.done:
			case <-stop:
				return
			}
			select {
			case jobs <- j:
			case <-stop:
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			g, _ := NewGenerator(seed) // the model loaded above: no error
			for j := range jobs {
				var pages []ogp.Commitment
				for i := j.first; i < min(n, j.first+batch); i++ {
					pages = g.Commitment(i, pages)
				}
				j.done <- pages
			}
		})
	}
	var err error
	for done := range order {
		pages := <-done
		if err = emit(pages); err != nil {
			close(stop)
			break
		}
	}
	for range order {
	}
	wg.Wait()
	return err
}

// Generator makes commitments with the shape of the sample site:
//   - metadata from a sample commitment drawn at random (member, the
//     languages it was translated into, status, IRM assessments), so the
//     sample's proportions hold (every commitment in English, French for
//     about 63%, Korean 59%, Spanish 29%) along with how they go together;
//   - a year that is the drawn commitment's half of the time and otherwise
//     follows the sample's years, smoothed over 2011–2024;
//   - as many policy areas as the drawn commitment, each either its own or
//     drawn by the sample's frequencies of all vocabulary areas, smoothed;
//   - titles, descriptions and the prose of IRM summaries written word by
//     word from each language's chain (see chain), descriptions of about
//     1.1 KB per page (French and Spanish a fifth longer) with a log-normal
//     spread from a quarter of a KB to 5 KB, the same spread for every
//     translation of a commitment: about 5 KB of text per commitment;
//   - action plans, institutions and IRM report names of the drawn
//     commitment, their years moved to the new year.
//
// Commitment i depends only on the seed and i.
type Generator struct {
	m    *model
	seed uint64
	pcg  *rand.PCG
	w    *writer
}

// NewGenerator returns a generator for seed.
func NewGenerator(seed uint64) (*Generator, error) {
	m, err := loadModel()
	if err != nil {
		return nil, err
	}
	pcg := rand.NewPCG(seed, 0)
	return &Generator{m: m, seed: seed, pcg: pcg, w: newWriter(rand.New(pcg))}, nil
}

// model is what the generator learns from the sample site.
type model struct {
	templates []Commitment
	prose     map[string]*chain
	titles    map[string]*chain
	years     []weighted
	areas     []weighted
}

// weighted is a value with its cumulative weight, for drawing by weight.
type weighted struct {
	value string
	cum   float64
}

var loadModel = sync.OnceValues(func() (*model, error) {
	site, err := Load()
	if err != nil {
		return nil, err
	}
	m := &model{templates: site.Commitments, prose: map[string]*chain{}, titles: map[string]*chain{}}
	yearCount := map[string]float64{}
	areaCount := map[string]float64{}
	for y := 2011; y <= 2024; y++ {
		yearCount[strconv.Itoa(y)] = 1
	}
	for _, e := range ogp.Vocab(ogp.VocabPolicyArea).Entries {
		areaCount[e.Key] = 1
	}
	prose := map[string][]string{}
	titles := map[string][][]string{}
	for _, c := range site.Commitments {
		yearCount[strconv.Itoa(c.Year)]++
		for _, a := range c.PolicyAreas {
			areaCount[a]++
		}
		for lang, p := range c.Pages {
			prose[lang] = append(prose[lang], p.Description...)
			for _, para := range p.IRMSummary {
				if !isLabelLine(para) {
					prose[lang] = append(prose[lang], para)
				}
			}
			titles[lang] = append(titles[lang], strings.Fields(p.Title))
		}
	}
	for _, lang := range ogp.Languages() {
		m.prose[lang] = newChain(sentences(prose[lang]), lang != "ko")
		m.titles[lang] = newChain(titles[lang], false)
	}
	m.years = cumulative(yearCount)
	m.areas = cumulative(areaCount)
	return m, nil
})

// isLabelLine reports whether an IRM summary paragraph is a short
// "label: value" line ("Mid-term: Substantial"), kept as it stands.
func isLabelLine(p string) bool { return len(strings.Fields(p)) <= 6 }

func cumulative(count map[string]float64) []weighted {
	keys := make([]string, 0, len(count))
	for k := range count {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]weighted, len(keys))
	sum := 0.0
	for i, k := range keys {
		sum += count[k]
		out[i] = weighted{k, sum}
	}
	return out
}

func (g *Generator) draw(ws []weighted) string {
	x := g.w.rng.Float64() * ws[len(ws)-1].cum
	i, _ := slices.BinarySearchFunc(ws, x, func(w weighted, x float64) int {
		if w.cum <= x {
			return -1
		}
		return 1
	})
	return ws[min(i, len(ws)-1)].value
}

// descMedian is the median description length per language, in bytes:
// French and Spanish run about a fifth longer than English, as in the sample.
var descMedian = map[string]float64{"en": 850, "fr": 1000, "es": 1000, "ko": 850}

// Commitment appends the pages of commitment i to pages, languages in
// alphabetical order, and returns the slice.
func (g *Generator) Commitment(i int, pages []ogp.Commitment) []ogp.Commitment {
	g.pcg.Seed(g.seed, uint64(i))
	rng, m := g.w.rng, g.m
	t := m.templates[rng.IntN(len(m.templates))]
	year := t.Year
	if rng.IntN(2) == 0 {
		year, _ = strconv.Atoi(g.draw(m.years))
	}
	areas := g.policyAreas(t)
	langs := t.Languages()
	slices.Sort(langs)
	id := scaledID(i)
	c := Commitment{ID: id, Member: t.Member}
	urls := make(map[string]string, len(langs))
	for _, l := range langs {
		urls[l] = ScaleBase + c.Path(l)
	}
	spread := min(max(g.w.lognormal(0.55), 0.3), 5.5)
	years := yearShift(t.Year, year)
	for _, lang := range langs {
		tp := t.Pages[lang]
		p := ogp.Commitment{
			ID: id, Lang: lang, URL: urls[lang], Translations: urls,
			Member: t.Member, Year: year,
			Title:               g.title(lang),
			ActionPlan:          years.Replace(tp.ActionPlan),
			LeadInstitution:     tp.LeadInstitution,
			SupportInstitutions: tp.SupportInstitutions,
			IRMReport:           years.Replace(strings.Join(tp.IRMReports, ", ")),
			Status:              term(ogp.VocabStatus, t.Status, lang),
			Starred:             term(ogp.VocabYesNo, t.Starred, lang),
			Verifiable:          term(ogp.VocabYesNo, t.Verifiable, lang),
			EarlyResults:        term(ogp.VocabEarlyResults, t.EarlyResults, lang),
			PotentialImpact:     term(ogp.VocabPotentialImpact, t.PotentialImpact, lang),
			Completion:          term(ogp.VocabCompletion, t.Completion, lang),
			CompletionMidTerm:   term(ogp.VocabCompletion, t.MidTerm, lang),
			CompletionEndOfTerm: term(ogp.VocabCompletion, t.EndOfTerm, lang),
			PolicyAreas:         terms(ogp.VocabPolicyArea, areas, lang),
			RelevantValues:      terms(ogp.VocabOGPValue, t.RelevantValues, lang),
			Description:         g.w.paragraphs(m.prose[lang], int(descMedian[lang]*spread)),
			IRMSummary:          g.irmSummary(tp.IRMSummary, lang),
			FetchedAt:           scaledFetchedAt,
		}
		p.ContentHash = contentHash(p)
		pages = append(pages, p)
	}
	return pages
}

func (g *Generator) title(lang string) string {
	if lang == "ko" {
		return g.w.title(g.m.titles[lang], 2, 7)
	}
	return g.w.title(g.m.titles[lang], 4, 12)
}

// policyAreas keeps as many areas as the template has, each the
// template's own or one drawn by frequency, without repeats.
func (g *Generator) policyAreas(t Commitment) []string {
	var out []string
	for _, a := range t.PolicyAreas {
		if g.w.rng.Float64() >= 0.5 {
			a = g.draw(g.m.areas)
		}
		if !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return out
}

// irmSummary keeps the label lines of the template's summary and writes
// new prose of about the same length in place of the rest.
func (g *Generator) irmSummary(paras []string, lang string) string {
	out := make([]string, len(paras))
	for i, p := range paras {
		if isLabelLine(p) {
			out[i] = p
			continue
		}
		target := int(0.75 * float64(len(p)) * min(max(g.w.lognormal(0.3), 0.5), 2))
		out[i] = g.w.paragraphs(g.m.prose[lang], target)
	}
	return strings.Join(out, "\n\n")
}

// yearShift moves the years around a template's year (an action plan
// 2015-2017, a report 2015-2016) to the same place around the new year.
func yearShift(from, to int) *strings.Replacer {
	var pairs []string
	for d := -1; d <= 3; d++ {
		pairs = append(pairs, strconv.Itoa(from+d), strconv.Itoa(to+d))
	}
	return strings.NewReplacer(pairs...)
}

func term(vocab, key, lang string) ogp.Term {
	if key == "" {
		return ogp.Term{}
	}
	return ogp.Term{Label: ogp.Vocab(vocab).Label(key, lang), Key: key}
}

func terms(vocab string, keys []string, lang string) []ogp.Term {
	out := make([]ogp.Term, 0, len(keys))
	for _, k := range keys {
		out = append(out, term(vocab, k, lang))
	}
	return out
}

func contentHash(p ogp.Commitment) string {
	h := sha256.New()
	for _, s := range []string{p.Title, p.Description, p.IRMSummary, p.ActionPlan} {
		io.WriteString(h, s)
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// scaledID is the i-th ID of a scaled corpus: two letters and four digits
// (AA0000 … ZZ9999), enough for 6.76 million commitments.
func scaledID(i int) string {
	return string([]byte{byte('A' + i/10000/26%26), byte('A' + i/10000%26)}) + strconv.Itoa(10000 + i%10000)[1:]
}
