package quality_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/quality"
	"github.com/guichet/guichet/quality/qualitytest"
)

// Batched over either store honours the same contract as the store.
func TestBatchedMemory(t *testing.T) {
	qualitytest.Run(t, func(t *testing.T, retention time.Duration, now func() time.Time) quality.Store {
		b := quality.NewBatched(quality.NewMemory(retention, now), 0, now, nil)
		t.Cleanup(b.Close)
		return b
	})
}

// slowStore records only when let through, and counts the writes.
type slowStore struct {
	quality.Store
	gate   chan struct{}
	mu     sync.Mutex
	writes int
	sizes  []int
}

func (s *slowStore) Record(ctx context.Context, f quality.Fact) error {
	return s.RecordAll(ctx, []quality.Fact{f})
}

func (s *slowStore) RecordAll(ctx context.Context, fs []quality.Fact) error {
	<-s.gate
	s.mu.Lock()
	s.writes++
	s.sizes = append(s.sizes, len(fs))
	s.mu.Unlock()
	return s.Store.(interface {
		RecordAll(context.Context, []quality.Fact) error
	}).RecordAll(ctx, fs)
}

// gated returns a Batched with a queue of size over a memory store (its
// clock at qualitytest.Start) that writes only once slow.gate is closed.
func gated(size int) (*slowStore, *quality.Batched) {
	clock := func() time.Time { return qualitytest.Start }
	slow := &slowStore{Store: quality.NewMemory(0, clock), gate: make(chan struct{})}
	return slow, quality.NewBatched(slow, size, clock, nil)
}

func answer(conv string, at time.Time) quality.Fact {
	return quality.Fact{Kind: quality.KindAnswer, Conversation: guichet.ConversationID(conv), Entry: "permis.perte", Time: at}
}

// Facts queued while a write is under way go out together in the next
// one, and a reader sees all of them.
func TestBatchedGroupsWrites(t *testing.T) {
	ctx := context.Background()
	now := qualitytest.Start
	slow, b := gated(100)
	defer b.Close()
	if err := b.Record(ctx, answer("web:a", now)); err != nil {
		t.Fatal(err)
	}
	// The loop holds the first fact, blocked in its write; these wait.
	for i := 0; i < 20; i++ {
		if err := b.Record(ctx, answer("web:b", now)); err != nil {
			t.Fatal(err)
		}
	}
	close(slow.gate)
	got, err := b.Facts(ctx, time.Time{}, quality.KindAnswer)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 21 {
		t.Fatalf("Facts after 21 answers recorded: %d facts, want 21", len(got))
	}
	slow.mu.Lock()
	defer slow.mu.Unlock()
	if slow.writes > 3 {
		t.Errorf("21 facts queued behind one write took %d writes (%v), want them grouped", slow.writes, slow.sizes)
	}
}

// A full queue records at once instead of dropping, and the rarer kinds
// never wait in the queue.
func TestBatchedFullQueueAndRareKinds(t *testing.T) {
	ctx := context.Background()
	now := qualitytest.Start
	slow, b := gated(2)
	mem := slow.Store
	done := make(chan error, 1)
	go func() {
		var err error
		for i := 0; i < 5 && err == nil; i++ { // 1 in the write, 2 queued, then synchronous
			err = b.Record(ctx, answer("web:a", now))
		}
		done <- err
	}()
	select {
	case err := <-done:
		t.Fatalf("Record returned (%v) with the store blocked and the queue full: it dropped facts", err)
	case <-time.After(50 * time.Millisecond):
	}
	close(slow.gate)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	incident := quality.Fact{Kind: quality.KindIncident, Conversation: "web:a", Text: "le site plante", Time: now}
	if err := b.Record(ctx, incident); err != nil {
		t.Fatal(err)
	}
	// The incident is in the store underneath at once, queue or not.
	if got, _ := mem.Facts(ctx, time.Time{}, quality.KindIncident); len(got) != 1 {
		t.Errorf("incident report not recorded at once: %d in the store", len(got))
	}
	b.Close()
	if got, _ := mem.Facts(ctx, time.Time{}, quality.KindAnswer); len(got) != 5 {
		t.Errorf("after Close: %d answers in the store, want 5", len(got))
	}
	// After Close, records go straight to the store.
	if err := b.Record(ctx, answer("web:c", now)); err != nil {
		t.Fatal(err)
	}
	if got, _ := mem.Facts(ctx, time.Time{}, quality.KindAnswer); len(got) != 6 {
		t.Errorf("record after Close: %d answers in the store, want 6", len(got))
	}
}

// A fact queued before Forget does not outlive it.
func TestBatchedForgetIncludesQueued(t *testing.T) {
	ctx := context.Background()
	now := qualitytest.Start
	slow, b := gated(100)
	defer b.Close()
	for i := 0; i < 3; i++ {
		if err := b.Record(ctx, answer("web:gone", now)); err != nil {
			t.Fatal(err)
		}
	}
	go func() { time.Sleep(20 * time.Millisecond); close(slow.gate) }()
	n, err := b.Forget(ctx, "web:gone")
	if err != nil {
		t.Fatal(err)
	}
	if n != 3 {
		t.Errorf("Forget removed %d facts, want the 3 queued before it", n)
	}
}

// A flush that cannot complete gives up with its context.
func TestBatchedFlushHonoursContext(t *testing.T) {
	now := qualitytest.Start
	slow, b := gated(100)
	defer func() { close(slow.gate); b.Close() }()
	if err := b.Record(context.Background(), answer("web:a", now)); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	if _, err := b.Facts(ctx, time.Time{}); !guichet.Is(err, guichet.Unavailable) {
		t.Fatalf("Facts with the store blocked: err %v, want Unavailable", err)
	}
}
