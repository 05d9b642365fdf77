package quality

import (
	"context"
	"maps"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/guichet/guichet"
)

// MaxMemoryFacts bounds the facts of all kinds together in a Memory store:
// a single instance left running for months must not grow without end. The
// oldest, whatever their kind, go first, an eighth of the cap at a time (the
// store may hold up to 9/8 of it).
const MaxMemoryFacts = 200_000

// Memory keeps facts in this process, for a single instance and tests.
// It forgets everything when the process stops, so 'guichet incidents
// export' and 'guichet privacy forget' need the Redis store to see the
// facts of a running server.
type Memory struct {
	mu        sync.Mutex
	byKind    map[Kind][]Fact // each sorted by time, oldest first
	total     int             // facts held, all kinds
	retention time.Duration
	now       func() time.Time
}

var _ Store = (*Memory)(nil)

// NewMemory returns an empty store keeping facts for retention
// (DefaultRetention when not positive); now is its clock (time.Now when
// nil).
func NewMemory(retention time.Duration, now func() time.Time) *Memory {
	if retention <= 0 {
		retention = DefaultRetention
	}
	if now == nil {
		now = time.Now
	}
	return &Memory{byKind: map[Kind][]Fact{}, retention: retention, now: now}
}

// Record stores f. A zero Time means now; a fact older than the
// retention is dropped. Errors: Invalid (unknown kind).
// RecordAll stores fs as Record would each; it returns the first error,
// the other facts recorded all the same. Errors: Invalid.
func (m *Memory) RecordAll(ctx context.Context, fs []Fact) error { return recordEach(ctx, m, fs) }

func (m *Memory) Record(_ context.Context, f Fact) error {
	now := m.now()
	f, keep, err := prepare(f, now, m.retention)
	if err != nil || !keep {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	facts := m.byKind[f.Kind]
	// Facts arrive nearly in order: the insertion point is almost always
	// the end.
	i := sort.Search(len(facts), func(i int) bool { return facts[i].Time.After(f.Time) })
	facts = slices.Insert(facts, i, f)
	before := len(facts)
	facts = trimBefore(facts, now.Add(-m.retention))
	m.byKind[f.Kind] = facts
	m.total += 1 - (before - len(facts))
	if m.total > MaxMemoryFacts+MaxMemoryFacts/8 {
		// Trimmed by an eighth at once: dropping one fact per record would
		// move a whole slice on every answer once the cap is reached.
		m.dropOldest(m.total - MaxMemoryFacts)
	}
	return nil
}

// dropOldest forgets the n oldest facts, whatever their kind.
func (m *Memory) dropOldest(n int) {
	drop := map[Kind]int{}
	for ; n > 0; n-- {
		var oldest Kind
		found := false
		for k, facts := range m.byKind {
			if i := drop[k]; i < len(facts) && (!found || facts[i].Time.Before(m.byKind[oldest][drop[oldest]].Time)) {
				oldest, found = k, true
			}
		}
		if !found {
			break
		}
		drop[oldest]++
	}
	for k, d := range drop {
		m.byKind[k] = slices.Delete(m.byKind[k], 0, d)
		m.total -= d
	}
}

// trimBefore drops the facts older than cutoff from a sorted slice.
func trimBefore(facts []Fact, cutoff time.Time) []Fact {
	n := sort.Search(len(facts), func(i int) bool { return !facts[i].Time.Before(cutoff) })
	if n == 0 {
		return facts
	}
	return slices.Delete(facts, 0, n)
}

// Facts returns copies of the facts of kinds recorded at or after since
// and within the retention, oldest first.
func (m *Memory) Facts(_ context.Context, since time.Time, kinds ...Kind) ([]Fact, error) {
	kinds, err := checkKinds("quality: facts", kinds)
	if err != nil {
		return nil, err
	}
	since = later(since, m.now().Add(-m.retention))
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Fact
	for _, k := range kinds {
		facts := m.byKind[k]
		i := sort.Search(len(facts), func(i int) bool { return !facts[i].Time.Before(since) })
		for _, f := range facts[i:] {
			out = append(out, f.clone())
		}
	}
	sortFacts(out)
	return out, nil
}

// Forget deletes every fact about conv.
func (m *Memory) Forget(_ context.Context, conv guichet.ConversationID) (int, error) {
	if conv == "" {
		return 0, guichet.Errorf(guichet.Invalid, "quality: forget", "no conversation id")
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	removed := 0
	for k, facts := range m.byKind {
		kept := slices.DeleteFunc(facts, func(f Fact) bool { return f.Conversation == conv })
		removed += len(facts) - len(kept)
		m.byKind[k] = kept
	}
	m.total -= removed
	return removed, nil
}

func (f Fact) clone() Fact {
	f.Candidates = slices.Clone(f.Candidates)
	f.Fields = maps.Clone(f.Fields)
	return f
}
