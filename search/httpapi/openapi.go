package httpapi

import (
	_ "embed" // for the API description
	"net/http"
)

// openAPIDocument describes the routes, parameters, answers and errors of
// this package in OpenAPI 3.0. It is written by hand; a test calls every
// route it lists and checks the real answers against it.
//
//go:embed openapi.json
var openAPIDocument []byte

// handleOpenAPI answers GET /api/v1/openapi.json.
func (s *Server) handleOpenAPI(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", s.cacheControl())
	_, _ = w.Write(openAPIDocument)
}
