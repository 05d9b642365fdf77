package messenger

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"
)

const (
	// behindBatch is the most writes sent in one round trip.
	behindBatch = 256
	// behindBuffer is how many writes may wait before the workers and
	// senders that make them wait too.
	behindBuffer = 4 * behindBatch
	// behindTimeout bounds one round trip of writes, the last one
	// included when the channel stops.
	behindTimeout = 2 * time.Second
)

// A write-behind is what the channel writes once the work is done: the
// sent log's note that a reply left, and the queue's acknowledgement of a
// processed entry. Neither needs to be waited for, so a worker goes on to
// its next event at once, and all the writes waiting go together, over
// Redis in one round trip, so that a busy channel pays one round trip for
// many events instead of two each.
//
// A note not yet written counts as written for this instance's
// deliveries (noted). A write lost with the process only means that an
// entry is processed again after a takeover, as if it had been under way,
// and a reply whose note was lost is then sent again: the window of that,
// between the Send API's answer and the note, is a round trip or two. (An
// entry acknowledged before the notes of its replies are written is never
// processed again: their notes would not be read.)
type behind struct {
	w         behindWriter
	log       *slog.Logger
	processed *prometheus.CounterVec // by outcome, counted once acknowledged
	in        chan behindOp
	done      chan struct{}

	mu        sync.Mutex
	unwritten map[sentNote]int // notes queued and not yet written
}

// behindOp is one write: a note, or the acknowledgement of an entry
// processed with outcome.
type behindOp struct {
	note         sentNote
	ack, outcome string
}

// behindWriter writes a batch: the notes, then the acknowledgements.
type behindWriter interface {
	writeBehind(ctx context.Context, notes []sentNote, acks []string) error
}

func startBehind(w behindWriter, log *slog.Logger, processed *prometheus.CounterVec) *behind {
	b := &behind{w: w, log: log, processed: processed, in: make(chan behindOp, behindBuffer),
		done: make(chan struct{}), unwritten: map[sentNote]int{}}
	go b.run()
	return b
}

// noteSent queues the note that the reply n left.
func (b *behind) noteSent(n sentNote) {
	b.mu.Lock()
	b.unwritten[n]++
	b.mu.Unlock()
	b.in <- behindOp{note: n}
}

// noted reports whether the note n is queued and not yet written.
func (b *behind) noted(n sentNote) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.unwritten[n] > 0
}

// ack queues the acknowledgement of entry id, processed with outcome.
func (b *behind) ack(id, outcome string) { b.in <- behindOp{ack: id, outcome: outcome} }

// close writes what is queued, then returns. Nothing may be queued after.
func (b *behind) close() {
	close(b.in)
	<-b.done
}

func (b *behind) run() {
	defer close(b.done)
	var ops []behindOp
	for op := range b.in {
		ops = append(ops[:0], op)
	fill:
		for len(ops) < behindBatch {
			select {
			case op, ok := <-b.in:
				if !ok {
					break fill
				}
				ops = append(ops, op)
			default:
				break fill
			}
		}
		b.write(ops)
	}
}

// write writes ops in one batch, then counts the entries acknowledged.
func (b *behind) write(ops []behindOp) {
	var notes []sentNote
	var acks []string
	for _, op := range ops {
		if op.ack != "" {
			acks = append(acks, op.ack)
		} else {
			notes = append(notes, op.note)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), behindTimeout)
	defer cancel()
	if err := b.w.writeBehind(ctx, notes, acks); err != nil {
		b.log.Warn("messenger: write failed; the events will be processed again, their replies perhaps sent again",
			"events", len(acks), "replies", len(notes), "err", err)
	}
	b.mu.Lock()
	for _, n := range notes {
		if b.unwritten[n]--; b.unwritten[n] <= 0 {
			delete(b.unwritten, n)
		}
	}
	b.mu.Unlock()
	for _, op := range ops {
		if op.ack != "" {
			b.processed.WithLabelValues(op.outcome).Inc()
		}
	}
}

// memBehind writes behind for the memory queue and sent log.
type memBehind struct {
	sent *memSent
	q    *memQueue
}

func (m memBehind) writeBehind(ctx context.Context, notes []sentNote, acks []string) error {
	for _, n := range notes {
		m.sent.markSent(n.conv, n.id)
	}
	return m.q.ack(ctx, acks...)
}

// redisBehind writes behind over Redis in one pipeline: a script per note
// (HSET and PEXPIRE of the conversation's sent hash), then one XACK and
// one XDEL of the entries. A note whose script Redis did not know
// (NOSCRIPT: it did not run) is written again on its own.
type redisBehind struct {
	rdb  redis.UniversalClient
	sent *redisSent
	q    *redisQueue
}

// noteScript notes ARGV[1] in the sent hash KEYS[1], which lives ARGV[2] ms
// after its last note.
var noteScript = redis.NewScript(`
redis.call('HSET', KEYS[1], ARGV[1], '1')
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`)

func (r redisBehind) writeBehind(ctx context.Context, notes []sentNote, acks []string) error {
	const op = "messenger: write behind"
	cmds := make([]redis.Cmder, 0, len(notes)+2)
	r.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for _, n := range notes {
			cmds = append(cmds, noteScript.EvalSha(ctx, p, []string{r.sent.key(n.conv)}, n.id, sentTTL.Milliseconds()))
		}
		if len(acks) > 0 {
			cmds = append(cmds, p.XAck(ctx, r.q.stream, groupName, acks...), p.XDel(ctx, r.q.stream, acks...))
		}
		return nil
	})
	var first error
	for i, cmd := range cmds {
		err := cmd.Err()
		if i < len(notes) && redis.HasErrorPrefix(err, "NOSCRIPT") {
			n := notes[i]
			err = noteScript.Run(ctx, r.rdb, []string{r.sent.key(n.conv)}, n.id, sentTTL.Milliseconds()).Err()
		}
		if first == nil {
			first = err
		}
	}
	return unavailable(op, first)
}
