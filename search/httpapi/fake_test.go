package httpapi

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ogpsearch/ogpsearch/internal/history"
	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// fakeSearcher is a Searcher whose behaviour the query chooses (suggest
// and commitment IDs FAIL0001 and BLOK0001 fail and block likewise):
//
//	panic  panics
//	fail   fails with an error full of internal details
//	slow   takes fake.delay, honouring the context, signalling started
//	block  waits for the context to end
//	deaf   takes fake.delay, deaf to the context
//
// any other query finds min(size, 37) hits on page 1; suggestions for
// rhdrhd are those of its Hangul reading, 공공.
type fakeSearcher struct {
	mu       sync.Mutex
	docs     uint64
	version  string
	notReady error
	delay    time.Duration
	started  chan struct{} // receives once per slow search, when set
	searches atomic.Int64  // searches answered, which also varies took_ms
	lastReq  atomic.Pointer[ogp.SearchRequest]
	// lastSince is the since of the last Changes.
	lastSince atomic.Pointer[time.Time]
}

func newFakeSearcher() *fakeSearcher {
	return &fakeSearcher{docs: 42, version: "v1", delay: 300 * time.Millisecond}
}

// setVersion changes the index version, as a reindex would.
func (f *fakeSearcher) setVersion(v string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.version = v
}

// setReady sets what Ready returns.
func (f *fakeSearcher) setReady(err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.notReady = err
}

func (f *fakeSearcher) Search(ctx context.Context, req ogp.SearchRequest) (ogp.SearchResult, error) {
	f.lastReq.Store(&req)
	switch req.Query {
	case "panic":
		panic("boom: secret state")
	case "fail":
		return ogp.SearchResult{}, errors.New("open /var/lib/ogpsearch/index/store: disk on fire")
	case "slow":
		if f.started != nil {
			f.started <- struct{}{}
		}
		select {
		case <-time.After(f.delay):
		case <-ctx.Done():
			return ogp.SearchResult{}, ctx.Err()
		}
	case "deaf":
		time.Sleep(f.delay) // a search that does not look at its context
	case "block":
		<-ctx.Done()
		return ogp.SearchResult{}, fmt.Errorf("search: %w", ctx.Err())
	}
	// took_ms differs from one answer to the next, as a real engine's does
	// (always four characters, so that answers keep their length).
	took := float64(111+f.searches.Add(1)%8) / 100
	res := ogp.SearchResult{Query: req.Query, Total: 37, TookMS: took, Page: req.Page, Size: req.Size,
		Facets: map[string][]ogp.Facet{"year": {{Key: "2014", Label: "2014", Count: 5}}}}
	if req.Page == 1 && req.Size < 37 {
		res.Next = "c" + strconv.Itoa(req.Size) // an engine cursor: base64url letters
	}
	for i := 0; i < min(req.Size, 37) && req.Page == 1; i++ {
		res.Hits = append(res.Hits, ogp.Hit{
			ID: fmt.Sprintf("KR%04d", i+1), Lang: "en", Title: "Open data portal " + strconv.Itoa(i),
			Member: "south-korea", Year: 2014, Status: ogp.Term{Label: "Complete", Key: "complete"},
			PolicyAreas: []ogp.Term{{Label: "Open Data", Key: "open-data"}},
			URL:         "https://www.opengovpartnership.org/members/south-korea/commitments/KR0001/",
			Score:       1.7, Snippets: []string{"… <mark>open</mark> data …"}, Languages: []string{"en", "ko"},
		})
	}
	return res, nil
}

func (f *fakeSearcher) Suggest(ctx context.Context, q, lang string, limit int) ([]ogp.Suggestion, error) {
	switch q {
	case "fail":
		return nil, errors.New("suggest index missing at /srv/secret")
	case "block":
		<-ctx.Done()
		return nil, ctx.Err()
	}
	if q == "" {
		return nil, nil
	}
	if q == "rhdrhd" { // Korean typed in Latin mode
		return []ogp.Suggestion{{Text: "공공데이터 개방", Kind: "title", ID: "KR0044", Lang: "ko", Hangul: "공공"}}, nil
	}
	all := []ogp.Suggestion{
		{Text: "Open data portal", Kind: "title", ID: "KR0018", Lang: lang},
		{Text: "Open Data", Kind: "policy_area", Key: "open-data"},
	}
	return all[:min(limit, len(all))], nil
}

func (f *fakeSearcher) Commitment(ctx context.Context, id string) ([]ogp.Commitment, error) {
	switch id {
	case "KR0018":
	case "FAIL0001":
		return nil, errors.New("read /var/lib/ogpsearch/index: i/o error")
	case "BLOK0001":
		<-ctx.Done()
		return nil, ctx.Err()
	default:
		return nil, ogp.Errorf(ogp.ENotFound, "no commitment %s", id)
	}
	page := func(lang, title string) ogp.Commitment {
		return ogp.Commitment{ID: id, Lang: lang, Title: title, Member: "south-korea", Year: 2014,
			URL:          "https://www.opengovpartnership.org/" + lang + "/KR0018/",
			Translations: map[string]string{"en": "…/en/", "fr": "…/fr/", "ko": "…/ko/"},
			Status:       ogp.Term{Label: "inactive", Key: "inactive"},
			PolicyAreas:  []ogp.Term{{Label: title, Key: "public-participation"}},
			Related:      []ogp.Related{{ID: "KR0019", Title: "x", Year: 2014}}}
	}
	// Deliberately out of order: the server orders the languages.
	return []ogp.Commitment{page("ko", "맞춤형 서비스"), page("fr", "Fournir des services"), page("en", "Provide services")}, nil
}

// fakeChanges are the changes the fake knows, newest first: KR0018's
// status, a new KE0006, and KR0018 first seen.
var fakeChanges = []history.Entry{
	{EntryID: "e3", Change: history.Change{Seen: "2026-03-02T08:00:00Z", ID: "KR0018", Member: "south-korea", Kind: history.KindChanged,
		Source: history.SourceSite, Fields: []history.FieldChange{
			{Field: "status", Old: "inactive", New: "active"},
			{Field: "policy_areas", Added: []string{"health"}, Removed: []string{"open-data"}},
			{Field: "description", Lang: "en", Old: "sha256:aa", New: "sha256:bb", OldLen: 10, NewLen: 20},
		}},
		Title: "Provide services", Lang: "en", URL: "https://www.opengovpartnership.org/en/KR0018/"},
	{EntryID: "e2", Change: history.Change{Seen: "2026-03-01T08:00:00Z", ID: "KE0006", Member: "kenya", Kind: history.KindNew,
		Source: history.SourceSite, Langs: []string{"en"}}, Title: "Youth budgets", Lang: "en", URL: "javascript:alert(1)"},
	{EntryID: "e1", Change: history.Change{Seen: "2025-01-01T00:00:00Z", ID: "KR0018", Member: "south-korea", Kind: history.KindNew,
		Source: history.SourceSite, Langs: []string{"en", "fr", "ko"}},
		Title: "Provide services", Lang: "en", URL: "https://www.opengovpartnership.org/en/KR0018/"},
}

// Changes finds fakeChanges seen since then, two a page at most when
// size asks for more (the cursor is the index of the next); queries fail
// and block as for Search.
func (f *fakeSearcher) Changes(ctx context.Context, req ogp.SearchRequest, since time.Time, size int, after string) (history.EntryPage, error) {
	f.lastReq.Store(&req)
	f.lastSince.Store(&since)
	switch req.Query {
	case "fail":
		return history.EntryPage{}, errors.New("walk /var/lib/ogpsearch/index: disk on fire")
	case "block":
		<-ctx.Done()
		return history.EntryPage{}, ctx.Err()
	}
	var all []history.Entry
	for _, c := range fakeChanges {
		if !c.SeenTime().Before(since) {
			all = append(all, c)
		}
	}
	start := 0
	if after != "" {
		n, err := strconv.Atoi(after)
		if err != nil || n > len(all) {
			return history.EntryPage{}, ogp.Errorf(ogp.EInvalid, "after is not a cursor of this list of changes")
		}
		start = n
	}
	page := history.EntryPage{Matched: 2, Changes: all[start:min(len(all), start+size)]}
	if !since.IsZero() {
		page.Since = since.Format(time.RFC3339)
	}
	if end := start + size; end < len(all) {
		page.Next = strconv.Itoa(end)
	}
	return page, nil
}

// History is KR0018's pages, as Commitment gives them, and its changes,
// oldest first, without titles (the server gives them).
func (f *fakeSearcher) History(ctx context.Context, id string) ([]ogp.Commitment, []history.Entry, error) {
	pages, err := f.Commitment(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	var changes []history.Entry
	for _, c := range slices.Backward(fakeChanges) {
		if c.ID == id {
			c.Title, c.Lang, c.URL = "", "", ""
			changes = append(changes, c)
		}
	}
	return pages, changes, nil
}

func (f *fakeSearcher) Ready(ctx context.Context) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.notReady
}

func (f *fakeSearcher) Stats() (uint64, string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.docs, f.version
}

// fakeParse reads q, lang, the filters, page, size and after, as search.ParseRequest
// does for those parameters, refusing sizes outside 1–100.
func fakeParse(v url.Values) (ogp.SearchRequest, error) {
	req := ogp.SearchRequest{Query: v.Get("q"), Lang: v.Get("lang"), Page: 1, Size: 10, Facets: true, Snippets: true, After: v.Get("after")}
	if p := v.Get("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 {
			return req, ogp.Errorf(ogp.EInvalid, "page must be a positive whole number")
		}
		req.Page = n
	}
	for _, name := range ogp.FilterNames() {
		for _, keys := range v[name] {
			if req.Filters == nil {
				req.Filters = map[string][]string{}
			}
			req.Filters[name] = append(req.Filters[name], strings.Split(keys, ",")...)
		}
	}
	if s := v.Get("size"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 100 {
			return req, ogp.Errorf(ogp.EInvalid, "size must be between 1 and 100")
		}
		req.Size = n
	}
	return req, nil
}
