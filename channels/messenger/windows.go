package messenger

import (
	"context"
	"strconv"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/guichet/guichet"
)

// windowTTL keeps a conversation's window record a little past the 7-day
// human-agent window, after which it says nothing useful.
const windowTTL = HumanAgentWindow + 24*time.Hour

// window is what is known of one person's reachability.
type window struct {
	last    time.Time // their last message; zero when none is known
	blocked bool      // the Send API said they do not receive messages
}

// windows records when each person last wrote.
type windows interface {
	// touch records a message written at at (keeping the latest time) and
	// clears the blocked mark: writing proves they are reachable again.
	touch(ctx context.Context, conv guichet.ConversationID, at time.Time) error
	get(ctx context.Context, conv guichet.ConversationID) (window, error)
	block(ctx context.Context, conv guichet.ConversationID) error
}

type memWindows struct {
	mu    sync.Mutex
	now   func() time.Time
	m     map[guichet.ConversationID]window
	sweep time.Time
}

func newMemWindows(now func() time.Time) *memWindows {
	return &memWindows{now: now, m: map[guichet.ConversationID]window{}}
}

func (w *memWindows) touch(_ context.Context, conv guichet.ConversationID, at time.Time) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	cur := w.m[conv]
	if at.After(cur.last) {
		cur.last = at
	}
	cur.blocked = false
	w.m[conv] = cur
	w.expire()
	return nil
}

// expire drops stale records once an hour so that memory stays bounded.
func (w *memWindows) expire() {
	now := w.now()
	if now.Before(w.sweep) {
		return
	}
	w.sweep = now.Add(time.Hour)
	for k, v := range w.m {
		if now.Sub(v.last) > windowTTL {
			delete(w.m, k)
		}
	}
}

func (w *memWindows) get(_ context.Context, conv guichet.ConversationID) (window, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.m[conv], nil
}

func (w *memWindows) block(_ context.Context, conv guichet.ConversationID) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	cur := w.m[conv]
	cur.blocked = true
	w.m[conv] = cur
	return nil
}

// redisWindows keeps one small hash per conversation: u = last message
// (ms), b = blocked.
type redisWindows struct {
	rdb    redis.UniversalClient
	prefix string
}

func newRedisWindows(rdb redis.UniversalClient, prefix string) *redisWindows {
	return &redisWindows{rdb: rdb, prefix: prefix + "messenger:window:"}
}

func (w *redisWindows) key(conv guichet.ConversationID) string {
	return w.prefix + "{" + string(conv) + "}"
}

var touchScript = redis.NewScript(`
local cur = tonumber(redis.call('HGET', KEYS[1], 'u') or '0')
if tonumber(ARGV[1]) > cur then redis.call('HSET', KEYS[1], 'u', ARGV[1]) end
redis.call('HDEL', KEYS[1], 'b')
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`)

func (w *redisWindows) touch(ctx context.Context, conv guichet.ConversationID, at time.Time) error {
	err := touchScript.Run(ctx, w.rdb, []string{w.key(conv)}, at.UnixMilli(), windowTTL.Milliseconds()).Err()
	return unavailable("messenger: window touch", err)
}

func (w *redisWindows) get(ctx context.Context, conv guichet.ConversationID) (window, error) {
	vals, err := w.rdb.HMGet(ctx, w.key(conv), "u", "b").Result()
	if err != nil {
		return window{}, unavailable("messenger: window get", err)
	}
	var out window
	if s, ok := vals[0].(string); ok {
		if ms, err := strconv.ParseInt(s, 10, 64); err == nil {
			out.last = time.UnixMilli(ms)
		}
	}
	out.blocked = vals[1] != nil
	return out, nil
}

func (w *redisWindows) block(ctx context.Context, conv guichet.ConversationID) error {
	_, err := w.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.HSet(ctx, w.key(conv), "b", "1")
		p.PExpire(ctx, w.key(conv), windowTTL)
		return nil
	})
	return unavailable("messenger: window block", err)
}
