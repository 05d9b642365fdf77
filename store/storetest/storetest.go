// Package storetest is the contract of store.Store as tests: every
// implementation runs Run and so behaves the same. A store's own test calls
//
//	storetest.Run(t, func(t *testing.T) store.Store { ... a fresh, empty store ... })
//
// and, when its expiry follows Options.Now, RunRetention.
package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/store"
)

// wait bounds every wait for a notice or a goroutine, generous for -race.
const wait = 10 * time.Second

// Run checks s against the contract. newStore must return a fresh, empty
// store, isolated from every other (a random KeyPrefix for Redis), and
// close it when t ends; closing it twice must be harmless. Subtests run in
// parallel.
func Run(t *testing.T, newStore func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(*testing.T, store.Store)
	}{
		{"AppendNumbers", testAppendNumbers},
		{"AppendInvalid", testAppendInvalid},
		{"AppendIdempotent", testAppendIdempotent},
		{"EventsPaging", testEventsPaging},
		{"ConversationsSeparate", testConversationsSeparate},
		{"ConcurrentAppend", testConcurrentAppend},
		{"ConcurrentDuplicate", testConcurrentDuplicate},
		{"ReturnedCopies", testReturnedCopies},
		{"Forget", testForget},
		{"AppendAnnounces", testAppendAnnounces},
		{"AppendLoad", testAppendLoad},
		{"Commit", testCommit},
		{"CommitConflict", testCommitConflict},
		{"CommitIdempotent", testCommitIdempotent},
		{"StateCAS", testStateCAS},
		{"StateConcurrent", testStateConcurrent},
		{"Claim", testClaim},
		{"ClaimConcurrent", testClaimConcurrent},
		{"BusFanOut", testBusFanOut},
		{"BusCancel", testBusCancel},
		{"BusClose", testBusClose},
		{"BusSlowSubscriber", testBusSlowSubscriber},
		{"Ping", testPing},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.fn(t, newStore(t))
		})
	}
}

// conv is a conversation id for tests.
func conv(subject string) guichet.ConversationID {
	return guichet.NewConversationID(guichet.ChannelCLI, subject)
}

func mustAppend(t *testing.T, s store.Store, c guichet.ConversationID, ev guichet.Event) guichet.Event {
	t.Helper()
	stored, created, err := s.Append(t.Context(), c, ev)
	if err != nil {
		t.Fatalf("Append(%s, %q): %v", c, ev.ID, err)
	}
	if !created {
		t.Fatalf("Append(%s, %q): created = false for a new event", c, ev.ID)
	}
	return stored
}

func mustEvents(t *testing.T, s store.Store, c guichet.ConversationID, after int64, limit int) []guichet.Event {
	t.Helper()
	evs, err := s.Events(t.Context(), c, after, limit)
	if err != nil {
		t.Fatalf("Events(%s, %d, %d): %v", c, after, limit, err)
	}
	return evs
}

// seqs lists the Seq of each event, for compact failure messages.
func seqs(evs []guichet.Event) []int64 {
	out := make([]int64, len(evs))
	for i, ev := range evs {
		out[i] = ev.Seq
	}
	return out
}

func wantKind(t *testing.T, what string, err error, kind guichet.Kind) {
	t.Helper()
	if !guichet.Is(err, kind) {
		t.Errorf("%s: error %v (kind %v), want kind %v", what, err, guichet.KindOf(err), kind)
	}
}

// parallel runs fn(i) for i in [0, n) at once and reports the first error.
func parallel(t *testing.T, n int, fn func(ctx context.Context, i int) error) {
	t.Helper()
	errs := make(chan error, n)
	for i := range n {
		go func() { errs <- fn(t.Context(), i) }()
	}
	var all []error
	for range n {
		all = append(all, <-errs)
	}
	if err := errors.Join(all...); err != nil {
		t.Fatal(err)
	}
}
