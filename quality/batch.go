package quality

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/guichet/guichet"
)

// Batched records the facts that come with nearly every message (a new
// conversation, an answer, a clarification, a fallback) in the background,
// many to a round trip, so that a message's path to its answer does not
// wait for the statistics: on Redis that is one round trip fewer per
// message. Every other kind (hand-offs, ratings, comments, incident
// reports: rarer, and some written by the citizen) is recorded at once,
// as the store underneath does.
//
// Nothing is dropped for being queued: when the queue is full, Record
// records synchronously. Facts and Forget first wait for what was queued
// before them, so a reader sees every fact recorded before its call, and
// a fact queued before a Forget is forgotten with the rest. Close records
// what is queued. Facts of the last moments before a crash are the price:
// statistics, never a message or an answer.
type Batched struct {
	Store
	log   *slog.Logger
	now   func() time.Time
	queue chan queued
	done  chan struct{}

	mu     sync.RWMutex // held for reading while sending on queue; Close takes it to close queue
	closed bool
}

// queued is a fact to record or, when flushed is set, a marker that the
// loop closes once everything queued before it is recorded.
type queued struct {
	fact    Fact
	flushed chan struct{}
}

// batchMax is the most facts one write records.
const batchMax = 256

// background reports whether k is recorded by Batched in the background.
func background(k Kind) bool {
	switch k {
	case KindConversation, KindAnswer, KindClarify, KindFallback:
		return true
	}
	return false
}

// NewBatched returns s with its frequent facts recorded in the background
// through a queue of up to size facts (1024 when not positive). now is the
// clock that dates a fact with no time when it is queued (time.Now when
// nil); log reports the facts a write lost. Close it to stop.
func NewBatched(s Store, size int, now func() time.Time, log *slog.Logger) *Batched {
	if size <= 0 {
		size = 1024
	}
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	b := &Batched{Store: s, log: log, now: now, queue: make(chan queued, size), done: make(chan struct{})}
	go b.loop()
	return b
}

// Record implements Recorder. A background fact is checked, dated and
// queued; its write's error, if any, is logged rather than returned.
func (b *Batched) Record(ctx context.Context, f Fact) error {
	if !background(f.Kind) {
		return b.Store.Record(ctx, f)
	}
	if f.Time.IsZero() {
		f.Time = b.now()
	}
	b.mu.RLock()
	defer b.mu.RUnlock()
	if !b.closed {
		select {
		case b.queue <- queued{fact: f.clone()}:
			return nil
		default: // full: record it now, as without the queue
		}
	}
	return b.Store.Record(ctx, f)
}

// RecordAll records fs as Record would each.
func (b *Batched) RecordAll(ctx context.Context, fs []Fact) error { return recordEach(ctx, b, fs) }

// Facts implements Store once the facts queued before the call are
// recorded.
func (b *Batched) Facts(ctx context.Context, since time.Time, kinds ...Kind) ([]Fact, error) {
	if err := b.Flush(ctx); err != nil {
		return nil, err
	}
	return b.Store.Facts(ctx, since, kinds...)
}

// Forget implements Store once the facts queued before the call are
// recorded, so that none of them outlives it.
func (b *Batched) Forget(ctx context.Context, conv guichet.ConversationID) (int, error) {
	if err := b.Flush(ctx); err != nil {
		return 0, err
	}
	return b.Store.Forget(ctx, conv)
}

// Flush returns once every fact queued before the call is recorded (or
// its write failed and was logged). Errors: Unavailable when ctx ends
// first.
func (b *Batched) Flush(ctx context.Context) error {
	b.mu.RLock()
	if b.closed {
		b.mu.RUnlock()
		return nil // Close recorded everything
	}
	mark := make(chan struct{})
	select {
	case b.queue <- queued{flushed: mark}:
	case <-ctx.Done():
		b.mu.RUnlock()
		return guichet.E(guichet.Unavailable, "quality: flush", ctx.Err())
	}
	b.mu.RUnlock()
	select {
	case <-mark:
		return nil
	case <-ctx.Done():
		return guichet.E(guichet.Unavailable, "quality: flush", ctx.Err())
	}
}

// Close records what is queued and stops the background writer. Facts
// recorded afterwards are recorded at once. It does not close the store
// underneath.
func (b *Batched) Close() {
	b.mu.Lock()
	if !b.closed {
		b.closed = true
		close(b.queue)
	}
	b.mu.Unlock()
	<-b.done
}

// loop writes what is queued: the first fact waiting and whatever else is
// already there, up to batchMax, in one RecordAll.
func (b *Batched) loop() {
	defer close(b.done)
	batch := make([]Fact, 0, batchMax)
	var marks []chan struct{}
	for q := range b.queue {
		batch, marks = add(batch[:0], marks[:0], q)
	more:
		for len(batch) < batchMax {
			select {
			case q, ok := <-b.queue:
				if !ok {
					break more
				}
				batch, marks = add(batch, marks, q)
			default:
				break more
			}
		}
		b.write(batch)
		for _, m := range marks {
			close(m)
		}
	}
}

func add(batch []Fact, marks []chan struct{}, q queued) ([]Fact, []chan struct{}) {
	if q.flushed != nil {
		return batch, append(marks, q.flushed)
	}
	return append(batch, q.fact), marks
}

// write records batch, giving the store as long as one request may take.
func (b *Batched) write(batch []Fact) {
	if len(batch) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := recordAll(ctx, b.Store, batch); err != nil {
		b.log.Warn("quality: facts recorded in the background lost", "facts", len(batch), "err", err)
	}
}
