package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

// assetFiles are the script and style sheet of the page.
//
//go:embed assets
var assetFiles embed.FS

// assets serves the embedded files under /assets/. Pages link them as
// /assets/NAME?v=HASH: an answer to the current hash may be kept for a
// year, any other is revalidated by its ETag.
type assets struct {
	body map[string][]byte
	hash map[string]string
}

func loadAssets() assets {
	a := assets{body: map[string][]byte{}, hash: map[string]string{}}
	entries, err := fs.ReadDir(assetFiles, "assets")
	if err != nil {
		panic("web: assets: " + err.Error())
	}
	for _, e := range entries {
		b, err := assetFiles.ReadFile("assets/" + e.Name())
		if err != nil {
			panic("web: assets: " + err.Error())
		}
		sum := sha256.Sum256(b)
		a.body[e.Name()] = b
		a.hash[e.Name()] = hex.EncodeToString(sum[:6])
	}
	return a
}

// url is the address of an asset, versioned by its content.
func (a assets) url(name string) string {
	return "/assets/" + name + "?v=" + a.hash[name]
}

// serveAsset answers GET /assets/NAME, and the not-found page for a name
// it does not have.
func (s *server) serveAsset(w http.ResponseWriter, r *http.Request) {
	if !s.assets.serve(w, r) {
		s.notFound(w, r)
	}
}

// serve writes the asset r asks for; false when there is none.
func (a assets) serve(w http.ResponseWriter, r *http.Request) bool {
	name := strings.TrimPrefix(r.URL.Path, "/assets/")
	b, ok := a.body[name]
	if !ok {
		return false
	}
	h := w.Header()
	h.Set("Content-Type", mime.TypeByExtension(path.Ext(name)))
	if r.URL.Query().Get("v") == a.hash[name] {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	_, _ = w.Write(b)
	return true
}
