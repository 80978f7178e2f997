package httpapi

import (
	"encoding/json"
	"mime"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/mux"

	"github.com/ogpsearch/ogpsearch/internal/ogp"
)

// apiCall is one request made to check the document: to a documented path
// (template), with a concrete URL path and query.
type apiCall struct {
	template, method, target string
	headers                  []string
	body                     string
}

// TestOpenAPIMatchesServer holds the served OpenAPI document and the server
// together: the documented paths are exactly the router's; every path is
// called with its documented examples and in each of its documented error
// cases; every status answered is documented for its path, and every JSON
// answer validates against the documented schema; every documented status
// is seen at least once (500 only where the fake can cause it).
func TestOpenAPIMatchesServer(t *testing.T) {
	ts := startServer(t, Config{RequestTimeout: 50 * time.Millisecond}, nil)
	_, raw := ts.get(t, "/api/v1/openapi.json")
	doc, err := parseAPIDoc(raw)
	if err != nil || doc.root["openapi"] != "3.0.3" {
		t.Fatalf("document: %v, openapi %v", err, doc.root["openapi"])
	}
	paths := doc.root["paths"].(map[string]any)
	checkPathsAreRoutes(t, ts.Server, paths)

	seen := map[string]map[string]bool{} // template → statuses answered
	for _, tpl := range sortedKeys(paths) {
		op := paths[tpl].(map[string]any)["get"].(map[string]any)
		happy := apiCall{template: tpl, method: http.MethodGet, target: exampleTarget(t, doc, tpl, op)}
		resp := checkCall(t, ts, doc, op, happy, seen)
		calls := errorCalls(tpl)
		if tag := resp.Header.Get("ETag"); tag != "" {
			calls = append(calls, apiCall{template: tpl, method: http.MethodGet, target: happy.target, headers: []string{"If-None-Match: " + tag}})
		}
		for _, c := range calls {
			if c.template == "/readyz" && c.method == http.MethodGet && c.target == "/readyz" {
				ts.fake.setReady(ogp.Errorf(ogp.EUnavailable, "no index loaded yet"))
			}
			checkCall(t, ts, doc, op, c, seen)
			ts.fake.setReady(nil)
		}
	}
	// A searcher that keeps no history: its changes and feeds are 404.
	bare := openServer(t, Config{}, searchOnly{newFakeSearcher()})
	for _, tpl := range []string{"/api/v1/changes", "/feeds/search.atom", "/api/v1/commitments/{id}/history"} {
		op := paths[tpl].(map[string]any)["get"].(map[string]any)
		target := strings.ReplaceAll(tpl, "{id}", "KR0018")
		if resp := checkCall(t, bare, doc, op, apiCall{template: tpl, method: http.MethodGet, target: target}, seen); resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s without a history: %d", tpl, resp.StatusCode)
		}
	}
	for _, tpl := range sortedKeys(paths) {
		op := paths[tpl].(map[string]any)["get"].(map[string]any)
		for status := range op["responses"].(map[string]any) {
			unreachable := status == "500" && (!strings.HasPrefix(tpl, "/api/v1/") || tpl == "/api/v1/openapi.json")
			if !seen[tpl][status] && !unreachable {
				t.Errorf("%s: documented status %s never answered", tpl, status)
			}
		}
	}
}

// errorCalls are the requests that must fail on a path: the generic ones
// every path refuses, and the path's own bad parameters and failures.
func errorCalls(tpl string) []apiCall {
	target := strings.ReplaceAll(tpl, "{id}", "KR0018")
	calls := []apiCall{
		{template: tpl, method: http.MethodPost, target: target},
		{template: tpl, method: http.MethodGet, target: target, body: "x"},
		{template: tpl, method: http.MethodGet, target: target + "?pad=" + strings.Repeat("x", 9000)},
		{template: tpl, method: http.MethodGet, target: target, headers: []string{"X-Pad: " + strings.Repeat("x", 80<<10)}},
	}
	if strings.HasPrefix(tpl, "/api/") {
		calls = append(calls, apiCall{template: tpl, method: http.MethodGet, target: target + "?q=%ZZ"})
	}
	get := func(target string) apiCall { return apiCall{template: tpl, method: http.MethodGet, target: target} }
	switch tpl {
	case "/api/v1/search":
		calls = append(calls, get("/api/v1/search?size=1000"), get("/api/v1/search?q=fail"), get("/api/v1/search?q=block"),
			get("/api/v1/search?after="+StampCursor("v0", "c5")))
	case "/api/v1/suggest":
		calls = append(calls, get("/api/v1/suggest?lang=xx1"), get("/api/v1/suggest?q=fail"), get("/api/v1/suggest?q=block"))
	case "/api/v1/commitments/{id}":
		calls = append(calls, get("/api/v1/commitments/0018"), get("/api/v1/commitments/KR9999"),
			get("/api/v1/commitments/FAIL0001"), get("/api/v1/commitments/BLOK0001"))
	case "/api/v1/commitments/{id}/history":
		calls = append(calls, get("/api/v1/commitments/0018/history"), get("/api/v1/commitments/KR9999/history"),
			get("/api/v1/commitments/FAIL0001/history"), get("/api/v1/commitments/BLOK0001/history"))
	case "/api/v1/changes":
		calls = append(calls, get("/api/v1/changes?since=yesterday"), get("/api/v1/changes?size=501"), get("/api/v1/changes?after=x"),
			get("/api/v1/changes?q=fail"), get("/api/v1/changes?q=block"), get("/api/v1/changes?size=1"))
	case "/feeds/search.atom":
		calls = append(calls, get("/feeds/search.atom?since=2026-13-01"), get("/feeds/search.atom?q=fail"), get("/feeds/search.atom?q=block"),
			get("/feeds/search.atom?lang=xx1"))
	case "/readyz":
		calls = append(calls, get("/readyz")) // made while the fake is not ready
	}
	return calls
}

// checkCall makes one call and checks its answer against the operation.
func checkCall(t *testing.T, ts *testServer, doc apiDoc, op map[string]any, c apiCall, seen map[string]map[string]bool) *http.Response {
	t.Helper()
	req, err := http.NewRequest(c.method, ts.base+c.target, strings.NewReader(c.body))
	if err != nil {
		t.Fatal(err)
	}
	if c.body == "" {
		req.Body, req.ContentLength = http.NoBody, 0
	}
	for _, h := range c.headers {
		k, v, _ := strings.Cut(h, ":")
		req.Header.Set(k, strings.TrimSpace(v))
	}
	resp, body := send(t, req)
	what := c.method + " " + shorten(c.target)
	status := strconv.Itoa(resp.StatusCode)
	if seen[c.template] == nil {
		seen[c.template] = map[string]bool{}
	}
	seen[c.template][status] = true
	documented, ok := op["responses"].(map[string]any)[status]
	if !ok {
		t.Errorf("%s: status %s not documented: %.300s", what, status, body)
		return resp
	}
	r, err := doc.resolve(documented)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	for name := range r["headers"].(map[string]any) {
		if resp.Header.Get(name) == "" && name != "Cache-Control" {
			t.Errorf("%s: documented header %s missing", what, name)
		}
	}
	content, _ := r["content"].(map[string]any)
	if content == nil {
		if len(body) != 0 {
			t.Errorf("%s: status %s documented without a body, got %d bytes", what, status, len(body))
		}
		return resp
	}
	mediaType, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	media, ok := content[mediaType].(map[string]any)
	if !ok {
		t.Errorf("%s: content type %s not documented for %s", what, mediaType, status)
		return resp
	}
	if mediaType == "application/json" {
		var v any
		if err := json.Unmarshal(body, &v); err != nil {
			t.Errorf("%s: not JSON: %v", what, err)
		}
		for _, e := range doc.validate(media["schema"], v, "$") {
			t.Errorf("%s (%s): %s", what, status, e)
		}
	}
	return resp
}

// exampleTarget builds the URL of a path from its parameters' examples,
// checking each example against the parameter's schema on the way.
func exampleTarget(t *testing.T, doc apiDoc, tpl string, op map[string]any) string {
	t.Helper()
	target, query := tpl, url.Values{}
	params, _ := op["parameters"].([]any)
	for _, p := range params {
		param, err := doc.resolve(p)
		if err != nil {
			t.Fatalf("%s: %v", tpl, err)
		}
		name, example := param["name"].(string), param["example"]
		if example == nil {
			if param["required"] == true {
				t.Errorf("%s: required parameter %s has no example", tpl, name)
			}
			continue
		}
		for _, e := range doc.validate(param["schema"], example, "param "+name) {
			t.Errorf("%s: example: %s", tpl, e)
		}
		value := strings.TrimSuffix(strings.TrimSuffix(jsonText(example), `"`), `"`)
		if value = strings.TrimPrefix(value, `"`); param["in"] == "path" {
			target = strings.ReplaceAll(target, "{"+name+"}", value)
		} else {
			query.Set(name, value)
		}
	}
	if len(query) > 0 {
		target += "?" + query.Encode()
	}
	return target
}

// checkPathsAreRoutes: the document lists exactly the router's templates.
func checkPathsAreRoutes(t *testing.T, s *Server, paths map[string]any) {
	t.Helper()
	var routes []string
	_ = s.routes().Walk(func(r *mux.Route, _ *mux.Router, _ []*mux.Route) error {
		if tpl, err := r.GetPathTemplate(); err == nil && r.GetHandler() != nil {
			routes = append(routes, tpl)
		}
		return nil
	})
	sort.Strings(routes)
	if documented := sortedKeys(paths); strings.Join(documented, " ") != strings.Join(routes, " ") {
		t.Errorf("documented paths %v, routes %v", documented, routes)
	}
}

// TestValidatorCatches: the validator itself finds what it must.
func TestValidatorCatches(t *testing.T) {
	doc, err := parseAPIDoc(openAPIDocument)
	if err != nil {
		t.Fatal(err)
	}
	hit := map[string]any{"$ref": "#/components/schemas/Hit"}
	good := `{"id":"KR1","lang":"en","title":"t","member":"m","year":2014,"status":{"label":"","key":""},
		"policy_areas":[],"url":"u","score":1.5,"languages":["en"]}`
	for name, tc := range map[string]struct {
		body string
		want string
	}{
		"valid":          {good, ""},
		"missing":        {`{"id":"KR1"}`, `required property "lang" missing`},
		"wrong type":     {strings.Replace(good, `"year":2014`, `"year":"2014"`, 1), `$.year: "2014" (string) where integer`},
		"fraction":       {strings.Replace(good, `"year":2014`, `"year":20.5`, 1), "$.year: 20.5"},
		"nested":         {strings.Replace(good, `"key":""`, `"key":3`, 1), "$.status.key"},
		"array item":     {strings.Replace(good, `["en"]`, `["en",null]`, 1), "$.languages[1]: null"},
		"undocumented":   {strings.Replace(good, `"id"`, `"secret":1,"id"`, 1), `undocumented property "secret"`},
		"not an array":   {strings.Replace(good, `"policy_areas":[]`, `"policy_areas":{}`, 1), "$.policy_areas: map"},
		"null not nulls": {strings.Replace(good, `"title":"t"`, `"title":null`, 1), "$.title: null"},
	} {
		var v any
		if err := json.Unmarshal([]byte(tc.body), &v); err != nil {
			t.Fatal(err)
		}
		errs := strings.Join(doc.validate(hit, v, "$"), "\n")
		if (tc.want == "") != (errs == "") || !strings.Contains(errs, tc.want) {
			t.Errorf("%s: errors %q, want %q", name, errs, tc.want)
		}
	}
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func shorten(s string) string {
	if len(s) > 80 {
		return s[:77] + "…"
	}
	return s
}
