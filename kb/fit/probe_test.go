package fit

import (
	"fmt"
	"testing"

	"github.com/guichet/guichet/kb"
	"github.com/guichet/guichet/kb/match"
)

func TestProbeUncovered(t *testing.T) {
	k, err := kb.Load(kb.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	fold := foldsOf(k, 5)
	n := 0
	for f := range 5 {
		drop := map[string]bool{}
		for id, g := range fold {
			if g == f {
				drop[id] = true
			}
		}
		red := k.Without(drop, k.Model())
		idx, _ := kb.NewIndex(red)
		m := match.New(red, idx)
		for _, e := range k.Entries() {
			if !drop[e.ID] {
				continue
			}
			for _, q := range e.Questions {
				r, _ := m.Match(q)
				if r.Top().Confidence >= 0.37 && n < 80 {
					n++
					f := r.Top().Features
					fmt.Printf("%.2f %-28s <- %-28s %q cov=%.2f known=%.2f pc=%.2f pp=%.2f unk=%.2f ratio=%.2f\n", r.Top().Confidence, r.Top().Entry, e.ID, q, f.Coverage, f.Known, f.ParaCoverage, f.ParaPrecision, f.Unknown, f.Ratio)
				}
			}
		}
	}
}
