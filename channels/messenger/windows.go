package messenger

import (
	"context"
	"strconv"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/store"
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
	// touch records a message written at at (keeping the latest time),
	// clears the blocked mark (writing proves they are reachable again)
	// and returns the window as it now stands. When mid is not empty it
	// also claims mid, in the same step: first is false when mid was
	// claimed already within the dedup time (Meta delivering it again).
	// Errors: Unavailable.
	touch(ctx context.Context, conv guichet.ConversationID, at time.Time, mid string) (w window, first bool, err error)
	// touchAll is touch for several messages, in order, in one round trip
	// where it can: one result for each.
	touchAll(ctx context.Context, as []arrival) []touched
	get(ctx context.Context, conv guichet.ConversationID) (window, error)
	block(ctx context.Context, conv guichet.ConversationID) error
}

// arrival is a message to record in its window, and its mid to claim ("":
// none), as touch takes them.
type arrival struct {
	conv guichet.ConversationID
	at   time.Time
	mid  string
}

// touched is what touch returned for one arrival.
type touched struct {
	w     window
	first bool
	err   error
}

// midPrefix names a claimed mid among the store's Dedup keys.
const midPrefix = "messenger:mid:"

// memWindows keeps the windows in memory and claims mids in the store.
type memWindows struct {
	dedup    store.Dedup
	dedupTTL time.Duration

	mu    sync.Mutex
	now   func() time.Time
	m     map[guichet.ConversationID]window
	sweep time.Time
}

func newMemWindows(now func() time.Time, dedup store.Dedup, dedupTTL time.Duration) *memWindows {
	return &memWindows{dedup: dedup, dedupTTL: dedupTTL, now: now, m: map[guichet.ConversationID]window{}}
}

func (w *memWindows) touch(ctx context.Context, conv guichet.ConversationID, at time.Time, mid string) (window, bool, error) {
	cur := w.record(conv, at)
	if mid == "" {
		return cur, true, nil
	}
	first, err := w.dedup.Claim(ctx, midPrefix+mid, w.dedupTTL)
	return cur, first, err
}

func (w *memWindows) touchAll(ctx context.Context, as []arrival) []touched {
	out := make([]touched, len(as))
	for i, a := range as {
		out[i].w, out[i].first, out[i].err = w.touch(ctx, a.conv, a.at, a.mid)
	}
	return out
}

func (w *memWindows) record(conv guichet.ConversationID, at time.Time) window {
	w.mu.Lock()
	defer w.mu.Unlock()
	cur := w.m[conv]
	if at.After(cur.last) {
		cur.last = at
	}
	cur.blocked = false
	w.m[conv] = cur
	w.expire()
	return cur
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
// (ms), b = blocked, x = the u of the last push of its expiry. Beside it,
// in the same hash slot so that one script records a message and claims
// its mid, a sorted set holds the mids claimed (scored by the time of the
// claim) for the dedup time.
type redisWindows struct {
	rdb      redis.UniversalClient
	prefix   string
	midsPfx  string
	now      func() time.Time
	dedupTTL time.Duration
}

func newRedisWindows(rdb redis.UniversalClient, prefix string, now func() time.Time, dedupTTL time.Duration) *redisWindows {
	return &redisWindows{rdb: rdb, prefix: prefix + "messenger:window:", midsPfx: prefix + "messenger:mids:",
		now: now, dedupTTL: dedupTTL}
}

func (w *redisWindows) key(conv guichet.ConversationID) string {
	return w.prefix + "{" + string(conv) + "}"
}

// midsKey is the sorted set of conv's claimed mids.
func (w *redisWindows) midsKey(conv guichet.ConversationID) string {
	return w.midsPfx + "{" + string(conv) + "}"
}

// windowSlack is how long, in message time, the expiry of a window record
// may go without being pushed back: the record then lives at least
// windowTTL-windowSlack after the person's last message, still more than
// HumanAgentWindow.
const windowSlack = time.Hour

// touchScript records a message of time ARGV[1] in the window KEYS[1],
// pushing its expiry back to ARGV[2] ms at most once per ARGV[3] ms of
// message time; with ARGV[4], it claims that mid in KEYS[2] at time
// ARGV[5] for ARGV[6] ms. It returns the last message time and 1 if the
// claim was made (or none asked), 0 if the mid was claimed already.
var touchScript = redis.NewScript(`
local at = tonumber(ARGV[1])
local st = redis.call('HMGET', KEYS[1], 'u', 'x', 'b')
local cur, x = tonumber(st[1] or '0'), tonumber(st[2] or '0')
if at > cur then
  cur = at
  if at - x >= tonumber(ARGV[3]) then
    redis.call('HSET', KEYS[1], 'u', at, 'x', at)
    redis.call('PEXPIRE', KEYS[1], ARGV[2])
  else
    redis.call('HSET', KEYS[1], 'u', at)
  end
end
if st[3] then redis.call('HDEL', KEYS[1], 'b') end
local first = 1
if ARGV[4] ~= '' then
  local now, ttl = tonumber(ARGV[5]), tonumber(ARGV[6])
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - ttl)
  first = redis.call('ZADD', KEYS[2], 'NX', now, ARGV[4])
  if first == 1 then redis.call('PEXPIRE', KEYS[2], ttl) end
end
return {cur, first}`)

func (w *redisWindows) touch(ctx context.Context, conv guichet.ConversationID, at time.Time, mid string) (window, bool, error) {
	t := w.touched(touchScript.Run(ctx, w.rdb, w.touchKeys(conv), w.touchArgs(at, mid)...))
	return t.w, t.first, t.err
}

// touchAll sends the scripts in one pipeline. One that Redis did not know
// (NOSCRIPT: it did not run) runs again on its own.
func (w *redisWindows) touchAll(ctx context.Context, as []arrival) []touched {
	cmds := make([]*redis.Cmd, len(as))
	_, _ = w.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, a := range as {
			cmds[i] = touchScript.EvalSha(ctx, p, w.touchKeys(a.conv), w.touchArgs(a.at, a.mid)...)
		}
		return nil
	})
	out := make([]touched, len(as))
	for i, cmd := range cmds {
		if redis.HasErrorPrefix(cmd.Err(), "NOSCRIPT") {
			cmd = touchScript.Run(ctx, w.rdb, w.touchKeys(as[i].conv), w.touchArgs(as[i].at, as[i].mid)...)
		}
		out[i] = w.touched(cmd)
	}
	return out
}

func (w *redisWindows) touchKeys(conv guichet.ConversationID) []string {
	return []string{w.key(conv), w.midsKey(conv)}
}

func (w *redisWindows) touchArgs(at time.Time, mid string) []any {
	return []any{at.UnixMilli(), windowTTL.Milliseconds(), windowSlack.Milliseconds(), mid,
		w.now().UnixMilli(), max(w.dedupTTL.Milliseconds(), 1)}
}

// touched reads touchScript's reply.
func (w *redisWindows) touched(cmd *redis.Cmd) touched {
	const op = "messenger: window touch"
	res, err := cmd.Int64Slice()
	if err != nil {
		return touched{err: unavailable(op, err)}
	}
	if len(res) != 2 {
		return touched{err: guichet.Errorf(guichet.Other, op, "unexpected script reply %v", res)}
	}
	return touched{w: window{last: time.UnixMilli(res[0])}, first: res[1] == 1}
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
