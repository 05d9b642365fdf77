package web

import (
	"context"
	"slices"
	"time"

	"github.com/gorilla/websocket"

	"github.com/guichet/guichet"
)

// storeRetry is how soon a connection looks again after the store failed
// to give it the transcript.
const storeRetry = 2 * time.Second

// batch is what one pass of the writer sends, in this order: control
// frames (welcome, errors, typing), new events, acknowledgements, and the
// close frame once nothing else is left.
type batch struct {
	frames [][]byte
	sync   bool
	ready  []guichet.Event // events brought by notices, when not sync
	acks   []string
	close  []byte
}

func (b batch) empty() bool {
	return len(b.frames) == 0 && !b.sync && len(b.ready) == 0 && len(b.acks) == 0 && b.close == nil
}

func (c *conn) writeLoop() {
	defer c.ch.writers.Add(-1)
	for {
		b, ok := c.take()
		if !ok {
			break
		}
		if err := c.write(b); err != nil {
			c.kill("write")
		}
	}
	c.mu.Lock()
	done := c.readerDone
	c.mu.Unlock()
	if done {
		c.finish()
	}
}

// take hands the writer everything pending, or stops it.
func (c *conn) take() (batch, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.dead {
		b := batch{frames: c.frames, sync: c.dirty && c.conv != "", acks: c.acks}
		if !b.sync {
			b.ready = c.ready
		}
		c.frames, c.dirty, c.ready, c.acks = nil, false, nil, nil
		if b.empty() && c.readerDone {
			b.close, c.closeMsg = c.closeMsg, nil
		}
		if !b.empty() {
			return b, true
		}
	}
	c.writing = false
	return batch{}, false
}

// write sends a pass, its frames gathered into one write (cork.go), and
// the close frame, if any, last and on its own.
func (c *conn) write(b batch) error {
	if c.out != nil {
		c.out.cork()
	}
	err := c.writeFrames(b)
	if c.out != nil {
		if ferr := c.out.flush(); err == nil {
			err = ferr
		}
	}
	if err != nil {
		return err
	}
	if b.close != nil {
		c.ws.WriteControl(websocket.CloseMessage, b.close, time.Now().Add(writeWait)) //nolint:errcheck // closing anyway
		c.kill("")
	}
	return nil
}

func (c *conn) writeFrames(b batch) error {
	for _, f := range b.frames {
		if err := c.send(f); err != nil {
			return err
		}
	}
	switch {
	case b.sync:
		if err := c.sendEvents(); err != nil {
			return err
		}
	case len(b.ready) > 0:
		if err := c.sendReady(b.ready); err != nil {
			return err
		}
	}
	if !b.sync && !c.sentAll(b.acks) {
		// A message's notice may not have brought it yet: the client
		// gets its own message before the acknowledgement.
		if err := c.sendEvents(); err != nil {
			return err
		}
	}
	for _, id := range b.acks {
		if err := c.send(encodeAck(id, c.seqOf(id))); err != nil {
			return err
		}
	}
	return nil
}

func (c *conn) send(frame []byte) error {
	c.ws.SetWriteDeadline(time.Now().Add(writeWait)) //nolint:errcheck
	return c.ws.WriteMessage(websocket.TextMessage, frame)
}

// sendEvents writes every event after lastSent, a page at a time. A store
// failure is not the client's fault: the socket stays and the read is
// tried again shortly.
func (c *conn) sendEvents() error {
	limit := c.ch.cfg.HistoryLimit
	if c.whole {
		c.whole = false
		c.skipToRecent()
	}
	for {
		c.mu.Lock()
		after := c.lastSent
		c.mu.Unlock()
		ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
		evs, err := c.ch.events.Events(ctx, c.conv, after, limit)
		cancel()
		if err != nil {
			c.ch.log.Warn("web: read transcript", "channel", guichet.ChannelWeb, "err", err)
			time.AfterFunc(storeRetry, func() { c.notify(0) })
			return nil
		}
		if len(evs) == 0 {
			return nil
		}
		if err := c.send(encodeEvents(evs, c.prefix)); err != nil {
			return err
		}
		c.ch.metrics.pushed.Add(float64(len(evs)))
		c.remember(evs)
		if len(evs) < limit {
			return nil
		}
	}
}

// sendReady writes events a notice brought, or reads the transcript if
// they do not follow the last event written.
func (c *conn) sendReady(evs []guichet.Event) error {
	c.mu.Lock()
	after := c.lastSent
	c.mu.Unlock()
	for len(evs) > 0 && evs[0].Seq <= after {
		evs = evs[1:]
	}
	if len(evs) == 0 {
		return nil
	}
	if evs[0].Seq != after+1 {
		return c.sendEvents()
	}
	if err := c.send(encodeEvents(evs, c.prefix)); err != nil {
		return err
	}
	c.ch.metrics.pushed.Add(float64(len(evs)))
	c.remember(evs)
	return nil
}

// remember notes the last event sent and the client ids of user events,
// which acknowledgements need.
func (c *conn) remember(evs []guichet.Event) {
	for _, ev := range evs {
		if ev.Role == guichet.RoleUser && len(ev.ID) > len(c.prefix) && ev.ID[:len(c.prefix)] == c.prefix {
			c.recent[c.next] = sentID{id: ev.ID[len(c.prefix):], seq: ev.Seq}
			c.next = (c.next + 1) % len(c.recent)
		}
	}
	c.mu.Lock()
	c.lastSent = max(c.lastSent, evs[len(evs)-1].Seq)
	c.mu.Unlock()
}

// sentAll reports whether the events of the client's message ids were
// just written.
func (c *conn) sentAll(ids []string) bool {
	for _, id := range ids {
		if !slices.ContainsFunc(c.recent[:], func(s sentID) bool { return s.id == id }) {
			return false
		}
	}
	return true
}

// seqOf finds the sequence number of the client's message id. It is
// normally among the events just sent; a message sent again after a
// reconnect may have been recorded earlier, so the recent transcript is
// searched too. 0 means the handler took the message without recording it
// where we can see.
func (c *conn) seqOf(id string) int64 {
	for _, s := range c.recent {
		if s.id == id {
			return s.seq
		}
	}
	c.mu.Lock()
	from := max(0, c.lastSent-int64(c.ch.cfg.HistoryLimit))
	c.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
	defer cancel()
	evs, err := c.ch.events.Events(ctx, c.conv, from, c.ch.cfg.HistoryLimit)
	if err != nil {
		return 0
	}
	for _, ev := range evs {
		if ev.ID == c.prefix+id {
			return ev.Seq
		}
	}
	return 0
}

// skipToRecent gives a client that asked for the whole history (a page
// loaded afresh) only its last HistoryLimit events. A client resuming from
// a sequence number gets everything after it, however much. A transcript
// no longer than that costs one small read.
func (c *conn) skipToRecent() {
	limit := int64(c.ch.cfg.HistoryLimit)
	ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
	defer cancel()
	if ok, err := c.hasSeq(ctx, limit+1); err != nil || !ok {
		return
	}
	last, err := c.lastSeq(ctx, limit+1)
	if err != nil {
		return
	}
	c.mu.Lock()
	c.lastSent = max(c.lastSent, last-limit)
	c.mu.Unlock()
}

func (c *conn) hasSeq(ctx context.Context, seq int64) (bool, error) {
	evs, err := c.ch.events.Events(ctx, c.conv, seq-1, 1)
	return len(evs) > 0, err
}

// lastSeq finds the transcript's last sequence number, knowing that seq
// from exists. Sequence numbers have no gaps, so it gallops then bisects
// with one-event reads: O(log n) small reads.
func (c *conn) lastSeq(ctx context.Context, from int64) (int64, error) {
	lo, hi := from, 2*from
	for {
		ok, err := c.hasSeq(ctx, hi)
		if err != nil {
			return 0, err
		}
		if !ok {
			break
		}
		lo, hi = hi, 2*hi
	}
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		ok, err := c.hasSeq(ctx, mid)
		if err != nil {
			return 0, err
		}
		if ok {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo, nil
}
