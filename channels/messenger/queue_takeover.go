package messenger

import (
	"context"
	"errors"
	"time"

	"github.com/redis/go-redis/v9"
)

// How consumers learn that another one died. Each consumer sets its beat
// key every aliveTTL/4, to "alive" with a time to live of aliveTTL, and to
// "left" when it stops. A consumer holding pending entries is dead when
// its key says "left", or when the key has been missing for aliveTTL/2 in
// a row: longer than the beat period, so that a live consumer whose key
// vanished (Redis restarted from an older snapshot, or was down longer
// than aliveTTL) beats again before anyone takes its work. Its entries
// then go to the first live consumer that looks, at most about
// aliveTTL*1.5 after the last beat.
const (
	beatAlive = "alive"
	beatLeft  = "left"
	// takeoverIdle is the XCLAIM minimum idle time of a takeover: two
	// consumers that find the same dead one at once do not both take an
	// entry, since the first claim makes it idle no more.
	takeoverIdle = 500 * time.Millisecond
)

// delConsumerScript deletes a consumer from the group only if it holds
// no pending entry: XGROUP DELCONSUMER drops a consumer's pending entries,
// which would lose them for good if it read again meanwhile.
var delConsumerScript = redis.NewScript(`
if #redis.call('XPENDING', KEYS[1], ARGV[1], '-', '+', 1, ARGV[2]) == 0 then
  return redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], ARGV[2])
end
return -1`)

func (q *redisQueue) beat(ctx context.Context, consumer string) error {
	err := q.rdb.Set(ctx, q.alivePfx+consumer, beatAlive, q.aliveTTL).Err()
	return unavailable("messenger: queue beat", err)
}

func (q *redisQueue) leave(ctx context.Context, consumer string) error {
	err := q.rdb.Set(ctx, q.alivePfx+consumer, beatLeft, q.aliveTTL).Err()
	return unavailable("messenger: queue leave", err)
}

// scanEvery is how often a consumer looks for dead ones.
func (q *redisQueue) scanEvery() time.Duration {
	return max(min(q.aliveTTL/8, time.Second), 20*time.Millisecond)
}

// takeover gives consumer up to n pending entries of consumers found
// dead, whatever their idle time.
func (q *redisQueue) takeover(ctx context.Context, consumer string, n int) ([]delivery, error) {
	now := time.Now()
	q.mu.Lock()
	due := !now.Before(q.nextScan)
	if due {
		q.nextScan = now.Add(q.scanEvery())
	}
	q.mu.Unlock()
	if !due {
		return nil, nil
	}
	dead, err := q.deadConsumers(ctx, consumer, now)
	if err != nil {
		return nil, err
	}
	var out []delivery
	for _, name := range dead {
		ds, err := q.claimFrom(ctx, name, consumer, n-len(out))
		out = append(out, ds...)
		if err != nil && len(out) == 0 {
			return nil, err
		}
		if err != nil || len(out) >= n {
			q.mu.Lock()
			q.nextScan = time.Time{} // more may wait: look again on the next read
			q.mu.Unlock()
			break
		}
	}
	return out, nil
}

// deadConsumers lists the consumers other than self that hold pending
// entries and are dead (see the comment on beatAlive).
func (q *redisQueue) deadConsumers(ctx context.Context, self string, now time.Time) ([]string, error) {
	sum, err := q.rdb.XPending(ctx, q.stream, groupName).Result()
	if isNoGroup(err) {
		q.setGroupReady(false)
		return nil, nil
	}
	if errors.Is(err, redis.Nil) {
		return nil, nil
	}
	if err != nil {
		return nil, unavailable("messenger: queue pending", err)
	}
	var names []string
	for name, count := range sum.Consumers {
		if name != self && count > 0 {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		q.forgetMissing(nil)
		return nil, nil
	}
	cmds := make([]*redis.StringCmd, len(names))
	_, err = q.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, name := range names {
			cmds[i] = p.Get(ctx, q.alivePfx+name)
		}
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, unavailable("messenger: queue beats", err)
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	var dead []string
	for i, name := range names {
		switch v, err := cmds[i].Result(); {
		case err == nil && v == beatLeft:
			dead = append(dead, name)
		case err == nil:
			delete(q.missing, name)
		default: // redis.Nil: no beat
			first, seen := q.missing[name]
			if !seen {
				q.missing[name] = now
			} else if now.Sub(first) >= q.aliveTTL/2 {
				dead = append(dead, name)
			}
		}
	}
	q.pruneMissingLocked(names)
	return dead, nil
}

// forgetMissing keeps only the suspicions about names.
func (q *redisQueue) forgetMissing(names []string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.pruneMissingLocked(names)
}

func (q *redisQueue) pruneMissingLocked(names []string) {
	for name := range q.missing {
		found := false
		for _, n := range names {
			found = found || n == name
		}
		if !found {
			delete(q.missing, name)
		}
	}
}

// claimFrom moves up to n pending entries of the dead consumer to
// consumer; once it holds none, the dead consumer leaves the group.
func (q *redisQueue) claimFrom(ctx context.Context, dead, consumer string, n int) ([]delivery, error) {
	pend, err := q.rdb.XPendingExt(ctx, &redis.XPendingExtArgs{Stream: q.stream, Group: groupName,
		Start: "-", End: "+", Count: int64(n), Consumer: dead}).Result()
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, unavailable("messenger: queue pending", err)
	}
	if len(pend) == 0 {
		q.forgetConsumer(ctx, dead)
		return nil, nil
	}
	ids := make([]string, len(pend))
	for i, p := range pend {
		ids[i] = p.ID
	}
	msgs, err := q.rdb.XClaim(ctx, &redis.XClaimArgs{Stream: q.stream, Group: groupName, Consumer: consumer,
		MinIdle: takeoverIdle, Messages: ids}).Result()
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, unavailable("messenger: queue takeover", err)
	}
	out := make([]delivery, 0, len(msgs))
	for _, m := range msgs {
		out = append(out, decodeEntry(m, true))
	}
	if len(pend) < n {
		q.forgetConsumer(ctx, dead) // it held no more
	}
	return out, nil
}

// forgetConsumer deletes a dead consumer from the group if it holds nothing;
// a failure only leaves a name behind.
func (q *redisQueue) forgetConsumer(ctx context.Context, dead string) {
	q.mu.Lock()
	delete(q.missing, dead)
	q.mu.Unlock()
	_ = delConsumerScript.Run(ctx, q.rdb, []string{q.stream}, groupName, dead).Err()
}

// sweep forgets the consumers that hold nothing and have neither read nor
// beaten for a while: the names of instances gone, whose entries were
// claimed after the claim idle time. A live consumer reads every second.
func (q *redisQueue) sweep(ctx context.Context, self string) {
	cs, err := q.rdb.XInfoConsumers(ctx, q.stream, groupName).Result()
	if err != nil {
		return
	}
	for _, c := range cs {
		if c.Name == self || c.Pending > 0 || c.Idle < 2*q.aliveTTL {
			continue
		}
		if err := q.rdb.Get(ctx, q.alivePfx+c.Name).Err(); errors.Is(err, redis.Nil) {
			q.forgetConsumer(ctx, c.Name)
		}
	}
}
