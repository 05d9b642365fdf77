package messenger

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/internal/testenv"
	"github.com/guichet/guichet/store"
)

// newQueueFunc builds an empty queue of capacity entries whose entries
// may be claimed back after claimIdle.
type newQueueFunc func(t *testing.T, capacity int, claimIdle time.Duration) queue

func redisClient(t *testing.T) redis.UniversalClient {
	t.Helper()
	return redisClientURL(t, testenv.RedisURL(t))
}

// redisSetup gives a test its own key prefix on the shared Redis and a
// conversation store over it.
func redisSetup(t *testing.T) (redis.UniversalClient, string, *store.Redis) {
	t.Helper()
	rdb := redisClient(t)
	prefix := testenv.KeyPrefix(t)
	st, err := store.NewRedisClient(rdb, store.Options{KeyPrefix: prefix})
	if err != nil {
		t.Fatal(err)
	}
	return rdb, prefix, st
}

func redisClientURL(t *testing.T, url string) redis.UniversalClient {
	t.Helper()
	opts, err := redis.ParseURL(url)
	if err != nil {
		t.Fatal(err)
	}
	rdb := redis.NewClient(opts)
	t.Cleanup(func() { rdb.Close() })
	return rdb
}

func TestQueueContract(t *testing.T) {
	t.Run("memory", func(t *testing.T) {
		runQueueContract(t, func(t *testing.T, capacity int, idle time.Duration) queue {
			return newMemQueue(capacity, idle, time.Now)
		})
	})
	t.Run("redis", func(t *testing.T) {
		rdb := redisClient(t)
		runQueueContract(t, func(t *testing.T, capacity int, idle time.Duration) queue {
			return newRedisQueue(rdb, testenv.KeyPrefix(t), capacity, idle, time.Hour)
		})
	})
}

func runQueueContract(t *testing.T, newQueue newQueueFunc) {
	t.Run("in order, once acknowledged gone", func(t *testing.T) { queueOrderAndAck(t, newQueue(t, 100, time.Hour)) })
	t.Run("unacknowledged entries go to another consumer", func(t *testing.T) { queueReclaim(t, newQueue(t, 100, time.Millisecond)) })
	t.Run("bounded", func(t *testing.T) { queueBounded(t, newQueue(t, 3, time.Hour)) })
}

func events(n int, prefix string) []inbound {
	out := make([]inbound, n)
	for i := range out {
		out[i] = inbound{Kind: kindMessage, PSID: "2000000000000001", Time: int64(1000 + i), MID: fmt.Sprintf("%s%d", prefix, i), Text: "é"}
	}
	return out
}

// readAll reads until want entries arrived (or the wait gives up).
func readAll(t *testing.T, q queue, consumer string, want int) []delivery {
	t.Helper()
	var got []delivery
	for tries := 0; len(got) < want && tries < 20; tries++ {
		ds, err := q.read(t.Context(), consumer, 10)
		if err != nil {
			t.Fatalf("read: %v", err)
		}
		got = append(got, ds...)
	}
	if len(got) != want {
		t.Fatalf("read %d entries, want %d", len(got), want)
	}
	return got
}

func queueOrderAndAck(t *testing.T, q queue) {
	ctx := t.Context()
	if err := q.push(ctx, events(2, "a")); err != nil {
		t.Fatal(err)
	}
	if err := q.push(ctx, events(1, "b")); err != nil {
		t.Fatal(err)
	}
	got := readAll(t, q, "c1", 3)
	for i, want := range []string{"a0", "a1", "b0"} {
		if got[i].ev.MID != want || got[i].ev.Text != "é" || got[i].redelivered {
			t.Fatalf("entry %d = %+v, want %s, first delivery", i, got[i], want)
		}
	}
	if err := q.ack(ctx, got[0].id, got[1].id, got[2].id); err != nil {
		t.Fatal(err)
	}
	if ds, err := q.read(ctx, "c2", 10); err != nil || len(ds) != 0 {
		t.Fatalf("after ack: %d entries, %v", len(ds), err)
	}
}

func queueReclaim(t *testing.T, q queue) {
	ctx := t.Context()
	q.push(ctx, events(2, "r"))
	got := readAll(t, q, "dead", 2)
	q.ack(ctx, got[0].id) // the consumer died before finishing the second
	again := readAll(t, q, "alive", 1)
	if again[0].ev.MID != "r1" || !again[0].redelivered {
		t.Fatalf("reclaimed %+v, want r1 marked redelivered", again[0])
	}
	q.ack(ctx, again[0].id)
	if ds, _ := q.read(ctx, "alive", 10); len(ds) != 0 {
		t.Fatalf("%d entries left after ack", len(ds))
	}
}

// queueBounded: a queue refuses a batch it cannot hold whole (the webhook
// then answers 503 and Meta sends it again), entries read and not yet
// acknowledged count, and acknowledging makes room.
func queueBounded(t *testing.T, q queue) {
	ctx := t.Context()
	if err := q.push(ctx, events(2, "x")); err != nil {
		t.Fatal(err)
	}
	got := readAll(t, q, "c1", 2)
	if err := q.push(ctx, events(2, "y")); !guichet.Is(err, guichet.Unavailable) {
		t.Fatalf("push of 2 into a queue holding 2 of 3: %v, want Unavailable (Meta retries)", err)
	}
	if err := q.push(ctx, events(1, "z")); err != nil {
		t.Fatalf("push of 1 into a queue holding 2 of 3: %v", err)
	}
	if err := q.ack(ctx, got[0].id, got[1].id); err != nil {
		t.Fatal(err)
	}
	if err := q.push(ctx, events(2, "y")); err != nil {
		t.Fatalf("push after acknowledgements made room: %v", err)
	}
	var mids []string
	for _, d := range readAll(t, q, "c1", 3) {
		mids = append(mids, d.ev.MID)
	}
	if !slices.Equal(mids, []string{"z0", "y0", "y1"}) {
		t.Errorf("queue holds %q, want z0 y0 y1: nothing of the refused batch", mids)
	}
}

func TestRedisQueueSurvivesUndecodableEntriesAndLostGroup(t *testing.T) {
	rdb := redisClient(t)
	prefix := testenv.KeyPrefix(t)
	q := newRedisQueue(rdb, prefix, 100, time.Hour, time.Hour)
	ctx := context.Background()
	rdb.XAdd(ctx, &redis.XAddArgs{Stream: q.stream, Values: []any{"e", "{not json"}})
	q.push(ctx, events(1, "ok"))
	got := readAll(t, q, "c", 2)
	if !got[0].bad || got[1].bad || got[1].ev.MID != "ok0" {
		t.Fatalf("got %+v", got)
	}
	// The stream deleted under the consumer (FLUSHDB, failover): the
	// group is recreated and new events still flow.
	rdb.Del(ctx, q.stream)
	q.read(ctx, "c", 10)
	q.push(ctx, events(1, "after"))
	if got := readAll(t, q, "c", 1); got[0].ev.MID != "after0" {
		t.Fatalf("got %+v", got)
	}
}

// The entries of a live consumer stay with it however long it takes; those
// of a consumer that left, or whose beat expired, go at once to the next
// consumer that reads, each to one consumer only.
func TestRedisQueueTakesOverOnlyDeadConsumers(t *testing.T) {
	rdb := redisClient(t)
	prefix := testenv.KeyPrefix(t)
	ctx := t.Context()
	q := newRedisQueue(rdb, prefix, 100, time.Hour, 200*time.Millisecond)
	q.push(ctx, events(3, "t"))
	if err := q.beat(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	readAll(t, q, "a", 3)
	for range 3 { // a beats: nothing is taken from it
		if err := q.beat(ctx, "a"); err != nil {
			t.Fatal(err)
		}
		if ds, err := q.read(ctx, "b", 10); err != nil || len(ds) != 0 {
			t.Fatalf("b took %d entries of a live consumer (%v)", len(ds), err)
		}
	}
	// a dies: its beat expires; b and c, two instances, look at once.
	other := newRedisQueue(rdb, prefix, 100, time.Hour, 200*time.Millisecond)
	got := map[string]int{}
	for tries := 0; len(got) < 3 && tries < 100; tries++ {
		for _, c := range []struct {
			q    *redisQueue
			name string
		}{{q, "b"}, {other, "c"}} {
			ds, err := c.q.read(ctx, c.name, 10)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range ds {
				if !d.redelivered {
					t.Fatalf("%s taken over without the redelivered mark", d.ev.MID)
				}
				got[d.ev.MID]++
			}
		}
	}
	if len(got) != 3 || got["t0"] != 1 || got["t1"] != 1 || got["t2"] != 1 {
		t.Fatalf("taken over: %v, want t0, t1 and t2 once each", got)
	}
}

// A consumer that says it left has its entries taken without waiting for
// its beat to expire.
func TestRedisQueueTakesOverAConsumerThatLeft(t *testing.T) {
	rdb := redisClient(t)
	q := newRedisQueue(rdb, testenv.KeyPrefix(t), 100, time.Hour, time.Hour)
	ctx := t.Context()
	q.push(ctx, events(1, "l"))
	q.beat(ctx, "a")
	readAll(t, q, "a", 1)
	if err := q.leave(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	if got := readAll(t, q, "b", 1); got[0].ev.MID != "l0" || !got[0].redelivered {
		t.Fatalf("got %+v", got)
	}
}
