package console_test

import (
	"context"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/guichet/guichet/console"
	"github.com/guichet/guichet/handoff/ticketstest"
	"github.com/guichet/guichet/internal/testenv"
)

// revocationsContract is what every Revocations does: a revoked session
// stays revoked until it expires, and others are untouched.
// wait moves time on, or is nil when the store expires entries on a
// clock of its own (Redis: the caller checks the TTL instead).
func revocationsContract(t *testing.T, r console.Revocations, clock *ticketstest.Clock, wait func(time.Duration)) {
	t.Helper()
	ctx := context.Background()
	if err := r.Revoke(ctx, "s1", clock.Now().Add(2*time.Second)); err != nil {
		t.Fatal(err)
	}
	if err := r.Revoke(ctx, "gone", clock.Now().Add(-time.Second)); err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]bool{"s1": true, "s2": false, "gone": false} {
		if got, err := r.Revoked(ctx, id); err != nil || got != want {
			t.Errorf("Revoked(%s) = %v, %v; want %v", id, got, err, want)
		}
	}
	if wait == nil {
		return
	}
	wait(3 * time.Second)
	if got, err := r.Revoked(ctx, "s1"); err != nil || got {
		t.Errorf("Revoked(s1) after its expiry = %v, %v; want false (nothing to remember)", got, err)
	}
}

func TestMemoryRevocations(t *testing.T) {
	clock := ticketstest.NewClock(time.Date(2026, 6, 8, 10, 0, 0, 0, time.UTC))
	revocationsContract(t, console.NewMemoryRevocations(clock.Now), clock, clock.Add)
}

func TestRedisRevocations(t *testing.T) {
	opts, err := redis.ParseURL(testenv.RedisURL(t))
	if err != nil {
		t.Fatal(err)
	}
	c := redis.NewClient(opts)
	t.Cleanup(func() { c.Close() })
	clock := ticketstest.NewClock(time.Now())
	prefix := testenv.KeyPrefix(t)
	r, err := console.NewRedisRevocations(c, prefix, clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	revocationsContract(t, r, clock, nil)
	// Redis forgets the revocation when the session would have expired.
	if ttl, err := c.PTTL(context.Background(), prefix+"console:revoked:s1").Result(); err != nil || ttl <= 0 || ttl > 2*time.Second {
		t.Errorf("revocation TTL = %v, %v; want at most the session's remaining 2 s", ttl, err)
	}
	if _, err := console.NewRedisRevocations(c, "a{b}", nil); err == nil {
		t.Error("a prefix with braces was accepted")
	}
}
