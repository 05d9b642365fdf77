package quality

import (
	"slices"
	"time"

	"github.com/guichet/guichet"
)

// prepare checks f and fills its time: zero means now. Both stores keep
// times in UTC, so that a fact reads back the same from either. keep is
// false for a fact already past the retention.
func prepare(f Fact, now time.Time, retention time.Duration) (_ Fact, keep bool, _ error) {
	if !f.Kind.Valid() {
		return f, false, guichet.Errorf(guichet.Invalid, "quality: record", "unknown fact kind %q", f.Kind)
	}
	if f.Time.IsZero() {
		f.Time = now
	}
	f.Time = f.Time.UTC().Round(0)
	return f, !f.Time.Before(now.Add(-retention)), nil
}

// checkKinds returns the kinds asked for, every kind when none.
func checkKinds(op string, kinds []Kind) ([]Kind, error) {
	if len(kinds) == 0 {
		return Kinds, nil
	}
	for _, k := range kinds {
		if !k.Valid() {
			return nil, guichet.Errorf(guichet.Invalid, op, "unknown fact kind %q", k)
		}
	}
	return slices.Compact(slices.Sorted(slices.Values(kinds))), nil
}

// sortFacts orders facts by time; facts of the same instant keep the
// order they were read in.
func sortFacts(facts []Fact) {
	slices.SortStableFunc(facts, func(a, b Fact) int { return a.Time.Compare(b.Time) })
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
