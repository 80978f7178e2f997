package sample

import (
	"testing"
)

func TestScale(t *testing.T) {
	a, err := Scale(300, 7)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Scale(300, 7)
	ids := map[string]bool{}
	for i := range a {
		if a[i].ID != b[i].ID || a[i].Description != b[i].Description {
			t.Fatal("Scale is not deterministic")
		}
		ids[a[i].ID] = true
	}
	if len(ids) != 300 {
		t.Fatalf("%d commitments, want 300", len(ids))
	}
	if scaledID(0) != "AA0000" || scaledID(12345) != "AB2345" {
		t.Errorf("scaledID: %s %s", scaledID(0), scaledID(12345))
	}
}
