package console

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/guichet/guichet"
)

// Revocations remembers console sessions ended before they expire (an
// agent logged out), so that their cookie no longer opens the console on
// any instance. 'guichet agent revoke' and password changes end all of an
// agent's sessions through the accounts file instead (Account.Revoked).
type Revocations interface {
	// Revoke ends session id; it needs remembering until it expires.
	// Errors: Unavailable.
	Revoke(ctx context.Context, id string, expires time.Time) error
	// Revoked reports whether session id was ended. Errors: Unavailable.
	Revoked(ctx context.Context, id string) (bool, error)
}

// MemoryRevocations keeps revocations in this process: enough for one
// instance.
type MemoryRevocations struct {
	now func() time.Time

	mu  sync.Mutex
	ids map[string]time.Time // id -> expiry
}

var _ Revocations = (*MemoryRevocations)(nil)

// NewMemoryRevocations keeps revocations in memory, on clock now.
func NewMemoryRevocations(now func() time.Time) *MemoryRevocations {
	if now == nil {
		now = time.Now
	}
	return &MemoryRevocations{now: now, ids: map[string]time.Time{}}
}

// Revoke implements Revocations.
func (m *MemoryRevocations) Revoke(_ context.Context, id string, expires time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	for k, exp := range m.ids { // a handful of logouts a day: a sweep costs nothing
		if !now.Before(exp) {
			delete(m.ids, k)
		}
	}
	m.ids[id] = expires
	return nil
}

// Revoked implements Revocations.
func (m *MemoryRevocations) Revoked(_ context.Context, id string) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	exp, ok := m.ids[id]
	return ok && m.now().Before(exp), nil
}

// RedisRevocations shares revocations between instances: one key per
// ended session, <prefix>console:revoked:<id>, expiring with it.
type RedisRevocations struct {
	client redis.UniversalClient
	prefix string
	now    func() time.Time
}

var _ Revocations = (*RedisRevocations)(nil)

// NewRedisRevocations keeps revocations in Redis under keyPrefix.
// Errors: Invalid (a prefix with braces, which Cluster hash tags forbid).
func NewRedisRevocations(client redis.UniversalClient, keyPrefix string, now func() time.Time) (*RedisRevocations, error) {
	if strings.ContainsAny(keyPrefix, "{}") {
		return nil, guichet.Errorf(guichet.Invalid, "console: revocations", "key prefix %q must not contain braces", keyPrefix)
	}
	if now == nil {
		now = time.Now
	}
	return &RedisRevocations{client: client, prefix: keyPrefix + "console:revoked:", now: now}, nil
}

// Revoke implements Revocations.
func (r *RedisRevocations) Revoke(ctx context.Context, id string, expires time.Time) error {
	ttl := expires.Sub(r.now())
	if ttl <= 0 {
		return nil
	}
	if err := r.client.Set(ctx, r.prefix+id, 1, ttl).Err(); err != nil {
		return guichet.E(guichet.Unavailable, "console: revoke session", err)
	}
	return nil
}

// Revoked implements Revocations.
func (r *RedisRevocations) Revoked(ctx context.Context, id string) (bool, error) {
	n, err := r.client.Exists(ctx, r.prefix+id).Result()
	if err != nil {
		return false, guichet.E(guichet.Unavailable, "console: session revoked", err)
	}
	return n > 0, nil
}
