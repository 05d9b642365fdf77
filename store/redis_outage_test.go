package store_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/internal/testenv"
	"github.com/guichet/guichet/store"
)

// TestRedisLost kills the server under a running store: every operation
// must fail with Unavailable and name itself, and nothing may panic.
func TestRedisLost(t *testing.T) {
	t.Parallel()
	srv := testenv.StartRedis(t)
	s, err := store.NewRedis(t.Context(), srv.URL, store.Options{KeyPrefix: "lost:"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c := guichet.NewConversationID(guichet.ChannelWeb, "lost")
	if _, _, err := s.Append(t.Context(), c, guichet.Event{Text: "before"}); err != nil {
		t.Fatal(err)
	}
	notices, err := s.Subscribe(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	srv.Stop()

	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	for op, call := range map[string]func() error{
		"store: append":     func() error { _, _, err := s.Append(ctx, c, guichet.Event{Text: "after"}); return err },
		"store: events":     func() error { _, err := s.Events(ctx, c, 0, 10); return err },
		"store: forget":     func() error { _, err := s.Forget(ctx, c); return err },
		"store: load state": func() error { _, _, err := s.LoadState(ctx, c); return err },
		"store: save state": func() error { _, err := s.SaveState(ctx, c, nil, 0); return err },
		"store: claim":      func() error { _, err := s.Claim(ctx, "k", time.Minute); return err },
		"store: publish":    func() error { return s.Publish(ctx, store.Notice{Topic: store.TopicTicket}) },
		"store: ping":       func() error { return s.Ping(ctx) },
	} {
		// In parallel: go-redis retries each command for about a second.
		wg.Go(func() {
			err := call()
			if !guichet.Is(err, guichet.Unavailable) || !strings.HasPrefix(err.Error(), op+": ") {
				t.Errorf("%s with Redis down: %v (kind %v), want Unavailable starting %q", op, err, guichet.KindOf(err), op)
			}
		})
	}
	wg.Wait()
	select {
	case n, ok := <-notices:
		if !ok {
			t.Errorf("subscription closed by the outage; it should wait for Redis to return")
		} else if n.Topic != store.TopicResync {
			t.Errorf("notice %+v during the outage", n)
		}
	default:
	}
	s.Close()
	for range notices { // Close ends the subscription even while Redis is down
	}
}

// TestRedisResubscribe cuts the bus connection: go-redis reconnects, and
// the subscriber is told to resync because notices may have been lost.
func TestRedisResubscribe(t *testing.T) {
	t.Parallel()
	srv := testenv.StartRedis(t) // CLIENT KILL would disturb tests sharing a server
	s, err := store.NewRedis(t.Context(), srv.URL, store.Options{KeyPrefix: "resub:"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	notices, err := s.Subscribe(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	raw := rawClient(t, srv.URL)
	if n, err := raw.ClientKillByFilter(t.Context(), "TYPE", "pubsub").Result(); n != 1 || err != nil {
		t.Fatalf("CLIENT KILL TYPE pubsub = %d, %v", n, err)
	}
	if n := next(t, notices); n.Topic != store.TopicResync {
		t.Fatalf("after reconnect got %+v, want a resync", n)
	}
	if err := s.Publish(t.Context(), store.Notice{Topic: store.TopicTicket}); err != nil {
		t.Fatal(err)
	}
	if n := next(t, notices); n.Topic != store.TopicTicket {
		t.Errorf("after reconnect got %+v, want the published ticket notice", n)
	}
}

func next(t *testing.T, ch <-chan store.Notice) store.Notice {
	t.Helper()
	select {
	case n := <-ch:
		return n
	case <-time.After(10 * time.Second):
		t.Fatal("no notice within 10s")
	}
	return store.Notice{}
}
