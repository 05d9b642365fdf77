package quality_test

import (
	"context"
	"testing"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/quality"
)

// The memory store holds at most 9/8 of MaxMemoryFacts facts of all kinds
// together, forgetting the oldest whatever their kind.
func TestMemoryCapsAllKindsTogether(t *testing.T) {
	start := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	now := start
	m := quality.NewMemory(time.Hour*24*365, func() time.Time { return now })
	ctx := context.Background()
	conv := guichet.NewConversationID(guichet.ChannelWeb, "c")
	n := quality.MaxMemoryFacts + quality.MaxMemoryFacts/8 + 1
	for i := range n {
		kind := quality.KindAnswer
		if i%4 == 0 {
			kind = quality.KindFallback
		}
		if err := m.Record(ctx, quality.Fact{Kind: kind, Time: start.Add(time.Duration(i) * time.Millisecond), Conversation: conv}); err != nil {
			t.Fatal(err)
		}
	}
	now = start.Add(time.Hour)
	facts, err := m.Facts(ctx, time.Time{}, quality.KindAnswer, quality.KindFallback)
	if err != nil {
		t.Fatal(err)
	}
	if len(facts) != quality.MaxMemoryFacts {
		t.Fatalf("%d facts held after %d records, want the cap %d", len(facts), n, quality.MaxMemoryFacts)
	}
	if want := start.Add(time.Duration(n-quality.MaxMemoryFacts) * time.Millisecond); !facts[0].Time.Equal(want) {
		t.Errorf("oldest fact kept at %v, want %v: the oldest of both kinds go first", facts[0].Time, want)
	}
	kinds := map[quality.Kind]int{}
	for _, f := range facts {
		kinds[f.Kind]++
	}
	if kinds[quality.KindFallback] == 0 || kinds[quality.KindAnswer] == 0 {
		t.Errorf("kinds kept: %v, want both", kinds)
	}
	if removed, err := m.Forget(ctx, conv); err != nil || removed != quality.MaxMemoryFacts {
		t.Errorf("Forget = %d, %v; want %d", removed, err, quality.MaxMemoryFacts)
	}
}
