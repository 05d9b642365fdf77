package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/guichet/guichet"
)

// Every script takes the conversation's keys in the order log, ids, state,
// and starts its arguments with the retention and the slack of due (ms)
// and the time (Unix ms); the scripts that append go on with the bus
// channel and the head of the notice (see writeArgs).

// scriptLib is the start of the scripts that write a conversation.
//
// due says whether the expiry of the conversation's keys must be pushed
// back to the retention: when fresh says the script created a key (it has
// no time to live yet), or when the last push is more than the slack ago.
// The keys are always pushed back together, and the time of the last push
// is kept in the state hash (field x) by the scripts that touched the ids
// hash, so that x also vouches that the ids hash has its time to live.
// Without x (a conversation of an earlier version, or one whose ids hash
// was not written since) due reads the time to live of check, a key the
// script wrote, and then also returns the time of the last push that it
// shows, for the caller to keep in x if it writes the state hash anyway.
// A clock that went back makes x unusable. expire pushes the keys back.
//
// claim gives event id the sequence number seq in the ids hash, unless
// an event holds the id already: then it returns that event's line, and
// nothing is stored. One HSETNX for a new id, the usual case. An id whose
// event is gone (a log cut short) is given seq again.
//
// notify publishes the TopicEvent notice of seq: head is the notice's JSON
// up to its seq. channel is empty on a Redis Cluster, where notices go by
// sharded pub/sub to a channel of another slot than the script's keys: the
// caller publishes then.
const scriptLib = `
local MS, SLACK, NOW = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local function due(check, fresh, x)
  if fresh then return true end
  x = tonumber(x)
  if x and x <= NOW and NOW - x < SLACK then return false end
  local ttl = redis.call('PTTL', check)
  if ttl < MS - SLACK then return true end
  return false, NOW - (MS - ttl)
end
local function expire()
  for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], MS) end
end
local function claim(id, seq)
  if redis.call('HSETNX', KEYS[2], id, seq) == 1 then return nil end
  local line = redis.call('LINDEX', KEYS[1], tonumber(redis.call('HGET', KEYS[2], id)) - 1)
  if not line then redis.call('HSET', KEYS[2], id, seq) end
  return line
end
local function notify(seq)
  if ARGV[4] ~= '' then redis.call('PUBLISH', ARGV[4], ARGV[5] .. seq .. '}') end
end
`

// appendLib is appendEvent, which dedupes by id, numbers the event,
// stores it and announces it; x is the state hash's field x. The event's
// JSON arrives without its seq (ARGV[7] is what follows `{"seq":0`),
// because only the script knows the next number. ARGV after the common
// five: id, JSON tail. It returns 1, seq or 0, stored JSON.
const appendLib = scriptLib + `
local function appendEvent(x)
  local id = ARGV[6]
  local seq = redis.call('LLEN', KEYS[1]) + 1
  local check = KEYS[1]
  if id ~= '' then
    local line = claim(id, seq)
    if line then return 0, line end
    check = KEYS[2]
  end
  redis.call('RPUSH', KEYS[1], '{"seq":' .. seq .. ARGV[7])
  if due(check, seq == 1, x) then
    if id ~= '' then redis.call('HSET', KEYS[3], 'x', NOW) end
    expire()
  end
  notify(seq)
  return 1, seq
end
`

// appendScript is Append in one step. Returns {1, seq} or {0, stored
// JSON}.
var appendScript = redis.NewScript(appendLib + `
local created, v = appendEvent(redis.call('HGET', KEYS[3], 'x'))
return {created, v}
`)

// appendLoadScript is AppendLoad: appendScript, with the state's data and
// version (nil when there is none) read in the same command as x.
var appendLoadScript = redis.NewScript(appendLib + `
local st = redis.call('HMGET', KEYS[3], 'data', 'version', 'x')
local created, v = appendEvent(st[3])
return {created, v, st[1], st[2]}
`)

// saveScript is the compare-and-set of SaveState. ARGV after the common
// three: data, expected version. Returns {1, new version} or
// {0, stored version}.
var saveScript = redis.NewScript(scriptLib + `
local st = redis.call('HMGET', KEYS[3], 'version', 'x')
local v = tonumber(st[1] or '0')
if v ~= tonumber(ARGV[5]) then return {0, v} end
local refresh = due(KEYS[3], v == 0 and not st[2], st[2])
redis.call('HSET', KEYS[3], 'data', ARGV[4], 'version', v + 1)
if refresh then expire() end
return {1, v + 1}
`)

// commitScript is Commit: the compare-and-set of the state, then the
// appends as appendScript does them, one notice for the last.
// ARGV after the common five: data, expected version, then the id and
// JSON tail of each event. Returns {0, stored version}, or
// {1, new version} followed by {1, seq} or {0, stored JSON} for each
// event.
var commitScript = redis.NewScript(scriptLib + `
local st = redis.call('HMGET', KEYS[3], 'version', 'x')
local v = tonumber(st[1] or '0')
if v ~= tonumber(ARGV[7]) then return {0, v} end
local out = {1, v + 1}
local len = redis.call('LLEN', KEYS[1])
local seq, check = len, KEYS[3]
for i = 8, #ARGV, 2 do
  local id, line = ARGV[i], nil
  if id ~= '' then
    check = KEYS[2]
    line = claim(id, seq + 1)
  end
  if line then
    out[#out + 1] = 0
    out[#out + 1] = line
  else
    seq = seq + 1
    redis.call('RPUSH', KEYS[1], '{"seq":' .. seq .. ARGV[i + 1])
    out[#out + 1] = 1
    out[#out + 1] = seq
  end
end
local refresh, shown = due(check, v == 0 and not st[2] or len == 0 and seq > 0, st[2])
local fields = {'data', ARGV[6], 'version', v + 1}
if check == KEYS[2] then
  if refresh then shown = NOW end
  if shown then
    fields[5] = 'x'
    fields[6] = shown
  end
end
redis.call('HSET', KEYS[3], unpack(fields))
if refresh then expire() end
if seq > len then notify(seq) end
return out
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

// eventTail encodes ev, prepared, for the scripts: its JSON after
// seqPrefix, which the script completes with the seq it hands out.
func eventTail(op string, ev guichet.Event) ([]byte, error) {
	line, err := json.Marshal(ev)
	if err != nil {
		return nil, guichet.E(guichet.Invalid, op, err)
	}
	tail, ok := bytes.CutPrefix(line, seqPrefix)
	if !ok {
		panic("store: Event JSON does not start with seq") // a change to guichet.Event
	}
	return tail, nil
}

// writeArgs are the arguments every appending script starts with: the
// ttlArgs, the bus channel (empty on a cluster: see scriptLib) and the
// head of conv's notice, which names this instance as its origin (see
// announce).
func (r *Redis) writeArgs(conv guichet.ConversationID) []any {
	channel := r.bus.channel
	if r.bus.sharded() {
		channel = ""
	}
	head := r.bus.encode(Notice{Topic: TopicEvent, Conversation: conv})
	head = append(head[:len(head)-1], `,"seq":`...)
	return append(r.ttlArgs(), channel, head)
}

// ttlArgs are the arguments every writing script starts with: the
// retention and the slack of due (see scriptLib) in ms, and the time in
// Unix ms.
func (r *Redis) ttlArgs() []any {
	return []any{r.retentionMS(), refreshSlack(r.opts.Retention).Milliseconds(), r.opts.Now().UnixMilli()}
}

// announce hands the notice of evs, just stored (copies), to this
// instance's subscribers with the events, so that they need not read
// them back; the bus drops the copy Redis brings back (its origin is this
// instance), while the other instances get theirs without the events. On a
// Redis Cluster the script could not publish: it is done here. Notices are
// hints (subscribers reconcile by Seq), and the events are stored: a
// failure here is not the append's.
func (r *Redis) announce(ctx context.Context, conv guichet.ConversationID, evs []guichet.Event) {
	n := eventNotice(conv, evs)
	_ = r.bus.hub.publish("store: append", n)
	if r.bus.sharded() {
		_ = r.client.SPublish(ctx, r.bus.channel, r.bus.encode(n)).Err()
	}
}

// Append implements Transcripts.
func (r *Redis) Append(ctx context.Context, conv guichet.ConversationID, ev guichet.Event) (guichet.Event, bool, error) {
	stored, created, _, err := r.appendWith(ctx, "store: append", appendScript, conv, ev)
	return stored, created, err
}

// AppendLoad implements AppendLoader in one script: one round trip.
func (r *Redis) AppendLoad(ctx context.Context, conv guichet.ConversationID, ev guichet.Event) (guichet.Event, bool, []byte, int64, error) {
	const op = "store: append and load"
	stored, created, res, err := r.appendWith(ctx, op, appendLoadScript, conv, ev)
	if err != nil {
		return guichet.Event{}, false, nil, 0, err
	}
	if len(res) != 4 {
		return guichet.Event{}, false, nil, 0, guichet.Errorf(guichet.Other, op, "unexpected script reply %v", res)
	}
	data, version, err := stateReply(op, res[2], res[3])
	return stored, created, data, version, err
}

// appendWith runs script, appendScript or one that starts like it, for ev
// and returns its whole reply too.
func (r *Redis) appendWith(ctx context.Context, op string, script *redis.Script, conv guichet.ConversationID, ev guichet.Event) (guichet.Event, bool, []any, error) {
	if err := checkConv(op, conv); err != nil {
		return guichet.Event{}, false, nil, err
	}
	ev = prepare(ev, r.opts.Now)
	tail, err := eventTail(op, ev)
	if err != nil {
		return guichet.Event{}, false, nil, err
	}
	args := append(r.writeArgs(conv), ev.ID, tail)
	res, err := script.Run(ctx, r.client, r.convKeys(conv), args...).Slice()
	if err != nil {
		return guichet.Event{}, false, nil, unavailable(op, err)
	}
	if len(res) < 2 {
		return guichet.Event{}, false, nil, guichet.Errorf(guichet.Other, op, "unexpected script reply %v", res)
	}
	stored, created, err := scriptEvent(ev, res[0], res[1])
	if err != nil {
		return guichet.Event{}, false, nil, guichet.E(guichet.Other, op, err)
	}
	if created {
		r.announce(ctx, conv, []guichet.Event{cloneEvent(stored)})
	}
	return stored, created, res, nil
}

// scriptEvent reads a script's answer about ev: {1, seq} for an event
// stored now, {0, JSON} for the one stored earlier under its id.
func scriptEvent(ev guichet.Event, status, v any) (guichet.Event, bool, error) {
	if created, _ := status.(int64); created == 1 {
		ev.Seq, _ = v.(int64)
		return ev, true, nil
	}
	stored, err := decodeEvent(v)
	return stored, false, err
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
	return stateReply(op, res[0], res[1])
}

// stateReply reads the state hash's data and version fields as HMGET
// gives them: nil for a conversation without state.
func stateReply(op string, rawData, rawVersion any) ([]byte, int64, error) {
	data, _ := rawData.(string)
	version, _ := rawVersion.(string)
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
	args := append(r.ttlArgs(), data, version)
	res, err := saveScript.Run(ctx, r.client, r.convKeys(conv), args...).Int64Slice()
	if err != nil {
		return 0, unavailable(op, err)
	}
	if len(res) != 2 {
		return 0, guichet.Errorf(guichet.Other, op, "unexpected script reply %v", res)
	}
	if res[0] != 1 {
		return 0, staleVersion(op, version, res[1])
	}
	return res[1], nil
}

func staleVersion(op string, version, stored int64) error {
	return guichet.Errorf(guichet.Conflict, op, "version %d is stale (stored %d)", version, stored)
}

// Commit implements Commits in one script: one round trip, and nothing
// half done if the process dies.
func (r *Redis) Commit(ctx context.Context, conv guichet.ConversationID, evs []guichet.Event, data []byte, version int64) ([]guichet.Event, int64, error) {
	const op = "store: commit"
	if err := checkConv(op, conv); err != nil {
		return nil, 0, err
	}
	args := append(r.writeArgs(conv), data, version)
	evs = slices.Clone(evs)
	for i, ev := range evs {
		evs[i] = prepare(ev, r.opts.Now)
		tail, err := eventTail(op, evs[i])
		if err != nil {
			return nil, 0, err
		}
		args = append(args, ev.ID, tail)
	}
	res, err := commitScript.Run(ctx, r.client, r.convKeys(conv), args...).Slice()
	if err != nil {
		return nil, 0, unavailable(op, err)
	}
	if len(res) == 2 && res[0] == int64(0) {
		stored, _ := res[1].(int64)
		return nil, 0, staleVersion(op, version, stored)
	}
	if len(res) != 2+2*len(evs) || res[0] != int64(1) {
		return nil, 0, guichet.Errorf(guichet.Other, op, "unexpected script reply %v", res)
	}
	saved, _ := res[1].(int64)
	var created []guichet.Event
	for i := range evs {
		stored, ok, err := scriptEvent(evs[i], res[2+2*i], res[3+2*i])
		if err != nil {
			return nil, 0, guichet.E(guichet.Other, op, err)
		}
		if ok {
			created = append(created, stored)
		}
	}
	if len(created) == 0 {
		return nil, saved, nil
	}
	r.announce(ctx, conv, cloneEvents(created))
	return created, saved, nil
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
