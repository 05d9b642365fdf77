package storetest

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/store"
)

// slowBurst is how many notices the slow-subscriber test publishes
// unread: more than any store buffers per subscriber.
const slowBurst = 2000

// mustSubscribe subscribes until t ends.
func mustSubscribe(t *testing.T, s store.Store) <-chan store.Notice {
	t.Helper()
	ch, err := s.Subscribe(t.Context())
	if err != nil {
		t.Fatalf("Subscribe: %v", err)
	}
	return ch
}

func mustPublish(t *testing.T, s store.Store, n store.Notice) {
	t.Helper()
	if err := s.Publish(t.Context(), n); err != nil {
		t.Fatalf("Publish(%+v): %v", n, err)
	}
}

// recv returns the next notice, failing if none comes or ch is closed.
func recv(t *testing.T, ch <-chan store.Notice) store.Notice {
	t.Helper()
	select {
	case n, ok := <-ch:
		if !ok {
			t.Fatal("subscription closed, want a notice")
		}
		return n
	case <-time.After(wait):
		t.Fatalf("no notice within %v", wait)
	}
	return store.Notice{}
}

// waitClosed drains ch until it is closed.
func waitClosed(t *testing.T, ch <-chan store.Notice, why string) {
	t.Helper()
	timeout := time.After(wait)
	for {
		select {
		case _, ok := <-ch:
			if !ok {
				return
			}
		case <-timeout:
			t.Fatalf("subscription still open %v after %s", wait, why)
		}
	}
}

func testBusFanOut(t *testing.T, s store.Store) {
	a, b := mustSubscribe(t, s), mustSubscribe(t, s)
	want := store.Notice{Topic: store.TopicEvent, Conversation: conv("bus"), Seq: 3, Data: json.RawMessage(`{"a":1}`)}
	mustPublish(t, s, want) // right after Subscribe: subscriptions must be live
	mustPublish(t, s, store.Notice{Topic: store.TopicTicket})
	for i, ch := range []<-chan store.Notice{a, b} {
		if got := recv(t, ch); !reflect.DeepEqual(got, want) {
			t.Errorf("subscriber %d got %+v, want %+v", i, got, want)
		}
		if got := recv(t, ch); got.Topic != store.TopicTicket {
			t.Errorf("subscriber %d: second notice %+v, want topic ticket", i, got)
		}
	}
}

func testBusCancel(t *testing.T, s store.Store) {
	ctx, cancel := context.WithCancel(t.Context())
	ch, err := s.Subscribe(ctx)
	if err != nil {
		t.Fatalf("Subscribe: %v", err)
	}
	other := mustSubscribe(t, s)
	cancel()
	waitClosed(t, ch, "its context ended")
	mustPublish(t, s, store.Notice{Topic: store.TopicTicket})
	if n := recv(t, other); n.Topic != store.TopicTicket {
		t.Errorf("remaining subscriber got %+v", n)
	}
}

func testBusClose(t *testing.T, s store.Store) {
	ch := mustSubscribe(t, s)
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	waitClosed(t, ch, "the store closed")
	_, err := s.Subscribe(t.Context())
	wantKind(t, "Subscribe after Close", err, guichet.Unavailable)
}

// testBusSlowSubscriber leaves one subscriber unread during a burst: the
// publisher must not wait for it, and it must learn that it missed
// notices. A reading subscriber marks when the burst has gone through.
func testBusSlowSubscriber(t *testing.T, s store.Store) {
	slow, fast := mustSubscribe(t, s), mustSubscribe(t, s)
	marker := store.Notice{Topic: store.TopicTicket, Data: json.RawMessage(`"end"`)}
	sawMarker := make(chan struct{})
	go func() {
		defer close(sawMarker)
		for n := range fast {
			if string(n.Data) == `"end"` {
				return
			}
		}
	}()
	select {
	case err := <-burst(t.Context(), s, marker):
		if err != nil {
			t.Fatalf("Publish: %v", err)
		}
	case <-time.After(wait):
		t.Fatalf("%d Publish calls not done within %v: blocked by a slow subscriber?", slowBurst, wait)
	}
	select {
	case <-sawMarker:
	case <-time.After(wait):
		t.Fatalf("reading subscriber did not get the end of the burst within %v", wait)
	}
	if err := drainToResync(slow); err != nil {
		t.Fatal(err)
	}
	mustPublish(t, s, marker) // the slow subscriber recovers
	for n := recv(t, slow); string(n.Data) != `"end"`; n = recv(t, slow) {
	}
}

// burst publishes slowBurst notices then last, and reports how it went.
func burst(ctx context.Context, s store.Store, last store.Notice) <-chan error {
	done := make(chan error, 1)
	go func() {
		for i := range slowBurst {
			if err := s.Publish(ctx, store.Notice{Topic: store.TopicEvent, Seq: int64(i + 1)}); err != nil {
				done <- err
				return
			}
		}
		done <- s.Publish(ctx, last)
	}()
	return done
}

// drainToResync reads ch until a resync notice.
func drainToResync(ch <-chan store.Notice) error {
	for got := 0; ; got++ {
		select {
		case n, ok := <-ch:
			if !ok {
				return fmt.Errorf("subscription closed after %d notices, no resync", got)
			}
			if n.Topic == store.TopicResync {
				return nil
			}
		case <-time.After(wait):
			return fmt.Errorf("slow subscriber read %d of %d notices and no resync", got, slowBurst)
		}
	}
}
