package console

import (
	_ "embed"
	"net/http"
)

// openAPIPath serves the API's description.
const openAPIPath = "/api/v1/openapi.json"

// openAPI describes /api/v1 in OpenAPI 3 (docs/api.md is the prose);
// TestOpenAPIMatchesRoutes keeps it and apiRoutes in step.
//
//go:embed openapi.json
var openAPI []byte

// serveOpenAPI needs no login: the description holds no data.
func serveOpenAPI(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Access-Control-Allow-Origin", "*")
	_, _ = w.Write(openAPI)
}
