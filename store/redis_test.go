package store_test

import (
	"context"
	"errors"
	"net"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/internal/testenv"
	"github.com/guichet/guichet/store"
	"github.com/guichet/guichet/store/storetest"
)

// newRedis connects to the test server under a key prefix of its own.
// A short retention keeps a shared server (GUICHET_TEST_REDIS_URL) from
// accumulating test keys.
func newRedis(t testing.TB, opts store.Options) *store.Redis {
	t.Helper()
	if opts.KeyPrefix == "" {
		opts.KeyPrefix = testenv.KeyPrefix(t)
	}
	if opts.Retention == 0 {
		opts.Retention = 10 * time.Minute
	}
	s, err := store.NewRedis(t.Context(), testenv.RedisURL(t), opts)
	if err != nil {
		t.Fatalf("NewRedis: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// rawClient reaches the test server around the store.
func rawClient(t testing.TB, url string) *redis.Client {
	t.Helper()
	o, err := redis.ParseURL(url)
	if err != nil {
		t.Fatal(err)
	}
	c := redis.NewClient(o)
	t.Cleanup(func() { c.Close() })
	return c
}

func TestRedis(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T) store.Store { return newRedis(t, store.Options{}) })
}

// TestRedisKeys checks the documented layout and that every key of a
// conversation gets the retention, which is what makes it expire.
func TestRedisKeys(t *testing.T) {
	t.Parallel()
	prefix := testenv.KeyPrefix(t)
	s := newRedis(t, store.Options{KeyPrefix: prefix, Retention: time.Hour})
	c := guichet.NewConversationID(guichet.ChannelWeb, "keys")
	if _, _, err := s.Append(t.Context(), c, guichet.Event{ID: "m1", Text: "x"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveState(t.Context(), c, []byte("st"), 0); err != nil {
		t.Fatal(err)
	}
	raw := rawClient(t, testenv.RedisURL(t))
	for key, typ := range map[string]string{"log": "list", "ids": "hash", "state": "hash"} {
		key = prefix + "{web:keys}:" + key
		if got := raw.Type(t.Context(), key).Val(); got != typ {
			t.Errorf("%s: type %q, want %q", key, got, typ)
		}
		if ttl := raw.PTTL(t.Context(), key).Val(); ttl <= time.Hour-time.Minute || ttl > time.Hour {
			t.Errorf("%s: PTTL %v, want about 1h", key, ttl)
		}
	}
	if _, err := s.Claim(t.Context(), "mid.1", time.Minute); err != nil {
		t.Fatal(err)
	}
	if ttl := raw.PTTL(t.Context(), prefix+"claim:mid.1").Val(); ttl <= 0 || ttl > time.Minute {
		t.Errorf("claim PTTL %v, want at most 1m", ttl)
	}
}

// TestRedisExpiryRefresh: a write pushes the conversation's expiry back
// only once the last push is more than the slack ago (36 s for a
// retention of an hour), and then for all its keys at once; a key written
// for the first time forces the refresh, so no key is left without a time
// to live. The clock moves as the keys' time to live is run down.
func TestRedisExpiryRefresh(t *testing.T) {
	t.Parallel()
	prefix := testenv.KeyPrefix(t)
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	s := newRedis(t, store.Options{KeyPrefix: prefix, Retention: time.Hour, Now: func() time.Time { return now }})
	raw := rawClient(t, testenv.RedisURL(t))
	ctx, c := t.Context(), guichet.NewConversationID(guichet.ChannelWeb, "refresh")
	keys := []string{prefix + "{web:refresh}:log", prefix + "{web:refresh}:ids", prefix + "{web:refresh}:state"}
	pushed := now // when the keys' expiry was last pushed back
	// runDown leaves the keys d to live, as if time had passed since the
	// last push.
	runDown := func(d time.Duration) {
		for _, k := range keys {
			raw.PExpire(ctx, k, d)
		}
		now = pushed.Add(time.Hour - d)
	}
	wantTTL := func(what string, lo, hi time.Duration) {
		t.Helper()
		for _, k := range keys {
			if ttl := raw.PTTL(ctx, k).Val(); ttl < lo || ttl > hi {
				t.Errorf("%s: %s PTTL %v, want %v to %v", what, k, ttl, lo, hi)
			}
		}
	}
	if _, _, err := s.Append(ctx, c, guichet.Event{ID: "m1", Text: "x"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveState(ctx, c, []byte("st"), 0); err != nil {
		t.Fatal(err)
	}
	wantTTL("new conversation", time.Hour-time.Minute, time.Hour)
	runDown(time.Hour - 10*time.Second)
	if _, _, _, _, err := s.AppendLoad(ctx, c, guichet.Event{ID: "m2", Text: "x"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveState(ctx, c, []byte("st"), 1); err != nil {
		t.Fatal(err)
	}
	wantTTL("writes within the slack", time.Hour-time.Minute, time.Hour-10*time.Second)
	runDown(time.Hour - 2*time.Minute)
	if _, _, err := s.Commit(ctx, c, []guichet.Event{{ID: "m2/r0", Text: "y"}}, []byte("st"), 2); err != nil {
		t.Fatal(err)
	}
	wantTTL("a commit past the slack", time.Hour-time.Minute, time.Hour)
	pushed = now
	runDown(time.Hour - 2*time.Minute)
	if _, _, err := s.Append(ctx, c, guichet.Event{Text: "no id"}); err != nil {
		t.Fatal(err)
	}
	wantTTL("an append without id past the slack", time.Hour-time.Minute, time.Hour)
	pushed = now
	runDown(time.Hour - 2*time.Minute)
	if _, _, _, _, err := s.AppendLoad(ctx, c, guichet.Event{ID: "m3", Text: "x"}); err != nil {
		t.Fatal(err)
	}
	wantTTL("a message past the slack", time.Hour-time.Minute, time.Hour)

	// A state saved first, then the first event: the transcript's keys
	// are new, they get the retention at once.
	c2 := guichet.NewConversationID(guichet.ChannelWeb, "refresh2")
	keys = []string{prefix + "{web:refresh2}:log", prefix + "{web:refresh2}:ids", prefix + "{web:refresh2}:state"}
	if _, err := s.SaveState(ctx, c2, []byte("st"), 0); err != nil {
		t.Fatal(err)
	}
	pushed = now
	runDown(time.Hour - 10*time.Second)
	if _, _, err := s.Append(ctx, c2, guichet.Event{ID: "m1", Text: "x"}); err != nil {
		t.Fatal(err)
	}
	wantTTL("first event after the state", time.Hour-time.Minute, time.Hour)

	// Events without ids first, then one with an id: the ids hash is new
	// however recent the last push, and gets the retention at once.
	c3 := guichet.NewConversationID(guichet.ChannelWeb, "refresh3")
	keys = []string{prefix + "{web:refresh3}:log", prefix + "{web:refresh3}:state"}
	if _, _, err := s.Append(ctx, c3, guichet.Event{Text: "no id"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveState(ctx, c3, []byte("st"), 0); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Commit(ctx, c3, []guichet.Event{{ID: "r0", Text: "y"}}, []byte("st"), 1); err != nil {
		t.Fatal(err)
	}
	keys = append(keys, prefix+"{web:refresh3}:ids")
	wantTTL("an ids hash written after the other keys", time.Hour-time.Minute, time.Hour)
}

// TestRedisExpiry lets Redis really expire a conversation; the wait is
// kept short by a tiny retention.
func TestRedisExpiry(t *testing.T) {
	t.Parallel()
	s := newRedis(t, store.Options{Retention: 100 * time.Millisecond})
	c := guichet.NewConversationID(guichet.ChannelWeb, "expiry")
	if _, _, err := s.Append(t.Context(), c, guichet.Event{ID: "m1", Text: "x"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveState(t.Context(), c, []byte("st"), 0); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	evs, err := s.Events(t.Context(), c, 0, 10)
	data, v, err2 := s.LoadState(t.Context(), c)
	if len(evs) != 0 || data != nil || v != 0 || err != nil || err2 != nil {
		t.Errorf("after retention: %d events, state %q v%d, errors %v %v", len(evs), data, v, err, err2)
	}
}

func TestRedisBusAcrossInstances(t *testing.T) {
	t.Parallel()
	prefix := testenv.KeyPrefix(t)
	a, b := newRedis(t, store.Options{KeyPrefix: prefix}), newRedis(t, store.Options{KeyPrefix: prefix})
	ch, err := b.Subscribe(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Publish(t.Context(), store.Notice{Topic: store.TopicTicket}); err != nil {
		t.Fatal(err)
	}
	select {
	case n := <-ch:
		if n.Topic != store.TopicTicket {
			t.Errorf("got %+v", n)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("notice from another instance never arrived")
	}
}

// An append is announced to the subscribers of the instance that made it
// once, with the event, and to the other instances without it.
func TestRedisAppendAnnouncedAcrossInstances(t *testing.T) {
	t.Parallel()
	prefix := testenv.KeyPrefix(t)
	a, b := newRedis(t, store.Options{KeyPrefix: prefix}), newRedis(t, store.Options{KeyPrefix: prefix})
	local, remote := mustSubscribe(t, a), mustSubscribe(t, b)
	c := guichet.NewConversationID(guichet.ChannelWeb, "across")
	if _, _, err := a.Append(t.Context(), c, guichet.Event{ID: "m1", Text: "x"}); err != nil {
		t.Fatal(err)
	}
	marker := store.Notice{Topic: store.TopicTicket}
	if err := a.Publish(t.Context(), marker); err != nil {
		t.Fatal(err)
	}
	if n := next(t, local); n.Seq != 1 || len(n.Events) != 1 || n.Events[0].ID != "m1" {
		t.Errorf("instance that appended: notice %+v, want seq 1 with event m1", n)
	}
	if n := next(t, local); n.Topic != store.TopicTicket {
		t.Errorf("instance that appended: after the event's notice %+v, want only the marker", n)
	}
	if n := next(t, remote); n.Seq != 1 || n.Conversation != c || n.Events != nil {
		t.Errorf("other instance: notice %+v, want seq 1 of %s without events", n, c)
	}
}

func mustSubscribe(t *testing.T, s store.Store) <-chan store.Notice {
	t.Helper()
	ch, err := s.Subscribe(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return ch
}

func TestRedisBadOptions(t *testing.T) {
	t.Parallel()
	_, err := store.NewRedisClient(redis.NewClient(&redis.Options{}), store.Options{KeyPrefix: "a{b}:"})
	if !guichet.Is(err, guichet.Invalid) {
		t.Errorf("prefix with braces: %v, want Invalid", err)
	}
	_, err = store.NewRedis(t.Context(), "redis://:s3cret@127.0.0.1:notaport", store.Options{})
	if !guichet.Is(err, guichet.Invalid) || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("bad url: %v, want Invalid without the password", err)
	}
}

// TestRedisUnreachable starts against a closed port: the error names the
// address and the cause, never the password.
func TestRedisUnreachable(t *testing.T) {
	t.Parallel()
	addr := closedPort(t)
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	_, err := store.NewRedis(ctx, "redis://:s3cret@"+addr+"/0", store.Options{})
	want := "store: redis at " + addr + ": connection refused"
	if err == nil || err.Error() != want || !guichet.Is(err, guichet.Unavailable) {
		t.Fatalf("NewRedis on a closed port: %v (kind %v); want %q, Unavailable", err, guichet.KindOf(err), want)
	}
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("cause lost: errors.Is(err, ECONNREFUSED) = false")
	}
}

// closedPort returns a loopback address nothing listens on.
func closedPort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return "127.0.0.1:" + strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
}

// The store's contract holds on a real Redis Cluster of three masters
// (GUICHET_TEST_REDIS_CLUSTER), where a script or transaction touching
// keys of two slots fails.
func TestRedisCluster(t *testing.T) {
	c := testenv.RedisCluster(t)
	storetest.Run(t, func(t *testing.T) store.Store {
		s, err := store.NewRedisClient(c, store.Options{KeyPrefix: testenv.KeyPrefix(t), Retention: 10 * time.Minute})
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}
