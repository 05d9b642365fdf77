package handoff_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/handoff"
	"github.com/guichet/guichet/internal/testenv"
)

// benchClaims measures Service.Change(claim) — read, state machine,
// compare-and-set, consoles' notice and the citizen's "agent joined"
// notice — and reports its p99 next to the mean.
func benchClaims(b *testing.B, h *harness) {
	ids := make([]string, b.N)
	for i := range b.N {
		ids[i] = h.open(h.escalate(web(fmt.Sprintf("bench%d", i)))).ID
	}
	actor := handoff.Actor{Name: "alice", Display: "Alice"}
	took := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		start := time.Now()
		if _, err := h.svc.Change(bg, ids[i], handoff.Change{Action: handoff.ActClaim, Actor: actor}); err != nil {
			b.Fatal(err)
		}
		took = append(took, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)*99/100])/float64(time.Millisecond), "p99-ms")
}

func BenchmarkClaimMemory(b *testing.B) {
	benchClaims(b, newHarness(b))
}

func BenchmarkClaimRedis(b *testing.B) {
	tickets, err := handoff.NewRedisTickets(redisClient(b), testenv.KeyPrefix(b), handoff.StoreOptions{})
	if err != nil {
		b.Fatal(err)
	}
	benchClaims(b, newHarness(b, func(o *handoff.Options) { o.Tickets = tickets }))
}

// BenchmarkMemoryQueueReads measures what a busy queue costs the memory
// store: a citizen's place (asked on every notice) and the console's first
// page of the queue, with 20,000 tickets waiting and 100,000 closed ones
// kept for the retention period.
func BenchmarkMemoryQueueReads(b *testing.B) {
	s := handoff.NewMemoryTickets(handoff.StoreOptions{})
	t0 := time.Date(2026, 6, 8, 10, 0, 0, 0, time.UTC)
	var waitingIDs []string
	for i := range 120_000 {
		tk := handoff.Ticket{ID: fmt.Sprintf("t%d", i), Conversation: web(fmt.Sprintf("c%d", i)),
			Status: handoff.Waiting, Reason: guichet.ReasonExplicitRequest, Created: t0.Add(time.Duration(i) * time.Second)}
		tk, _, err := s.Create(bg, tk)
		if err != nil {
			b.Fatal(err)
		}
		if i%6 != 0 {
			tk.Status, tk.Closed = handoff.Resolved, tk.Created.Add(time.Minute)
			if _, err := s.Update(bg, tk); err != nil {
				b.Fatal(err)
			}
			continue
		}
		waitingIDs = append(waitingIDs, tk.ID)
	}
	b.Run("Position", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if p, err := s.Position(bg, waitingIDs[i%len(waitingIDs)]); err != nil || p == 0 {
				b.Fatal(p, err)
			}
		}
	})
	b.Run("ListWaiting50", func(b *testing.B) {
		for b.Loop() {
			if _, total, err := s.List(bg, handoff.Waiting, 50); err != nil || total != len(waitingIDs) {
				b.Fatal(total, err)
			}
		}
	})
}
