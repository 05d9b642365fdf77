package messenger

import (
	"context"
	"testing"
	"time"
)

// A worker's batch records windows and claims mids in one pipeline with
// the same outcome as one at a time: Meta's duplicate inside the batch is
// refused, the window keeps the latest message, and it all still works
// once Redis has forgotten its scripts (a restart, SCRIPT FLUSH).
func TestRedisBatchTouchAndWriteBehind(t *testing.T) {
	rdb, prefix, _ := redisSetup(t)
	ctx := context.Background()
	w := newRedisWindows(rdb, prefix, time.Now, time.Hour)
	c := conv("2000000000000501")
	t0 := fixtureTime.Add(-time.Hour)
	for round, flush := range []bool{false, true} {
		if flush {
			if err := rdb.ScriptFlush(ctx).Err(); err != nil {
				t.Fatal(err)
			}
		}
		mid := []string{"m_a", "m_b"}[round]
		got := w.touchAll(ctx, []arrival{
			{conv: c, at: t0.Add(time.Duration(round) * time.Minute), mid: mid},
			{conv: c, at: t0.Add(-time.Minute), mid: mid}, // Meta's retry, older timestamp
			{conv: c, at: t0.Add(-2 * time.Minute)},       // claims nothing
		})
		for i, want := range []bool{true, false, true} {
			if got[i].err != nil || got[i].first != want {
				t.Fatalf("round %d, arrival %d: first %v err %v, want first %v", round, i, got[i].first, got[i].err, want)
			}
			if wantLast := t0.Add(time.Duration(round) * time.Minute); !got[i].w.last.Equal(wantLast) {
				t.Fatalf("round %d, arrival %d: window at %v, want the latest message %v", round, i, got[i].w.last, wantLast)
			}
		}
	}

	sent := newRedisSent(rdb, prefix)
	q := newRedisQueue(rdb, prefix, 10, time.Hour, time.Second)
	wb := redisBehind{rdb: rdb, sent: sent, q: q}
	if err := rdb.ScriptFlush(ctx).Err(); err != nil {
		t.Fatal(err)
	}
	if err := wb.writeBehind(ctx, []sentNote{{conv: c, id: "e1"}, {conv: c, id: "e2"}}, nil); err != nil {
		t.Fatalf("notes after SCRIPT FLUSH: %v", err)
	}
	for _, id := range []string{"e1", "e2"} {
		if ok, err := sent.sent(ctx, c, id); err != nil || !ok {
			t.Fatalf("note %s not written: %v %v", id, ok, err)
		}
	}
	if ttl := rdb.PTTL(ctx, sent.key(c)).Val(); ttl <= 0 || ttl > sentTTL {
		t.Fatalf("sent log lives %v, want up to %v", ttl, sentTTL)
	}
}
