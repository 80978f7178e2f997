package httpapi

import (
	"crypto/sha256"
	"encoding/base64"
	"strings"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// A cursor (next, then after) continues a walk through the results of one
// index version. The engine's cursor holds the sort keys of the last hit;
// keys of another version would go on in other data without a word. So the
// cursors the API gives carry the version they were given on, as a short
// hash before the engine's cursor — TAG.CURSOR — and a cursor of another
// version is refused with 409 stale_cursor: the client starts again.
// `ogpsearch query` gives and takes the same cursors.

// versionTagLen is the length of a version's tag: 6 bytes of SHA-256 in
// unpadded base64url.
const versionTagLen = 8

// versionTag is the short hash of an index version that cursors carry.
func versionTag(version string) string {
	sum := sha256.Sum256([]byte(version))
	return base64.RawURLEncoding.EncodeToString(sum[:6])
}

// StampCursor returns the engine's cursor next as clients get it: marked
// with the index version whose search gave it. An empty cursor (no more
// hits) stays empty.
func StampCursor(version, next string) string {
	if next == "" {
		return ""
	}
	return versionTag(version) + "." + next
}

// OpenCursor checks that after, a cursor StampCursor gave, belongs to the
// index version served now and returns the engine's cursor inside it. A
// cursor of another version is an *ogp.Error with code stale_cursor (409);
// anything else that is not such a cursor, EInvalid.
func OpenCursor(version, after string) (string, error) {
	tag, inner, ok := strings.Cut(after, ".")
	if !ok || len(tag) != versionTagLen || inner == "" {
		return "", ogp.Errorf(ogp.EInvalid, "after is not a cursor this service gave")
	}
	if tag != versionTag(version) {
		return "", staleCursor()
	}
	return inner, nil
}

// staleCursor is the error of a cursor of an index version no longer
// served.
func staleCursor() error {
	return ogp.Errorf(codeStaleCursor, "the index was updated since this cursor was given: start again from the first page, without after")
}
