package httpapi

import "net/http"

// builtinPage stands in for the web page when Config.Page is nil.
const builtinPage = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ogpsearch</title>
</head>
<body>
<h1>ogpsearch</h1>
<p>The search page is not built into this server. The HTTP API is available:
its description is at <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</p>
</body>
</html>
`

// handleBuiltinPage answers GET / when no page handler is configured.
func (s *Server) handleBuiltinPage(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	_, _ = w.Write([]byte(builtinPage))
}

// builtinNotFound is the page of an unknown path outside the API when the
// web page is not built in.
const builtinNotFound = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Not found — ogpsearch</title>
</head>
<body>
<h1>Not found</h1>
<p>There is no page at this address. The HTTP API is described at
<a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</p>
</body>
</html>
`

// handleBuiltinNotFound answers an unknown path outside the API when no
// page handler is configured.
func (s *Server) handleBuiltinNotFound(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusNotFound)
	_, _ = w.Write([]byte(builtinNotFound))
}
