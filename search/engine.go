// Package search is the search engine of ogpsearch: searches (query
// syntax, ranking across languages, typo tolerance, filters, disjunctive
// facets, snippets, pages and cursors), suggestions while typing, and
// commitment lookups over the current version of an index built by package
// indexer, switching versions without a failed or mixed answer.
package search

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/ogpsearch/ogpsearch/indexer"
	"github.com/ogpsearch/ogpsearch/indexer/analysis"
	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// Engine answers searches over the current index of a directory and
// switches to a new version without a failed or mixed answer: each search
// holds the version it started on until it ends, and a version replaced by
// Reload is closed when its last search is done.
type Engine struct {
	dir string
	log *slog.Logger
	an  *analyzers

	reloading sync.Mutex // one Reload at a time
	mu        sync.Mutex // guards cur, closed and every version's refs
	cur       *version
	closed    bool
	problem   reloadProblem // why the version on disk is not served (problem.go)

	running atomic.Int32 // searches in progress: a split search takes the cores they leave (split.go)

	// Knobs, set at opening to their defaults; a test may change them on
	// its own engine before using it.
	splitMin uint64 // index size from which a first page is split (split.go)
	walkStep int    // commitments one step of Walk reads (walk.go)
}

// version is one open version of the index and what is built from it.
type version struct {
	name    string
	idx     bleve.Index
	docs    uint64
	suggest *suggester
	facets  *facetTable
	known   map[string]bool        // folded terms typo tolerance leaves alone
	pairs   *analysis.PairAnalyzer // of the titles and bodies
	fpairs  *analysis.PairAnalyzer // of the folded field
	refs    int                    // searches running on it
	retired bool                   // replaced or closed: close the index at refs 0
}

// OpenEngine opens the current index version of dir. The error wraps
// indexer.ErrNoIndex when dir has no index yet.
func OpenEngine(dir string, log *slog.Logger) (*Engine, error) {
	return openEngine(dir, log, false)
}

// OpenEngineWaiting is OpenEngine for a server that may start before the
// first index is built: when dir holds no index yet, the engine starts
// without a version, answers every search with EUnavailable and says so in
// Problem, and Reload opens the first version once one is written.
func OpenEngineWaiting(dir string, log *slog.Logger) (*Engine, error) {
	return openEngine(dir, log, true)
}

func openEngine(dir string, log *slog.Logger, wait bool) (*Engine, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	an, err := newAnalyzers()
	if err != nil {
		return nil, err
	}
	e := &Engine{dir: dir, log: log, an: an, splitMin: defaultSplitMin, walkStep: defaultWalkStep}
	v, err := e.open(context.Background())
	switch {
	case wait && errors.Is(err, indexer.ErrNoIndex):
		e.problem.set(noIndexYet)
		return e, nil
	case err != nil:
		return nil, err
	}
	e.cur = v
	log.Info("index opened", "version", v.name, "commitments", v.docs)
	return e, nil
}

// open opens the version CURRENT names, checks that it answers and builds
// its suggestions.
func (e *Engine) open(ctx context.Context) (*version, error) {
	idx, name, err := indexer.Open(e.dir)
	if err != nil {
		return nil, err
	}
	v := &version{name: name, idx: idx}
	if err := e.check(ctx, v); err != nil {
		idx.Close()
		return nil, fmt.Errorf("index version %s: %w", name, err)
	}
	return v, nil
}

func (e *Engine) check(ctx context.Context, v *version) error {
	if err := indexer.CheckFormat(v.idx); err != nil {
		return err
	}
	docs, err := v.idx.DocCount()
	if err != nil {
		return err
	}
	v.docs = docs
	r := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 1, 0, false)
	r.Fields = []string{indexer.FieldMeta}
	res, err := v.idx.SearchInContext(ctx, r)
	if err != nil {
		return fmt.Errorf("does not answer: %w", err)
	}
	if docs > 0 {
		if len(res.Hits) == 0 {
			return errors.New("finds no document")
		}
		if _, err := indexer.Pages(res.Hits[0].Fields); err != nil {
			return err
		}
	}
	if v.facets, err = buildFacetTable(ctx, v.idx); err != nil {
		return err
	}
	if v.known, err = knownTerms(v.idx); err != nil {
		return err
	}
	// The pairs analyzer carries the common terms the index was built
	// with; phrases are looked up with the same.
	m := v.idx.Mapping()
	var ok1, ok2 bool
	v.pairs, ok1 = m.AnalyzerNamed(indexer.PairsAnalyzer).(*analysis.PairAnalyzer)
	v.fpairs, ok2 = m.AnalyzerNamed(indexer.FoldedPairsAnalyzer).(*analysis.PairAnalyzer)
	if !ok1 || !ok2 {
		return errors.New("its mapping lacks a word pairs analyzer")
	}
	v.suggest, err = buildSuggester(ctx, v.idx, v.facets)
	if err == nil && hasKorean(v.idx) {
		// Korean pages will be searched in Korean: the dictionary loads
		// now, before the version serves (about a second, once per
		// process), rather than in the first Korean searches, which would
		// hold their slots meanwhile and get others refused.
		err = analysis.LoadKorean()
	}
	return err
}

// hasKorean reports whether the index has Korean words.
func hasKorean(idx bleve.Index) bool {
	d, err := idx.FieldDict(indexer.FieldHangul)
	if err != nil {
		return false
	}
	defer d.Close()
	e, err := d.Next()
	return err == nil && e != nil
}

// defaultTimeout bounds a search whose caller gave no deadline.
const defaultTimeout = 2 * time.Second

// Search answers one search request on the current version: the hits of
// the requested page (one per commitment, in the reader's language when it
// exists), the total, facet counts and snippets as asked. When no
// commitment has every word, it answers with those that have any and sets
// Relaxed. Bad requests give an *ogp.Error with code EInvalid.
func (e *Engine) Search(ctx context.Context, req ogp.SearchRequest) (ogp.SearchResult, error) {
	start := time.Now()
	req, err := checkRequest(req)
	if err != nil {
		return ogp.SearchResult{}, err
	}
	v, err := e.acquire()
	if err != nil {
		return ogp.SearchResult{}, err
	}
	defer e.release(v)
	e.running.Add(1)
	defer e.running.Add(-1)
	ctx, cancel := withDeadline(ctx)
	defer cancel()
	res, err := e.search(ctx, v, req)
	if err != nil {
		return ogp.SearchResult{}, searchError(ctx, err)
	}
	res.TookMS = float64(time.Since(start).Microseconds()) / 1000
	return res, nil
}

func (e *Engine) search(ctx context.Context, v *version, req ogp.SearchRequest) (ogp.SearchResult, error) {
	var after cursor
	if req.After != "" {
		var err error
		if after, err = decodeCursor(req); err != nil {
			return ogp.SearchResult{}, err
		}
	}
	tq, err := v.queryBuilder(e.an, req.Lang).build(parseQuery(req.Query, req.Prefix == ogp.PrefixLast))
	if err != nil {
		return ogp.SearchResult{}, err
	}
	text, loose := tq.strict(), tq.relaxed()
	relaxed := after.Relaxed && loose != nil
	if relaxed {
		text = loose
	}
	res, counts, err := e.page(ctx, v, req, text, after)
	if err == nil && res.Total == 0 && req.After == "" && loose != nil {
		text, relaxed = loose, true
		res, counts, err = e.page(ctx, v, req, text, after)
	}
	if err != nil {
		return ogp.SearchResult{}, err
	}
	out := ogp.SearchResult{Query: req.Query, Total: int(res.Total), Page: req.Page, Size: req.Size, Relaxed: relaxed}
	out.Hits, out.Next, err = e.an.hits(res, req, tq.marks, relaxed)
	if err != nil || !req.Facets {
		return out, err
	}
	out.Facets, err = countFacets(ctx, v, req, text, counts)
	return out, err
}

// withDeadline gives ctx the default deadline when it has none.
func withDeadline(ctx context.Context) (context.Context, context.CancelFunc) {
	if _, ok := ctx.Deadline(); ok {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, defaultTimeout)
}

// searchError keeps user errors as they are and names a search that ran
// out of time; other errors are internal.
func searchError(ctx context.Context, err error) error {
	var ue *ogp.Error
	switch {
	case errors.As(err, &ue):
		return err
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return ogp.Errorf(ogp.EUnavailable, "the search took too long")
	case ctx.Err() != nil:
		return ctx.Err()
	}
	return fmt.Errorf("search: %w", err)
}

// reload switches to the version CURRENT names when it is a new one and
// reports whether it did. Searches running on the old version finish on
// it; it is closed after them. A new version that fails to open or to
// answer is refused (error) and the old one keeps serving.
func (e *Engine) reload() (bool, error) {
	e.reloading.Lock()
	defer e.reloading.Unlock()
	_, name, err := indexer.Current(e.dir)
	if err != nil {
		return false, fmt.Errorf("reload: %w", err)
	}
	if _, cur := e.Stats(); cur == name {
		return false, nil
	}
	v, err := e.open(context.Background())
	if err != nil {
		e.log.Error("new index version refused", "err", err)
		return false, fmt.Errorf("reload: %w", err)
	}
	if !e.swap(v) {
		return false, nil
	}
	e.log.Info("index version switched", "version", v.name, "commitments", v.docs)
	return true, nil
}

// swap makes v current and retires the old version; false (and v closed)
// when the engine is closed or v is the version already current.
func (e *Engine) swap(v *version) bool {
	e.mu.Lock()
	if e.closed || (e.cur != nil && e.cur.name == v.name) {
		e.mu.Unlock()
		v.idx.Close()
		return false
	}
	old := e.cur
	e.cur = v
	done := old != nil && old.retire()
	e.mu.Unlock()
	if done {
		e.closeVersion(old)
	}
	return true
}

// retire marks v replaced and reports whether no search uses it any more.
// The caller holds e.mu.
func (v *version) retire() bool {
	v.retired = true
	return v.refs == 0
}

// acquire returns the current version, held until release.
func (e *Engine) acquire() (*version, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	switch {
	case e.closed:
		return nil, ogp.Errorf(ogp.EUnavailable, "the search engine is closed")
	case e.cur == nil:
		return nil, ogp.Errorf(ogp.EUnavailable, "%s", noIndexYet)
	}
	e.cur.refs++
	return e.cur, nil
}

func (e *Engine) release(v *version) {
	e.mu.Lock()
	v.refs--
	done := v.retired && v.refs == 0
	e.mu.Unlock()
	if done {
		e.closeVersion(v)
	}
}

func (e *Engine) closeVersion(v *version) {
	if err := v.idx.Close(); err != nil {
		e.log.Error("close index version", "version", v.name, "err", err)
	}
}

// Close closes the engine; searches still running finish first on the
// version they hold.
func (e *Engine) Close() error {
	e.mu.Lock()
	old := e.cur
	e.cur, e.closed = nil, true
	done := old != nil && old.retire()
	e.mu.Unlock()
	if done {
		return old.idx.Close()
	}
	return nil
}

// Stats returns the number of commitments of the current version and its
// name.
func (e *Engine) Stats() (docs uint64, version string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.cur == nil {
		return 0, ""
	}
	return e.cur.docs, e.cur.name
}

// Ready runs a real query on the current version.
func (e *Engine) Ready(ctx context.Context) error {
	v, err := e.acquire()
	if err != nil {
		return err
	}
	defer e.release(v)
	ctx, cancel := withDeadline(ctx)
	defer cancel()
	r := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 1, 0, false)
	if _, err := v.idx.SearchInContext(ctx, r); err != nil {
		return ogp.Errorf(ogp.EUnavailable, "the index does not answer")
	}
	return nil
}

// Commitment returns every page (translation) of one commitment, as
// indexed: texts normalised. The error has code ENotFound when the index
// has no such commitment, EInvalid when id is not an ID.
func (e *Engine) Commitment(ctx context.Context, id string) ([]ogp.Commitment, error) {
	key, ok := asID(id)
	if !ok {
		return nil, ogp.Errorf(ogp.EInvalid, "id must look like KR0018")
	}
	v, err := e.acquire()
	if err != nil {
		return nil, err
	}
	defer e.release(v)
	ctx, cancel := withDeadline(ctx)
	defer cancel()
	res, err := v.idx.SearchInContext(ctx, docRequest(key, indexer.FieldMeta))
	if err != nil {
		return nil, searchError(ctx, err)
	}
	if len(res.Hits) == 0 {
		return nil, ogp.Errorf(ogp.ENotFound, "no commitment %s", key)
	}
	return indexer.Pages(res.Hits[0].Fields)
}

// docRequest asks for the stored fields of the commitment with ID key.
func docRequest(key string, fields ...string) *bleve.SearchRequest {
	r := bleve.NewSearchRequestOptions(termQuery(indexer.FieldID, key), 1, 0, false)
	r.Fields = fields
	return r
}

// knownTerms reads the folded field's dictionary: the words (of a length
// typo tolerance applies to) that two documents or more have. A word the
// index knows as typed is searched as typed.
func knownTerms(idx bleve.Index) (map[string]bool, error) {
	d, err := idx.FieldDict(indexer.FieldFolded)
	if err != nil {
		return nil, fmt.Errorf("read vocabulary: %w", err)
	}
	defer d.Close()
	known := map[string]bool{}
	for {
		e, err := d.Next()
		if err != nil {
			return nil, fmt.Errorf("read vocabulary: %w", err)
		}
		if e == nil {
			return known, nil
		}
		if e.Count >= 2 && fuzziness(e.Term) > 0 {
			known[e.Term] = true
		}
	}
}
