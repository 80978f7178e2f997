package history

// Entry is one change the site made to a commitment as readers are shown
// it (the changes API, the history of a commitment, the feeds): the
// history's line, an ID that names it for good (a feed reader never sees
// an entry twice), and the commitment's title and address in the reader's
// language. The search engine builds entries; the HTTP API and the page
// show them, without depending on the engine.
type Entry struct {
	EntryID string `json:"entry_id"`
	Change
	Title string `json:"title"`
	Lang  string `json:"lang"`
	URL   string `json:"url"`
}

// EntryPage is a page of entries, newest first.
type EntryPage struct {
	Since   string  `json:"since,omitempty"`
	Matched int     `json:"matched"` // commitments the search matches; with since, those changed since then
	Changes []Entry `json:"changes"`
	Next    string  `json:"next,omitempty"` // cursor for the following changes
}
