package messenger

import (
	"net/http"
	"testing"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/channels/messenger/fakegraph"
)

// The channel over Redis behaves as over memory: batches answered,
// duplicates dropped, windows kept, blocked persons refused.
func TestRedisChannelEndToEnd(t *testing.T) {
	rdb, prefix, st := redisSetup(t)
	h := newHarness(t, withRedis(rdb, prefix), withStore(st))
	h.start()
	for _, f := range []string{"text_batch.json", "duplicates.json", "duplicates.json"} {
		if got := h.post(fixture(t, f)); got != http.StatusOK {
			t.Fatalf("%s: status %d", f, got)
		}
	}
	h.waitProcessed(8)
	waitFor(t, "five answers", func() bool { return len(h.graph.Messages()) == 5 })
	if got := h.textsTo("2000000000000005"); len(got) != 1 {
		t.Fatalf("duplicates answered %d times", len(got))
	}

	c := conv("2000000000000001")
	left, tagged, err := h.ch.WindowLeft(t.Context(), c)
	if err != nil || tagged || left < HumanAgentWindow-2*time.Minute {
		t.Fatalf("WindowLeft after a message: %v %v %v", left, tagged, err)
	}
	// An older event arriving late does not shorten the window.
	h.ch.windows.touch(t.Context(), c, fixtureTime.Add(-72*time.Hour), "")
	if l2, _, _ := h.ch.WindowLeft(t.Context(), c); l2 != left {
		t.Fatalf("late event moved the window: %v -> %v", left, l2)
	}
	h.graph.Inject(fakegraph.ErrBlocked, 1)
	h.send("2000000000000001", guichet.Reply{Role: guichet.RoleBot, Text: "Bonjour"})
	if err := h.ch.Transport().Admit(t.Context(), c, guichet.Reply{Role: guichet.RoleAgent}); !guichet.Is(err, guichet.Forbidden) {
		t.Fatalf("blocked person admitted: %v", err)
	}
}

// An event whose first attempt failed after its mid was claimed (Redis
// restarting under it) is answered by the next attempt in place, not
// dropped as a duplicate of itself.
func TestEventRetriedInPlaceAfterItsMidWasClaimed(t *testing.T) {
	rdb, prefix, st := redisSetup(t)
	h := newHarness(t, withRedis(rdb, prefix), withStore(st))
	h.handler.failures = 1
	h.start()
	if got := h.post(crashBody("2000000000000401", 0)); got != http.StatusOK {
		t.Fatalf("webhook status %d", got)
	}
	waitFor(t, "the answer", func() bool { return len(h.textsTo("2000000000000401")) > 0 })
	if got := h.textsTo("2000000000000401"); len(got) != 1 || got[0] != "Reçu : question 0" {
		t.Fatalf("answers %q, want one", got)
	}
}
