package messenger

import (
	"context"
	"log/slog"
	"time"
)

const (
	// ackBatch is the most entries acknowledged in one round trip.
	ackBatch = 256
	// ackBuffer is how many processed entries may wait for their
	// acknowledgement before the workers wait too.
	ackBuffer = 4 * ackBatch
	// ackTimeout bounds one acknowledgement, the last one included when
	// the consumer stops.
	ackTimeout = 2 * time.Second
)

// acker acknowledges processed entries in the background, all those that
// wait in one round trip (over Redis one XACK and one XDEL), so that a
// worker goes on to its next event at once and a busy consumer pays one
// round trip for many events instead of one each. An acknowledgement lost
// with the process only means that the entry is processed again after a
// takeover, as one that was being processed: the transcript (by message
// id) and the sent log make that harmless.
type acker struct {
	q    queue
	log  *slog.Logger
	ids  chan string
	done chan struct{}
}

func startAcker(q queue, log *slog.Logger) *acker {
	a := &acker{q: q, log: log, ids: make(chan string, ackBuffer), done: make(chan struct{})}
	go a.run()
	return a
}

// add queues id for acknowledgement; it waits while ackBuffer are queued.
func (a *acker) add(id string) { a.ids <- id }

// close acknowledges what is queued, then returns. Nothing may be added
// after it.
func (a *acker) close() {
	close(a.ids)
	<-a.done
}

func (a *acker) run() {
	defer close(a.done)
	batch := make([]string, 0, ackBatch)
	for id := range a.ids {
		batch = fill(append(batch[:0], id), a.ids)
		ctx, cancel := context.WithTimeout(context.Background(), ackTimeout)
		if err := a.q.ack(ctx, batch...); err != nil {
			a.log.Warn("messenger: ack failed; the events will be processed again", "events", len(batch), "err", err)
		}
		cancel()
	}
}

// fill adds to batch what ids holds now, up to ackBatch entries.
func fill(batch []string, ids <-chan string) []string {
	for len(batch) < ackBatch {
		select {
		case id, ok := <-ids:
			if !ok {
				return batch
			}
			batch = append(batch, id)
		default:
			return batch
		}
	}
	return batch
}
