package store

import (
	"context"
	"errors"
	"net"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/guichet/guichet"
)

// Redis is the store shared by several Guichet instances. Each
// conversation's keys share the hash tag {conv}:
//
//	<prefix>{<conv>}:log    list of JSON events, seq n at index n-1
//	<prefix>{<conv>}:ids    hash event id -> seq, for idempotent appends
//	<prefix>{<conv>}:state  hash data, version, x (when the expiry was last pushed back, Unix ms)
//
// so that the Lua scripts touching them run on Redis Cluster too. Claims
// live at <prefix>claim:<key> and notices travel on channel <prefix>bus.
type Redis struct {
	client redis.UniversalClient
	owned  bool // NewRedis made the client, so Close closes it
	opts   Options
	bus    *redisBus

	closeOnce sync.Once
	closeErr  error
}

var (
	_ Store        = (*Redis)(nil)
	_ AppendLoader = (*Redis)(nil)
)

// NewRedis connects to the server at url (redis://[:password@]host:port/db,
// rediss:// for TLS, unix://) and checks that it answers. Errors never
// repeat the password: Invalid for a malformed url, Unavailable when the
// server cannot be reached.
func NewRedis(ctx context.Context, rawURL string, opts Options) (*Redis, error) {
	ropts, secrets, err := parseRedisURL(rawURL)
	if err != nil {
		return nil, redact(err, secrets...)
	}
	ropts.ContextTimeoutEnabled = true // a caller's deadline bounds each call
	client := redis.NewClient(ropts)
	r, err := NewRedisClient(client, opts)
	if err != nil {
		client.Close()
		return nil, err
	}
	r.owned = true
	if err := client.Ping(ctx).Err(); err != nil {
		client.Close()
		return nil, redact(guichet.E(guichet.Unavailable, "store: redis at "+ropts.Addr, netCause(err)), secrets...)
	}
	return r, nil
}

// NewRedisClient builds the store on a client the caller configured
// (tests, Sentinel, Cluster). It does not contact the server, and Close
// leaves the client open for its owner. Errors: Invalid (a key prefix with
// a brace, which would break the hash tags).
func NewRedisClient(client redis.UniversalClient, opts Options) (*Redis, error) {
	if strings.ContainsAny(opts.KeyPrefix, "{}") {
		return nil, guichet.Errorf(guichet.Invalid, "store: redis", "key prefix %q must not contain braces", opts.KeyPrefix)
	}
	opts = opts.withDefaults()
	return &Redis{
		client: client,
		opts:   opts,
		bus:    newRedisBus(client, opts.KeyPrefix+"bus"),
	}, nil
}

// Ping implements Store.
func (r *Redis) Ping(ctx context.Context) error {
	return unavailable("store: ping", r.client.Ping(ctx).Err())
}

// Close ends subscriptions and, when NewRedis made the client, closes it.
// Calling it again does nothing.
func (r *Redis) Close() error {
	r.closeOnce.Do(func() {
		r.bus.close()
		if r.owned {
			r.closeErr = unavailable("store: close", r.client.Close())
		}
	})
	return r.closeErr
}

// key names one of conv's keys; see the Redis type.
func (r *Redis) key(conv guichet.ConversationID, part string) string {
	return r.opts.KeyPrefix + "{" + string(conv) + "}:" + part
}

func (r *Redis) convKeys(conv guichet.ConversationID) []string {
	return []string{r.key(conv, "log"), r.key(conv, "ids"), r.key(conv, "state")}
}

// retentionMS is the PEXPIRE argument of the scripts.
func (r *Redis) retentionMS() int64 {
	return max(r.opts.Retention.Milliseconds(), 1)
}

// unavailable classifies an error from Redis. The contract promises only
// Unavailable: whatever Redis says, the caller can do no better than retry.
// The cause stays wrapped for errors.Is.
func unavailable(op string, err error) error {
	return guichet.E(guichet.Unavailable, op, err)
}

// netCause strips the dial details from a start-up error, so that it reads
// "connection refused" rather than "dial tcp ...: connect: connection
// refused" after an op that already names the address.
func netCause(err error) error {
	var opErr *net.OpError
	if !errors.As(err, &opErr) || opErr.Err == nil {
		return err
	}
	err = opErr.Err
	var sysErr *os.SyscallError
	if errors.As(err, &sysErr) {
		return sysErr.Err
	}
	return err
}

// redactURLError keeps url.Parse's reason but not the URL it quotes, which
// may hold the password.
func redactURLError(err error) error {
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		return urlErr.Err
	}
	return err
}

// claimTTL rounds ttl up to Redis's millisecond resolution.
func claimTTL(ttl time.Duration) time.Duration {
	return (ttl + time.Millisecond - 1).Truncate(time.Millisecond)
}
