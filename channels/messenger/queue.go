package messenger

import (
	"context"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/guichet/guichet"
)

// readBlock is how long a read waits for new entries before returning
// none, so that consumers notice their context ending.
const readBlock = time.Second

// queue is the ingestion queue between the webhook and the workers.
// Delivery is at least once: an entry read and not acknowledged comes back,
// to any consumer, once it has been idle for the claim time.
type queue interface {
	// push stores events before the webhook acknowledges them.
	// Errors: Unavailable (store down or queue full; Meta will retry).
	push(ctx context.Context, events []inbound) error
	// read returns up to n entries for consumer: first entries of a
	// consumer that died or left, and entries left unacknowledged longer
	// than the claim idle time (redelivered=true), else new ones in
	// arrival order. It waits about a second and may
	// return none. Errors: Unavailable.
	read(ctx context.Context, consumer string, n int) ([]delivery, error)
	// ack removes processed entries for good. Errors: Unavailable.
	ack(ctx context.Context, ids ...string) error
	// beat tells the other consumers that consumer is alive. A consumer
	// that stops beating is dead: its entries are taken over within
	// seconds instead of after the claim idle time. Errors: Unavailable.
	beat(ctx context.Context, consumer string) error
	// leave says that consumer stopped: its pending entries may be taken
	// over at once. Errors: Unavailable.
	leave(ctx context.Context, consumer string) error
}

// delivery is one queued event handed to a consumer.
type delivery struct {
	id          string
	ev          inbound
	redelivered bool
	bad         bool // the stored entry could not be decoded
	// again marks a second attempt in place: the first may have claimed
	// the mid, so the duplicate check must not refuse it.
	again bool
}

// memQueue is the single-process queue: bounded, not crash-safe.
type memQueue struct {
	mu        sync.Mutex
	capacity  int
	claimIdle time.Duration
	now       func() time.Time
	seq       uint64
	ready     []delivery
	pending   map[string]*memPending
	wake      chan struct{}
}

type memPending struct {
	d        delivery
	seq      uint64
	consumer string
	since    time.Time
}

func newMemQueue(capacity int, claimIdle time.Duration, now func() time.Time) *memQueue {
	return &memQueue{capacity: capacity, claimIdle: claimIdle, now: now,
		pending: map[string]*memPending{}, wake: make(chan struct{}, 1)}
}

func (q *memQueue) push(_ context.Context, events []inbound) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.ready)+len(q.pending)+len(events) > q.capacity {
		return guichet.Errorf(guichet.Unavailable, "messenger: queue", "in-memory queue full (%d events)", q.capacity)
	}
	for _, ev := range events {
		q.seq++
		q.ready = append(q.ready, delivery{id: strconv.FormatUint(q.seq, 10), ev: ev})
	}
	select {
	case q.wake <- struct{}{}:
	default:
	}
	return nil
}

func (q *memQueue) read(ctx context.Context, consumer string, n int) ([]delivery, error) {
	timer := time.NewTimer(readBlock)
	defer timer.Stop()
	for {
		if ds := q.take(consumer, n); len(ds) > 0 {
			return ds, nil
		}
		select {
		case <-ctx.Done():
			return nil, nil
		case <-timer.C:
			return q.take(consumer, n), nil
		case <-q.wake:
		}
	}
}

// take reclaims idle pending entries first, like XAUTOCLAIM, else takes
// new ones.
func (q *memQueue) take(consumer string, n int) []delivery {
	q.mu.Lock()
	defer q.mu.Unlock()
	now := q.now()
	out := q.reclaim(consumer, n, now)
	if len(out) > 0 {
		return out
	}
	k := min(n, len(q.ready))
	for _, d := range q.ready[:k] {
		id, _ := strconv.ParseUint(d.id, 10, 64)
		q.pending[d.id] = &memPending{d: d, seq: id, consumer: consumer, since: now}
		out = append(out, d)
	}
	q.ready = q.ready[k:]
	if len(q.ready) == 0 {
		q.ready = nil // let the backing array go
	}
	return out
}

func (q *memQueue) reclaim(consumer string, n int, now time.Time) []delivery {
	var idle []*memPending
	for _, p := range q.pending {
		if now.Sub(p.since) >= q.claimIdle {
			idle = append(idle, p)
		}
	}
	sort.Slice(idle, func(i, j int) bool { return idle[i].seq < idle[j].seq })
	var out []delivery
	for _, p := range idle[:min(n, len(idle))] {
		p.consumer, p.since = consumer, now
		d := p.d
		d.redelivered = true
		out = append(out, d)
	}
	return out
}

// beat is a no-op: one process holds the memory queue, its consumers
// live and die with it.
func (q *memQueue) beat(context.Context, string) error { return nil }

func (q *memQueue) leave(context.Context, string) error { return nil }

func (q *memQueue) ack(_ context.Context, ids ...string) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, id := range ids {
		delete(q.pending, id)
	}
	return nil
}
