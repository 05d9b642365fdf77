package main

import (
	"strings"
	"testing"

	"github.com/guichet/guichet/kb/match"
)

// Every question of an uncached run differs from all the others once
// normalised as the matcher does (the key of its result cache), and the
// generator stops after the last distinct one.
func TestVariantsAreDistinct(t *testing.T) {
	m, err := match.NewEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	bases := widgetQuestions[:3]
	next := variants(bases)
	seen := map[string]int{}
	n := 0
	for ; ; n++ {
		q, ok := next(n)
		if !ok {
			break
		}
		key := strings.Join(m.Normalize(q), " ")
		if prev, dup := seen[key]; dup {
			p, _ := next(prev)
			t.Fatalf("question %d %q normalises like question %d %q: %q", n, q, prev, p, key)
		}
		seen[key] = n
	}
	if n != len(bases)*maxVariants {
		t.Errorf("generated %d questions, want %d", n, len(bases)*maxVariants)
	}
	if q, _ := next(0); q != bases[0] {
		t.Errorf("first question %q, want the base as written", q)
	}
}
