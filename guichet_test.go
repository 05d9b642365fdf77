package guichet_test

import (
	"testing"

	"github.com/guichet/guichet"
)

func TestReasonsHaveLabels(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range guichet.Reasons {
		l := r.Label()
		if !r.Valid() || l == string(r) || l == "" || seen[l] {
			t.Errorf("reason %q: valid %v, label %q; want valid with a label of its own", r, r.Valid(), l)
		}
		seen[l] = true
	}
	if r := guichet.Reason("boredom"); r.Valid() || r.Label() != "boredom" {
		t.Errorf("unknown reason: valid %v, label %q; want invalid, labelled by its code", r.Valid(), r.Label())
	}
}
