package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/guichet/guichet"
)

// Every script takes the conversation's keys in the order log, ids, state.

// appendScript dedupes by id, numbers the event and stores it in one step.
// The event's JSON arrives without its seq (ARGV[2] is what follows
// `{"seq":0`), because only the script knows the next number.
// ARGV: id, JSON tail, retention in ms. Returns {1, seq} or {0, stored JSON}.
var appendScript = redis.NewScript(`
local id = ARGV[1]
if id ~= '' then
  local seq = redis.call('HGET', KEYS[2], id)
  if seq then
    local line = redis.call('LINDEX', KEYS[1], tonumber(seq) - 1)
    if line then return {0, line} end
  end
end
local seq = redis.call('LLEN', KEYS[1]) + 1
redis.call('RPUSH', KEYS[1], '{"seq":' .. seq .. ARGV[2])
if id ~= '' then redis.call('HSET', KEYS[2], id, seq) end
for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ARGV[3]) end
return {1, seq}
`)

// saveScript is the compare-and-set of SaveState. ARGV: data, expected
// version, retention in ms. Returns {1, new version} or {0, stored version}.
var saveScript = redis.NewScript(`
local v = tonumber(redis.call('HGET', KEYS[3], 'version') or '0')
if v ~= tonumber(ARGV[2]) then return {0, v} end
v = v + 1
redis.call('HSET', KEYS[3], 'data', ARGV[1], 'version', v)
for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ARGV[3]) end
return {1, v}
`)

// forgetScript deletes the conversation and returns its transcript length.
var forgetScript = redis.NewScript(`
local n = redis.call('LLEN', KEYS[1])
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
return n
`)

// seqPrefix is how json.Marshal starts every Event with Seq 0: seq is the
// struct's first field.
var seqPrefix = []byte(`{"seq":0`)

// Append implements Transcripts.
func (r *Redis) Append(ctx context.Context, conv guichet.ConversationID, ev guichet.Event) (guichet.Event, bool, error) {
	const op = "store: append"
	if err := checkConv(op, conv); err != nil {
		return guichet.Event{}, false, err
	}
	ev = prepare(ev, r.opts.Now)
	line, err := json.Marshal(ev)
	if err != nil {
		return guichet.Event{}, false, guichet.E(guichet.Invalid, op, err)
	}
	tail, ok := bytes.CutPrefix(line, seqPrefix)
	if !ok {
		panic("store: Event JSON does not start with seq") // a change to guichet.Event
	}
	res, err := appendScript.Run(ctx, r.client, r.convKeys(conv), ev.ID, tail, r.retentionMS()).Slice()
	if err != nil {
		return guichet.Event{}, false, unavailable(op, err)
	}
	if len(res) != 2 {
		return guichet.Event{}, false, guichet.Errorf(guichet.Other, op, "unexpected script reply %v", res)
	}
	if created, _ := res[0].(int64); created == 1 {
		ev.Seq, _ = res[1].(int64)
		return ev, true, nil
	}
	stored, err := decodeEvent(res[1])
	if err != nil {
		return guichet.Event{}, false, guichet.E(guichet.Other, op, err)
	}
	return stored, false, nil
}

// Events implements Transcripts.
func (r *Redis) Events(ctx context.Context, conv guichet.ConversationID, after int64, limit int) ([]guichet.Event, error) {
	const op = "store: events"
	after, err := checkPage(op, after, limit)
	if err != nil {
		return nil, err
	}
	lines, err := r.client.LRange(ctx, r.key(conv, "log"), after, after+int64(limit)-1).Result()
	if err != nil {
		return nil, unavailable(op, err)
	}
	if len(lines) == 0 {
		return nil, nil
	}
	evs := make([]guichet.Event, len(lines))
	for i, line := range lines {
		if evs[i], err = decodeEvent(line); err != nil {
			return nil, guichet.E(guichet.Other, op, err)
		}
	}
	return evs, nil
}

func decodeEvent(v any) (guichet.Event, error) {
	var ev guichet.Event
	s, ok := v.(string)
	if !ok {
		return ev, fmt.Errorf("stored event is %T, not a string", v)
	}
	if err := json.Unmarshal([]byte(s), &ev); err != nil {
		return ev, fmt.Errorf("decode stored event: %w", err)
	}
	return ev, nil
}

// Forget implements Transcripts.
func (r *Redis) Forget(ctx context.Context, conv guichet.ConversationID) (int, error) {
	n, err := forgetScript.Run(ctx, r.client, r.convKeys(conv)).Int()
	return n, unavailable("store: forget", err)
}

// LoadState implements States.
func (r *Redis) LoadState(ctx context.Context, conv guichet.ConversationID) ([]byte, int64, error) {
	const op = "store: load state"
	res, err := r.client.HMGet(ctx, r.key(conv, "state"), "data", "version").Result()
	if err != nil {
		return nil, 0, unavailable(op, err)
	}
	data, _ := res[0].(string)
	version, _ := res[1].(string)
	if version == "" {
		return nil, 0, nil
	}
	v, err := strconv.ParseInt(version, 10, 64)
	if err != nil {
		return nil, 0, guichet.Errorf(guichet.Other, op, "stored version %q: %w", version, err)
	}
	return []byte(data), v, nil
}

// SaveState implements States. Like Append, it pushes the conversation's
// expiry back, so state never outlives or undercuts its transcript.
func (r *Redis) SaveState(ctx context.Context, conv guichet.ConversationID, data []byte, version int64) (int64, error) {
	const op = "store: save state"
	if err := checkConv(op, conv); err != nil {
		return 0, err
	}
	res, err := saveScript.Run(ctx, r.client, r.convKeys(conv), data, version, r.retentionMS()).Int64Slice()
	if err != nil {
		return 0, unavailable(op, err)
	}
	if len(res) != 2 {
		return 0, guichet.Errorf(guichet.Other, op, "unexpected script reply %v", res)
	}
	if res[0] != 1 {
		return 0, guichet.Errorf(guichet.Conflict, op, "version %d is stale (stored %d)", version, res[1])
	}
	return res[1], nil
}

// Claim implements Dedup with SET NX PX.
func (r *Redis) Claim(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	const op = "store: claim"
	if err := checkClaim(op, key, ttl); err != nil {
		return false, err
	}
	ok, err := r.client.SetNX(ctx, r.opts.KeyPrefix+"claim:"+key, 1, claimTTL(ttl)).Result()
	return ok, unavailable(op, err)
}
