package quality

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/guichet/guichet"
)

// Redis keeps facts in Redis streams shared by every instance: one stream
// per kind, {<prefix>quality}:<kind>, all under one hash tag so that a
// Redis Cluster keeps them in one slot (a day of a busy service is a few
// tens of thousands of facts of about 300 bytes).
//
// An entry's ID is the fact's time in milliseconds, so that XRANGE reads
// a period and XADD's MINID drops what is past the retention as new facts
// come in. A fact older than the stream's last entry (another instance's
// clock, a late record) takes the last entry's millisecond: IDs must
// grow. Each entry holds the conversation (field c, for Forget) and the
// fact as JSON (field f).
type Redis struct {
	c         redis.UniversalClient
	tag       string
	retention time.Duration
	now       func() time.Time

	mu sync.Mutex
	// refreshed is when this instance last pushed each stream's expiry
	// back (see expiry).
	refreshed map[Kind]time.Time
}

var _ Store = (*Redis)(nil)

// NewRedis returns a store over c. prefix namespaces the keys
// ("guichet:") and may not hold braces; retention is how long facts are
// kept (DefaultRetention when not positive); now is the clock (time.Now
// when nil). Errors: Invalid.
func NewRedis(c redis.UniversalClient, prefix string, retention time.Duration, now func() time.Time) (*Redis, error) {
	const op = "quality: redis"
	if c == nil {
		return nil, guichet.Errorf(guichet.Invalid, op, "no client")
	}
	if strings.ContainsAny(prefix, "{}") {
		return nil, guichet.Errorf(guichet.Invalid, op, "key prefix %q must not contain braces", prefix)
	}
	if retention <= 0 {
		retention = DefaultRetention
	}
	if now == nil {
		now = time.Now
	}
	return &Redis{c: c, tag: "{" + prefix + "quality}", retention: retention, now: now, refreshed: map[Kind]time.Time{}}, nil
}

func (r *Redis) key(k Kind) string { return r.tag + ":" + string(k) }

// addScript appends a fact. KEYS[1] stream; ARGV: fact ms, MINID ms,
// conversation, JSON, retention ms or 0. The key also expires after the
// retention, so that a kind that stops being recorded does not keep old
// facts: every entry would be past the retention by then. Facts mostly
// come in time order, so the fact's own millisecond is tried first, and
// the stream's last entry read only when XADD refuses it.
var addScript = redis.NewScript(`
local function add(ms)
  return redis.pcall('XADD', KEYS[1], 'MINID', '=', ARGV[2], ms .. '-*', 'c', ARGV[3], 'f', ARGV[4])
end
local id = add(ARGV[1])
if type(id) == 'table' and id.err then
  local ms = ARGV[1]
  local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
  if last[1] then
    local lms = string.match(last[1][1], '^(%d+)')
    if tonumber(lms) > tonumber(ms) then ms = lms end
  end
  id = add(ms)
  if type(id) == 'table' and id.err then return redis.error_reply(id.err) end
end
if ARGV[5] ~= '0' then redis.call('PEXPIRE', KEYS[1], ARGV[5]) end
return id
`)

// expiry returns the retention in ms when kind's stream is due for its
// expiry to be pushed back, 0 otherwise. Like the conversation store,
// this instance pushes it back at most once an hour (once per hundredth
// of the retention when that is shorter) rather than at every fact: a
// stream may expire up to that much early, when no fact came meanwhile,
// never late.
func (r *Redis) expiry(k Kind, now time.Time) int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	if last, ok := r.refreshed[k]; ok && now.Sub(last) < min(r.retention/100, time.Hour) && !now.Before(last) {
		return 0
	}
	r.refreshed[k] = now
	return r.retention.Milliseconds()
}

// Record stores f. A zero Time means now; a fact older than the
// retention is dropped. Errors: Invalid (unknown kind), Unavailable.
func (r *Redis) Record(ctx context.Context, f Fact) error {
	const op = "quality: record"
	now := r.now()
	f, keep, err := prepare(f, now, r.retention)
	if err != nil || !keep {
		return err
	}
	data, err := json.Marshal(f)
	if err != nil {
		return guichet.E(guichet.Invalid, op, err)
	}
	args := []any{f.Time.UnixMilli(), max(0, now.Add(-r.retention).UnixMilli()), string(f.Conversation), data,
		r.expiry(f.Kind, now)}
	if err := addScript.Run(ctx, r.c, []string{r.key(f.Kind)}, args...).Err(); err != nil {
		r.forgetExpiry(f.Kind)
		return guichet.E(guichet.Unavailable, op, err)
	}
	return nil
}

// RecordAll stores fs as Record would each, in one round trip (a
// pipeline of one script per fact; a script Redis no longer knows is run
// again on its own). It returns the first error; the other facts are
// recorded all the same. Errors: Invalid, Unavailable.
func (r *Redis) RecordAll(ctx context.Context, fs []Fact) error {
	const op = "quality: record"
	now := r.now()
	type add struct {
		kind Kind
		args []any
	}
	adds := make([]add, 0, len(fs))
	var first error
	for _, f := range fs {
		f, keep, err := prepare(f, now, r.retention)
		if err == nil && keep {
			var data []byte
			if data, err = json.Marshal(f); err == nil {
				adds = append(adds, add{f.Kind, []any{f.Time.UnixMilli(), max(0, now.Add(-r.retention).UnixMilli()),
					string(f.Conversation), data, r.expiry(f.Kind, now)}})
				continue
			}
			err = guichet.E(guichet.Invalid, op, err)
		}
		if first == nil {
			first = err
		}
	}
	if len(adds) == 0 {
		return first
	}
	cmds := make([]*redis.Cmd, len(adds))
	r.c.Pipelined(ctx, func(p redis.Pipeliner) error { //nolint:errcheck // each command's error is read below
		for i, a := range adds {
			cmds[i] = addScript.EvalSha(ctx, p, []string{r.key(a.kind)}, a.args...)
		}
		return nil
	})
	for i, a := range adds {
		err := cmds[i].Err()
		if redis.HasErrorPrefix(err, "NOSCRIPT") {
			err = addScript.Run(ctx, r.c, []string{r.key(a.kind)}, a.args...).Err()
		}
		if err != nil {
			r.forgetExpiry(a.kind)
			if first == nil {
				first = guichet.E(guichet.Unavailable, op, err)
			}
		}
	}
	return first
}

// forgetExpiry has the next fact of k push its stream's expiry back: the
// script that should have may not have run.
func (r *Redis) forgetExpiry(k Kind) {
	r.mu.Lock()
	delete(r.refreshed, k)
	r.mu.Unlock()
}

// page is how many entries one XRANGE reads.
const page = 1000

// Facts returns the facts of kinds recorded at or after since and within
// the retention, oldest first. Errors: Invalid (unknown kind),
// Unavailable.
func (r *Redis) Facts(ctx context.Context, since time.Time, kinds ...Kind) ([]Fact, error) {
	const op = "quality: facts"
	kinds, err := checkKinds(op, kinds)
	if err != nil {
		return nil, err
	}
	since = later(since, r.now().Add(-r.retention))
	var out []Fact
	for _, k := range kinds {
		err := r.scan(ctx, k, strconv.FormatInt(since.UnixMilli(), 10), func(id, _, raw string) error {
			var f Fact
			if err := json.Unmarshal([]byte(raw), &f); err != nil {
				return guichet.Errorf(guichet.Other, op, "%s entry %s: %v", k, id, err)
			}
			// An entry's ID may be later than its fact (see Redis), never
			// earlier: the range may hold a few facts from before since.
			if !f.Time.Before(since) {
				out = append(out, f)
			}
			return nil
		})
		if err != nil {
			return nil, guichet.E(guichet.KindOf(err), op, err)
		}
	}
	sortFacts(out)
	return out, nil
}

// scan calls fn with each entry of kind's stream from start, page by
// page: its ID, conversation and JSON.
func (r *Redis) scan(ctx context.Context, k Kind, start string, fn func(id, conv, raw string) error) error {
	for {
		msgs, err := r.c.XRangeN(ctx, r.key(k), start, "+", page).Result()
		if err != nil {
			return guichet.E(guichet.Unavailable, "quality: read "+string(k), err)
		}
		for _, m := range msgs {
			conv, _ := m.Values["c"].(string)
			raw, _ := m.Values["f"].(string)
			if err := fn(m.ID, conv, raw); err != nil {
				return err
			}
		}
		if len(msgs) < page {
			return nil
		}
		start = "(" + msgs[len(msgs)-1].ID
	}
}

// Forget deletes every fact about conv. It reads every stream whole:
// forgetting someone is rare, and an index by conversation would cost
// every record. Errors: Invalid, Unavailable.
func (r *Redis) Forget(ctx context.Context, conv guichet.ConversationID) (int, error) {
	const op = "quality: forget"
	if conv == "" {
		return 0, guichet.Errorf(guichet.Invalid, op, "no conversation id")
	}
	removed := 0
	for _, k := range Kinds {
		var ids []string
		err := r.scan(ctx, k, "-", func(id, c, _ string) error {
			if c == string(conv) {
				ids = append(ids, id)
			}
			return nil
		})
		if err != nil {
			return removed, guichet.E(guichet.KindOf(err), op, err)
		}
		for len(ids) > 0 {
			n := min(len(ids), page)
			deleted, err := r.c.XDel(ctx, r.key(k), ids[:n]...).Result()
			if err != nil {
				return removed, guichet.E(guichet.Unavailable, op, err)
			}
			removed += int(deleted)
			ids = ids[n:]
		}
	}
	return removed, nil
}
