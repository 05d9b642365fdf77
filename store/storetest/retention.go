package storetest

import (
	"sync"
	"testing"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/store"
)

// Clock is a manual clock for Options.Now.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock returns a clock stopped at a fixed date.
func NewClock() *Clock {
	return &Clock{now: time.Date(2025, 1, 6, 9, 0, 0, 0, time.UTC)}
}

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// retention is the Options.Retention RunRetention uses.
const retention = time.Hour

// RunRetention checks expiry for a store that tells time by Options.Now.
// newStore must build a fresh store with the given options (they carry a
// Clock and the retention) and close it when t ends.
func RunRetention(t *testing.T, newStore func(t *testing.T, opts store.Options) store.Store) {
	t.Run("TranscriptExpires", func(t *testing.T) {
		t.Parallel()
		clock := NewClock()
		testTranscriptExpires(t, newStore(t, store.Options{Retention: retention, Now: clock.Now}), clock)
	})
	t.Run("StateExpires", func(t *testing.T) {
		t.Parallel()
		clock := NewClock()
		testStateExpires(t, newStore(t, store.Options{Retention: retention, Now: clock.Now}), clock)
	})
	t.Run("CommitKeepsAlive", func(t *testing.T) {
		t.Parallel()
		clock := NewClock()
		testCommitKeepsAlive(t, newStore(t, store.Options{Retention: retention, Now: clock.Now}), clock)
	})
	t.Run("ClaimExpires", func(t *testing.T) {
		t.Parallel()
		clock := NewClock()
		testClaimExpires(t, newStore(t, store.Options{Retention: retention, Now: clock.Now}), clock)
	})
}

func testTranscriptExpires(t *testing.T, s store.Store, clock *Clock) {
	c := conv("expiry")
	if ev := mustAppend(t, s, c, guichet.Event{ID: "m1", Text: "x"}); !ev.Time.Equal(clock.Now()) {
		t.Errorf("event time %v, want the store clock's %v", ev.Time, clock.Now())
	}
	clock.Advance(retention - time.Minute)
	mustAppend(t, s, c, guichet.Event{ID: "m2", Text: "y"}) // pushes expiry back
	clock.Advance(retention - time.Minute)
	if n := len(mustEvents(t, s, c, 0, 10)); n != 2 {
		t.Fatalf("%v after the last append: %d events, want 2", retention-time.Minute, n)
	}
	clock.Advance(2 * time.Minute)
	if evs := mustEvents(t, s, c, 0, 10); len(evs) != 0 {
		t.Fatalf("after retention: events %v, want none", seqs(evs))
	}
	if ev := mustAppend(t, s, c, guichet.Event{ID: "m1", Text: "z"}); ev.Seq != 1 {
		t.Errorf("Append after expiry: seq %d, want 1 (ids expire too)", ev.Seq)
	}
}

func testStateExpires(t *testing.T, s store.Store, clock *Clock) {
	c := conv("state-expiry")
	if _, err := s.SaveState(t.Context(), c, []byte("a"), 0); err != nil {
		t.Fatal(err)
	}
	clock.Advance(retention - time.Second)
	if _, v, _ := s.LoadState(t.Context(), c); v != 1 {
		t.Fatalf("state version %d before retention, want 1", v)
	}
	clock.Advance(time.Second)
	if data, v, err := s.LoadState(t.Context(), c); data != nil || v != 0 || err != nil {
		t.Errorf("LoadState after retention = %q, %d, %v; want nil, 0, nil", data, v, err)
	}
}

// testCommitKeepsAlive: a commit is a write like any other, it pushes
// the whole conversation's expiry back.
func testCommitKeepsAlive(t *testing.T, s store.Store, clock *Clock) {
	c := conv("commit-expiry")
	mustAppend(t, s, c, guichet.Event{ID: "m1", Text: "x"})
	clock.Advance(retention - time.Minute)
	mustCommit(t, s, c, []guichet.Event{{ID: "m1/r0", Text: "y"}}, "st", 0)
	clock.Advance(retention - time.Minute)
	if n := len(mustEvents(t, s, c, 0, 10)); n != 2 {
		t.Errorf("%v after the commit: %d events, want 2", retention-time.Minute, n)
	}
	if _, v, _ := s.LoadState(t.Context(), c); v != 1 {
		t.Errorf("%v after the commit: state version %d, want 1", retention-time.Minute, v)
	}
	clock.Advance(2 * time.Minute)
	if evs := mustEvents(t, s, c, 0, 10); len(evs) != 0 {
		t.Errorf("after retention: events %v, want none", seqs(evs))
	}
}

func testClaimExpires(t *testing.T, s store.Store, clock *Clock) {
	ctx := t.Context()
	if ok, err := s.Claim(ctx, "k", time.Minute); !ok || err != nil {
		t.Fatalf("first Claim = %v, %v", ok, err)
	}
	clock.Advance(59 * time.Second)
	if ok, _ := s.Claim(ctx, "k", time.Minute); ok {
		t.Errorf("Claim granted again before its ttl")
	}
	clock.Advance(time.Second)
	if ok, _ := s.Claim(ctx, "k", time.Minute); !ok {
		t.Errorf("Claim refused once its ttl passed")
	}
}
