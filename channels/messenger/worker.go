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
// order. It returns when ctx ends, leaving what was not processed
// unacknowledged, and says it left once its workers stopped, so that
// another consumer takes that over at once.
func (c *Channel) consume(ctx context.Context) error {
	shards := make([]chan delivery, c.workers)
	var wg sync.WaitGroup
	busy := &inflight{m: map[string]bool{}}
	acks := startAcker(c.queue, c.log)
	for i := range shards {
		shards[i] = make(chan delivery, shardBuffer)
		wg.Go(func() { c.work(ctx, shards[i], busy, acks) })
	}
	c.beat(ctx) // before the first read: nobody takes a live consumer's entries
	var beats sync.WaitGroup
	beats.Go(func() { c.heartbeat(ctx) })
	defer func() {
		for _, s := range shards {
			close(s)
		}
		wg.Wait()
		acks.close() // before leaving: what was done is not taken over
		beats.Wait()
		lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
		defer cancel()
		if err := c.queue.leave(lctx, c.consumer); err != nil {
			c.log.Warn("messenger: cannot tell that this consumer left; its events wait for its beat to expire", "err", err)
		}
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

func (c *Channel) work(ctx context.Context, in <-chan delivery, busy *inflight, acks *acker) {
	for d := range in {
		if ctx.Err() == nil && c.handle(ctx, d) {
			acks.add(d.id)
		}
		busy.done(d.id)
	}
}

// handle processes one entry and reports whether to acknowledge it: not
// when a dependency stayed unavailable, and the entry stays pending to be
// claimed again later, by this instance or another.
func (c *Channel) handle(ctx context.Context, d delivery) bool {
	var outcome string
	var err error
	// One budget for all attempts: the entry must be done or abandoned
	// before another instance may claim it.
	pctx, cancel := context.WithTimeout(ctx, processTimeout)
	defer cancel()
	for attempt := range handleAttempts {
		outcome, err = c.process(pctx, d)
		if !retryable(err) || pctx.Err() != nil || attempt == handleAttempts-1 {
			break
		}
		d.again = true
		sleep(pctx, min(c.retryBase<<attempt, maxHandleBackoff))
	}
	if ctx.Err() != nil {
		return false // stopping: the entry stays pending
	}
	if retryable(err) {
		c.metrics.processed.WithLabelValues("retry_later").Inc()
		c.log.Warn("messenger: event left for a later attempt", "kind", string(d.ev.Kind), "err", err)
		return false
	}
	if err != nil {
		outcome = "failed"
		c.log.Warn("messenger: event not handled", "kind", string(d.ev.Kind), "err", err)
	}
	c.metrics.processed.WithLabelValues(outcome).Inc()
	return true
}

// retryable: only an unavailable dependency is worth trying again; a
// rejected message stays rejected.
func retryable(err error) bool {
	k := guichet.KindOf(err)
	return err != nil && (k == guichet.Unavailable || k == guichet.TooMany)
}
