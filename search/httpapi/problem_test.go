package httpapi

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// problemSearcher reports a problem while it serves, as package search's
// Engine does after refusing a new index version.
type problemSearcher struct {
	*fakeSearcher
	problem string
}

func (p problemSearcher) Problem() string { return p.problem }

// TestReadyReportsProblem: /readyz stays 200 while the searcher serves,
// and carries the searcher's problem when it has one, not otherwise.
func TestReadyReportsProblem(t *testing.T) {
	for _, problem := range []string{"", "index version v2 could not be opened; still serving version v1"} {
		s := New(problemSearcher{newFakeSearcher(), problem}, Config{ParseRequest: fakeParse}, nil)
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
		body := rec.Body.String()
		if rec.Code != http.StatusOK || strings.Contains(body, `"problem"`) != (problem != "") || !strings.Contains(body, problem) {
			t.Errorf("problem %q: /readyz = %d %s", problem, rec.Code, body)
		}
	}
}
