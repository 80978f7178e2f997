package httpapi

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestSuggestHangulReading: suggestions found by the Hangul reading of a
// query typed in Latin mode give the answer that reading as its hangul
// field, as the OpenAPI document describes it; other answers have no such
// field.
func TestSuggestHangulReading(t *testing.T) {
	ts := startServer(t, Config{}, nil)
	doc, err := parseAPIDoc(openAPIDocument)
	if err != nil {
		t.Fatal(err)
	}
	schema := map[string]any{"$ref": "#/components/schemas/SuggestAnswer"}
	for q, want := range map[string]string{"rhdrhd": "공공", "open": "", "": ""} {
		resp, body := ts.get(t, "/api/v1/suggest?q="+q)
		if resp.StatusCode != 200 {
			t.Fatalf("%q: %d %s", q, resp.StatusCode, body)
		}
		for _, e := range doc.validate(schema, decodeJSON(t, body), "$") {
			t.Errorf("%q: %s", q, e)
		}
		var a suggestAnswer
		if err := json.Unmarshal(body, &a); err != nil {
			t.Fatal(err)
		}
		if a.Hangul != want || strings.Contains(string(body), `"hangul"`) != (want != "") {
			t.Errorf("%q: hangul %q, want %q: %s", q, a.Hangul, want, body)
		}
	}
}
