package storetest

import (
	"context"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/store"
)

func testStateCAS(t *testing.T, s store.Store) {
	ctx, c := t.Context(), conv("state")
	if data, v, err := s.LoadState(ctx, c); data != nil || v != 0 || err != nil {
		t.Fatalf("LoadState of a new conversation = %q, %d, %v; want nil, 0, nil", data, v, err)
	}
	v1, err := s.SaveState(ctx, c, []byte(`{"step":1}`), 0)
	if err != nil || v1 != 1 {
		t.Fatalf("first SaveState = %d, %v; want 1, nil", v1, err)
	}
	_, err = s.SaveState(ctx, c, []byte(`{"step":"stale"}`), 0)
	wantKind(t, "SaveState with a stale version", err, guichet.Conflict)
	_, err = s.SaveState(ctx, c, []byte(`{"step":"future"}`), 7)
	wantKind(t, "SaveState with a version never stored", err, guichet.Conflict)
	v2, err := s.SaveState(ctx, c, []byte(`{"step":2}`), v1)
	if err != nil || v2 != 2 {
		t.Fatalf("second SaveState = %d, %v; want 2, nil", v2, err)
	}
	if data, v, err := s.LoadState(ctx, c); string(data) != `{"step":2}` || v != 2 || err != nil {
		t.Errorf("LoadState = %q, %d, %v; want {\"step\":2}, 2, nil", data, v, err)
	}
	_, err = s.SaveState(ctx, "", []byte("x"), 0)
	wantKind(t, "SaveState of an empty conversation", err, guichet.Invalid)
}

// testStateConcurrent increments a counter from several goroutines with the
// load, change, save, retry-on-conflict loop the bot uses: no increment may
// be lost.
func testStateConcurrent(t *testing.T, s store.Store) {
	const workers, each = 8, 10
	c := conv("counter")
	var conflicts atomic.Int32
	parallel(t, workers, func(ctx context.Context, _ int) error {
		for range each {
			if err := increment(ctx, s, c, &conflicts); err != nil {
				return err
			}
		}
		return nil
	})
	data, v, err := s.LoadState(t.Context(), c)
	if err != nil || string(data) != strconv.Itoa(workers*each) || v != workers*each {
		t.Errorf("after %d increments: state %q version %d err %v", workers*each, data, v, err)
	}
	t.Logf("%d conflicts retried", conflicts.Load())
}

func increment(ctx context.Context, s store.Store, c guichet.ConversationID, conflicts *atomic.Int32) error {
	for {
		data, v, err := s.LoadState(ctx, c)
		if err != nil {
			return err
		}
		n, _ := strconv.Atoi(string(data)) // nil data: 0
		_, err = s.SaveState(ctx, c, []byte(strconv.Itoa(n+1)), v)
		if !guichet.Is(err, guichet.Conflict) {
			return err
		}
		conflicts.Add(1)
	}
}

func testClaim(t *testing.T, s store.Store) {
	ctx := t.Context()
	claim := func(key string, ttl time.Duration, want bool) {
		t.Helper()
		if got, err := s.Claim(ctx, key, ttl); got != want || err != nil {
			t.Errorf("Claim(%q, %v) = %v, %v; want %v, nil", key, ttl, got, err, want)
		}
	}
	claim("mid.1", time.Hour, true)
	claim("mid.1", time.Hour, false)
	claim("mid.2", time.Hour, true)
	claim("short", 50*time.Millisecond, true)
	claim("short", 50*time.Millisecond, false)
	time.Sleep(150 * time.Millisecond)
	claim("short", time.Hour, true)
	claim("mid.1", time.Hour, false)

	_, err := s.Claim(ctx, "", time.Hour)
	wantKind(t, "Claim of an empty key", err, guichet.Invalid)
	_, err = s.Claim(ctx, "k", 0)
	wantKind(t, "Claim with ttl 0", err, guichet.Invalid)
}

func testClaimConcurrent(t *testing.T, s store.Store) {
	const workers = 12
	var won atomic.Int32
	parallel(t, workers, func(ctx context.Context, _ int) error {
		ok, err := s.Claim(ctx, "race", time.Minute)
		if ok {
			won.Add(1)
		}
		return err
	})
	if won.Load() != 1 {
		t.Errorf("%d goroutines claimed one key: %d won, want 1", workers, won.Load())
	}
}

func testPing(t *testing.T, s store.Store) {
	if err := s.Ping(t.Context()); err != nil {
		t.Errorf("Ping: %v", err)
	}
}
