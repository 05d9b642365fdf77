package store_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/store"
	"github.com/guichet/guichet/store/storetest"
)

func newMemory(t *testing.T, opts store.Options) store.Store {
	s := store.NewMemory(opts)
	t.Cleanup(func() { s.Close() })
	return s
}

func TestMemory(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T) store.Store { return newMemory(t, store.Options{}) })
}

func TestMemoryRetention(t *testing.T) {
	t.Parallel()
	storetest.RunRetention(t, newMemory)
}

// A message delivered again is recognised by its id however long the
// conversation: below idsAbove events by a scan, above by the index built
// then (with the ids of the events before it).
func TestMemoryDuplicateIDsInLongConversations(t *testing.T) {
	s := newMemory(t, store.Options{})
	ctx := context.Background()
	conv := guichet.NewConversationID(guichet.ChannelWeb, "long")
	for i := range 120 {
		ev, added, err := s.Append(ctx, conv, guichet.Event{ID: "m" + strconv.Itoa(i), Role: guichet.RoleUser, Text: "q" + strconv.Itoa(i)})
		if err != nil || !added || ev.Seq != int64(i+1) {
			t.Fatalf("append %d: seq %d, added %v, %v", i, ev.Seq, added, err)
		}
		for _, again := range []int{0, i / 2, i} {
			dup, added, err := s.Append(ctx, conv, guichet.Event{ID: "m" + strconv.Itoa(again), Role: guichet.RoleUser, Text: "other"})
			if err != nil || added || dup.Seq != int64(again+1) || dup.Text != "q"+strconv.Itoa(again) {
				t.Fatalf("after %d events, m%d again: seq %d, added %v, text %q, %v", i+1, again, dup.Seq, added, dup.Text, err)
			}
		}
	}
	// Events without an id are never duplicates of one another.
	for range 2 {
		if _, added, err := s.Append(ctx, conv, guichet.Event{Role: guichet.RoleSystem, Text: "notice"}); err != nil || !added {
			t.Fatalf("event without id: added %v, %v", added, err)
		}
	}
}
