// Package extract turns a saved commitment page into a corpus record. Fields
// are found by their labels, in any language of the site model, within the
// page's main content; class names are never relied on alone.
package extract

import (
	"errors"
	"io"

	"github.com/ogpsearch/ogpsearch/internal"
	"github.com/ogpsearch/ogpsearch/scraper/sitemodel"
)

// ErrNotCommitment means the page holds no commitment (no title with an ID).
var ErrNotCommitment = errors.New("not a commitment page")

// Extract reads one page, already decoded to UTF-8, whose address is pageURL
// (may be empty when the page's canonical link gives it), and returns its
// record. content_hash is set; fetched_at is left to the caller.
func Extract(r io.Reader, pageURL string, m *sitemodel.Model) (internal.Commitment, error) {
	return internal.Commitment{}, errors.New("extract: work in progress")
}
