package handoff_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

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
