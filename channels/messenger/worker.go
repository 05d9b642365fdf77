package messenger

import (
	"context"
	"hash/fnv"
	"sort"
	"sync"
	"time"

	"github.com/guichet/guichet"
)

const (
	readBatch   = 64 // entries read at once
	shardBuffer = 64 // entries waiting per worker
	// processTimeout bounds one event so that it ends well before another
	// instance may claim it (ClaimIdle, two minutes by default).
	processTimeout = time.Minute
	// handleAttempts is how often an event is tried in place while a
	// dependency is unavailable, before it is left for a later claim:
	// with the default retry base, the waits add up to about 8 s, enough
	// to ride out a Redis restart or failover.
	handleAttempts = 6
	// maxHandleBackoff caps one wait between attempts.
	maxHandleBackoff = 5 * time.Second
)

// consume reads the queue and hands each entry to the worker of its
// sender, so that one person's events are processed one at a time, in
// order; b acknowledges them. It returns when ctx ends and its workers
// have stopped, leaving what was not processed unacknowledged; the caller
// then says that this consumer left (leave), so that another consumer
// takes that over at once.
func (c *Channel) consume(ctx context.Context, b *behind) error {
	shards := make([]chan delivery, c.workers)
	var wg sync.WaitGroup
	busy := &inflight{m: map[string]bool{}}
	for i := range shards {
		shards[i] = make(chan delivery, shardBuffer)
		wg.Go(func() { c.work(ctx, shards[i], busy, b) })
	}
	c.beat(ctx) // before the first read: nobody takes a live consumer's entries
	var beats sync.WaitGroup
	beats.Go(func() { c.heartbeat(ctx) })
	defer func() {
		for _, s := range shards {
			close(s)
		}
		wg.Wait()
		beats.Wait()
	}()
	for ctx.Err() == nil {
		ds, err := c.queue.read(ctx, c.consumer, readBatch)
		if err != nil {
			c.log.Error("messenger: read ingestion queue", "err", err)
			sleep(ctx, time.Second)
			continue
		}
		// Meta's batches and retries arrive out of order: go by timestamp.
		sort.SliceStable(ds, func(i, j int) bool { return ds[i].ev.Time < ds[j].ev.Time })
		for _, d := range ds {
			if !busy.add(d.id) {
				continue // claimed back while this instance is still on it
			}
			select {
			case shards[shardOf(d.ev.PSID, len(shards))] <- d:
			case <-ctx.Done():
				return nil
			}
		}
	}
	return nil
}

// leave tells the other consumers that this one stopped.
func (c *Channel) leave(ctx context.Context) {
	lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
	defer cancel()
	if err := c.queue.leave(lctx, c.consumer); err != nil {
		c.log.Warn("messenger: cannot tell that this consumer left; its events wait for its beat to expire", "err", err)
	}
}

// heartbeat beats until ctx ends. A beat that fails is logged: the next
// one comes before the last good one expires, unless Redis stays away.
func (c *Channel) heartbeat(ctx context.Context) {
	for sleep(ctx, c.aliveTTL/4) {
		c.beat(ctx)
	}
}

func (c *Channel) beat(ctx context.Context) {
	bctx, cancel := context.WithTimeout(ctx, c.aliveTTL/4)
	defer cancel()
	if err := c.queue.beat(bctx, c.consumer); err != nil && ctx.Err() == nil {
		c.log.Warn("messenger: consumer beat failed", "err", err)
	}
}

func shardOf(psid string, n int) int {
	h := fnv.New32a()
	h.Write([]byte(psid))
	return int(h.Sum32() % uint32(n))
}

// inflight is the set of entries this instance is processing.
type inflight struct {
	mu sync.Mutex
	m  map[string]bool
}

func (f *inflight) add(id string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.m[id] {
		return false
	}
	f.m[id] = true
	return true
}

func (f *inflight) done(id string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.m, id)
}

// work handles the entries of one shard in order. It takes what waits in
// its shard, up to touchBatch entries, and records their windows and
// claims their mids in one round trip before handling them one by one: a
// worker that has fallen behind pays that round trip once for many events.
func (c *Channel) work(ctx context.Context, in <-chan delivery, busy *inflight, b *behind) {
	batch := make([]delivery, 0, touchBatch)
	for d := range in {
		batch = takeWaiting(append(batch[:0], d), in)
		pre := c.arrive(ctx, batch)
		for i, d := range batch {
			if ctx.Err() == nil {
				if outcome, ok := c.handle(ctx, d, pre[i]); ok {
					b.ack(d.id, outcome)
				}
			}
			busy.done(d.id)
		}
	}
}

// touchBatch is the most entries a worker takes at once.
const touchBatch = 32

// takeWaiting adds to batch the entries waiting in in, up to touchBatch.
func takeWaiting(batch []delivery, in <-chan delivery) []delivery {
	for len(batch) < touchBatch {
		select {
		case d, ok := <-in:
			if !ok {
				return batch
			}
			batch = append(batch, d)
		default:
			return batch
		}
	}
	return batch
}

// handle processes one entry, starting from pre, its window as the
// worker's batch recorded it (nil: process records it), and reports
// whether to acknowledge it, with its outcome: not when a dependency
// stayed unavailable, and the entry stays pending to be claimed again
// later, by this instance or another.
func (c *Channel) handle(ctx context.Context, d delivery, pre *touched) (string, bool) {
	var outcome string
	var err error
	// One budget for all attempts: the entry must be done or abandoned
	// before another instance may claim it.
	pctx, cancel := context.WithTimeout(ctx, processTimeout)
	defer cancel()
	if pre != nil && pre.err != nil {
		d.again, pre = true, nil // the batch may have claimed the mid before failing
	}
	for attempt := range handleAttempts {
		outcome, err = c.process(pctx, d, pre)
		if !retryable(err) || pctx.Err() != nil || attempt == handleAttempts-1 {
			break
		}
		d.again, pre = true, nil
		sleep(pctx, min(c.retryBase<<attempt, maxHandleBackoff))
	}
	if ctx.Err() != nil {
		return "", false // stopping: the entry stays pending
	}
	if retryable(err) {
		c.metrics.processed.WithLabelValues("retry_later").Inc()
		c.log.Warn("messenger: event left for a later attempt", "kind", string(d.ev.Kind), "err", err)
		return "", false
	}
	if err != nil {
		outcome = "failed"
		c.log.Warn("messenger: event not handled", "kind", string(d.ev.Kind), "err", err)
	}
	return outcome, true // counted once acknowledged
}

// retryable: only an unavailable dependency is worth trying again; a
// rejected message stays rejected.
func retryable(err error) bool {
	k := guichet.KindOf(err)
	return err != nil && (k == guichet.Unavailable || k == guichet.TooMany)
}
