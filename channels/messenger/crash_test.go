package messenger

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/channels/messenger/fakegraph"
)

// crashBody is one signed-able webhook body with one message per event.
func crashBody(psid string, i int) []byte {
	ev := map[string]any{"sender": map[string]string{"id": psid}, "recipient": map[string]string{"id": testPage},
		"timestamp": fixtureTime.Add(-time.Minute).UnixMilli() + int64(i),
		"message":   map[string]string{"mid": fmt.Sprintf("m_crash_%s_%d", psid, i), "text": fmt.Sprintf("question %d", i)}}
	b, _ := json.Marshal(map[string]any{"object": "page", "entry": []any{map[string]any{"id": testPage, "messaging": []any{ev}}}})
	return b
}

// An instance killed after acknowledging events to Meta (its context ends
// while one event is half done and others wait, nothing acknowledged) loses
// none: a second instance claims them back, and every message is answered
// exactly once.
func TestKilledWorkerLosesNoEventAndAnswersOnce(t *testing.T) {
	rdb, prefix, st := redisSetup(t)
	claim := withOptions(func(o *Options) {
		o.Config = testConfig("")
		o.Config.Workers = 1 // one event in flight at the kill: see the report on replies recorded but not sent
		o.ClaimIdle = 200 * time.Millisecond
	})
	a := newHarness(t, withRedis(rdb, prefix), withStore(st), claim)
	stuck := make(chan string, 1)
	a.handler.block = func(ctx context.Context, m guichet.Message) {
		if strings.HasSuffix(m.ID, "_3") && strings.Contains(m.ID, "2000000000000201") {
			stuck <- m.ID
			<-ctx.Done() // killed here: recorded, not answered
		}
	}
	psids := []string{"2000000000000201", "2000000000000202", "2000000000000203"}
	const perSender = 6
	for i := range perSender {
		for _, p := range psids {
			if got := a.post(crashBody(p, i)); got != http.StatusOK {
				t.Fatalf("webhook status %d", got)
			}
		}
	}
	a.start()
	stuckID := <-stuck
	a.stop() // the kill: nothing more is acknowledged
	pending, err := rdb.XPending(context.Background(), a.ch.queue.(*redisQueue).stream, groupName).Result()
	if err != nil || pending.Count == 0 {
		t.Fatalf("the kill left no pending work (%v, %v): the test proves nothing", pending, err)
	}
	answeredByA := len(a.graph.Messages())

	b := newHarness(t, withRedis(rdb, prefix), withStore(st), withGraph(a.graph), claim)
	b.start()
	total := len(psids) * perSender
	waitFor(t, "every message answered", func() bool { return len(a.graph.Messages()) >= total })
	waitFor(t, "the stream drained", func() bool {
		n, _ := rdb.XLen(context.Background(), a.ch.queue.(*redisQueue).stream).Result()
		return n == 0
	})
	checkAnsweredOnce(t, a.graph.Messages(), psids, perSender)
	if answeredByA >= total || len(a.graph.Messages()) != total {
		t.Fatalf("A answered %d, total %d, want %d", answeredByA, len(a.graph.Messages()), total)
	}
	t.Logf("A answered %d before the kill (stuck on %s), B the other %d; %d were pending", answeredByA, stuckID, total-answeredByA, pending.Count)
}

// checkAnsweredOnce fails unless every question of every sender got
// exactly one answer.
func checkAnsweredOnce(t *testing.T, msgs []fakegraph.Message, psids []string, perSender int) {
	t.Helper()
	counts := map[string]int{}
	for _, m := range msgs {
		counts[m.Recipient+"/"+m.Text]++
	}
	for _, p := range psids {
		for i := range perSender {
			if n := counts[fmt.Sprintf("%s/Reçu : question %d", p, i)]; n != 1 {
				t.Errorf("%s question %d answered %d times, want once", p, i, n)
			}
		}
	}
}
