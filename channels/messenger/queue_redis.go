package messenger

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/guichet/guichet"
)

// groupName is the consumer group every instance joins.
const groupName = "workers"

// redisQueue keeps events in a stream read through one consumer group, so
// that instances share the work. Every consumer beats (a key with a short
// time to live); the entries of a consumer whose beat stopped are taken
// over within seconds (see takeover), and any entry left unacknowledged
// longer than claimIdle is claimed again (XAUTOCLAIM) as a last resort,
// for a consumer alive but stuck. Acknowledged entries are deleted so that
// the stream holds only work not yet done.
type redisQueue struct {
	rdb       redis.UniversalClient
	stream    string
	alivePfx  string // + consumer name: the beat key, in the stream's slot
	capacity  int    // entries the stream may hold: unread, or read and not yet acknowledged
	claimIdle time.Duration
	aliveTTL  time.Duration

	mu         sync.Mutex
	groupReady bool
	cursor     string    // XAUTOCLAIM position; "0-0" once a scan is complete
	nextClaim  time.Time // when to scan for idle entries again
	nextScan   time.Time // when to look for dead consumers again
	// missing holds when each consumer with pending entries was first seen
	// without its beat key, until it is declared dead or seen again.
	missing map[string]time.Time
}

func newRedisQueue(rdb redis.UniversalClient, prefix string, capacity int, claimIdle, aliveTTL time.Duration) *redisQueue {
	stream := prefix + "messenger:{ingest}"
	return &redisQueue{rdb: rdb, stream: stream, alivePfx: stream + ":alive:", capacity: capacity, claimIdle: claimIdle,
		aliveTTL: aliveTTL, cursor: "0-0", missing: map[string]time.Time{}}
}

func unavailable(op string, err error) error { return guichet.E(guichet.Unavailable, op, err) }

// pushScript adds the entries ARGV[2...] to the stream unless it would
// then hold more than ARGV[1]: all or none. Acknowledged entries are
// deleted, so the stream's length is the work waiting or under way.
var pushScript = redis.NewScript(`
if redis.call('XLEN', KEYS[1]) + #ARGV - 1 > tonumber(ARGV[1]) then return 0 end
for i = 2, #ARGV do redis.call('XADD', KEYS[1], '*', 'e', ARGV[i]) end
return 1
`)

func (q *redisQueue) push(ctx context.Context, events []inbound) error {
	const op = "messenger: queue push"
	args := make([]any, 1, len(events)+1)
	args[0] = q.capacity
	for _, ev := range events {
		b, _ := json.Marshal(ev)
		args = append(args, b)
	}
	ok, err := pushScript.Run(ctx, q.rdb, []string{q.stream}, args...).Int()
	if err != nil {
		return unavailable(op, err)
	}
	if ok != 1 {
		return guichet.Errorf(guichet.Unavailable, op, "queue full (%d events waiting or under way)", q.capacity)
	}
	return nil
}

func (q *redisQueue) read(ctx context.Context, consumer string, n int) ([]delivery, error) {
	if err := q.ensureGroup(ctx); err != nil {
		return nil, err
	}
	if ds, err := q.takeover(ctx, consumer, n); err != nil || len(ds) > 0 {
		return ds, err
	}
	if ds, err := q.claim(ctx, consumer, n); err != nil || len(ds) > 0 {
		return ds, err
	}
	res, err := q.rdb.XReadGroup(ctx, &redis.XReadGroupArgs{Group: groupName, Consumer: consumer,
		Streams: []string{q.stream, ">"}, Count: int64(n), Block: readBlock}).Result()
	switch {
	case errors.Is(err, redis.Nil) || ctx.Err() != nil:
		return nil, nil
	case isNoGroup(err):
		q.setGroupReady(false) // the stream was deleted: recreate on next read
		return nil, nil
	case err != nil:
		return nil, unavailable("messenger: queue read", err)
	}
	var out []delivery
	for _, s := range res {
		for _, m := range s.Messages {
			out = append(out, decodeEntry(m, false))
		}
	}
	return out, nil
}

// claim takes over entries idle longer than claimIdle, whoever holds
// them, scanning the pending list a page at a time, at most every
// claimIdle/4.
func (q *redisQueue) claim(ctx context.Context, consumer string, n int) ([]delivery, error) {
	q.mu.Lock()
	start, due := q.cursor, !time.Now().Before(q.nextClaim)
	q.mu.Unlock()
	if !due {
		return nil, nil
	}
	msgs, next, err := q.rdb.XAutoClaim(ctx, &redis.XAutoClaimArgs{Stream: q.stream, Group: groupName,
		Consumer: consumer, MinIdle: q.claimIdle, Start: start, Count: int64(n)}).Result()
	if err != nil && !errors.Is(err, redis.Nil) {
		if isNoGroup(err) {
			q.setGroupReady(false)
			return nil, nil
		}
		return nil, unavailable("messenger: queue claim", err)
	}
	q.mu.Lock()
	q.cursor = next
	done := next == "0-0" || next == ""
	if done {
		q.cursor = "0-0"
		q.nextClaim = time.Now().Add(q.claimIdle / 4)
	}
	q.mu.Unlock()
	if done {
		q.sweep(ctx, consumer)
	}
	out := make([]delivery, 0, len(msgs))
	for _, m := range msgs {
		out = append(out, decodeEntry(m, true))
	}
	return out, nil
}

func (q *redisQueue) ensureGroup(ctx context.Context) error {
	q.mu.Lock()
	ready := q.groupReady
	q.mu.Unlock()
	if ready {
		return nil
	}
	// "0": entries pushed before the group existed are delivered too.
	err := q.rdb.XGroupCreateMkStream(ctx, q.stream, groupName, "0").Err()
	if err != nil && !strings.HasPrefix(err.Error(), "BUSYGROUP") {
		return unavailable("messenger: queue group", err)
	}
	q.setGroupReady(true)
	return nil
}

func (q *redisQueue) setGroupReady(v bool) {
	q.mu.Lock()
	q.groupReady = v
	q.mu.Unlock()
}

func (q *redisQueue) ack(ctx context.Context, ids ...string) error {
	if len(ids) == 0 {
		return nil
	}
	_, err := q.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		p.XAck(ctx, q.stream, groupName, ids...)
		p.XDel(ctx, q.stream, ids...)
		return nil
	})
	return unavailable("messenger: queue ack", err)
}

func isNoGroup(err error) bool { return err != nil && strings.HasPrefix(err.Error(), "NOGROUP") }

func decodeEntry(m redis.XMessage, redelivered bool) delivery {
	d := delivery{id: m.ID, redelivered: redelivered}
	s, ok := m.Values["e"].(string)
	if !ok || json.Unmarshal([]byte(s), &d.ev) != nil {
		d.bad = true
	}
	return d
}
