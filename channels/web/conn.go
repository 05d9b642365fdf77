package web

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"

	"github.com/guichet/guichet"
)

// conn is one widget socket. Its reader goroutine (reader.go) lives as long
// as the socket; a writer goroutine (writer.go) runs only while frames,
// events or acknowledgements wait to be written. Whoever stops last
// releases the connection (finish).
type conn struct {
	ch *Channel
	ws *websocket.Conn
	ip string
	// out is ws's socket, which the writer corks while it writes a pass
	// (cork.go); nil in tests that build a conn without serveWS.
	out *corkConn

	// Set by the reader during the hello, before anything else looks.
	conv   guichet.ConversationID
	prefix string // before client message ids: "web:<subject>/"

	// Reader only.
	rate    bucket
	pings   bucket
	strikes int
	// The citizen's typing, passed on to the console (typing.go).
	typingRate  bucket
	typingShown bool

	goingAway atomic.Bool
	finished  sync.Once

	mu       sync.Mutex
	frames   [][]byte // control frames to write, in order
	dirty    bool     // the transcript may hold events after lastSent
	lastSent int64    // Seq of the last event written
	// ready are events a notice brought, following those written or
	// handed to the writer (up to upTo): written without reading the
	// transcript. Only used while nothing is dirty.
	ready      []guichet.Event
	upTo       int64
	acks       []string // client ids to acknowledge after the events
	closeMsg   []byte   // close frame to write once all else is written
	writing    bool     // a writer goroutine runs
	readerDone bool
	// holding is true while the handler works on a message: its notices
	// queue events for the writer without starting it, so that the
	// citizen's message, the answer and the acknowledgement go in one
	// pass (a typing or error frame starts it, and takes them along).
	holding  bool
	dead     bool   // the socket is closed or closing: write nothing more
	cut      string // why we cut the socket, for the disconnect metric
	handling uint64
	typingOn bool
	ping     *time.Timer

	recent [8]sentID // writer only: client ids of user events just sent
	next   int
	whole  bool // writer only, set before it starts: the client asked for the whole history
}

type sentID struct {
	id  string
	seq int64
}

func newConn(ch *Channel, ws *websocket.Conn, ip string) *conn {
	return &conn{ch: ch, ws: ws, ip: ip}
}

// queue adds a control frame and makes sure a writer will write it.
func (c *conn) queue(frame []byte) {
	c.mu.Lock()
	start, cut := c.queueLocked(frame)
	c.mu.Unlock()
	c.afterQueue(start, cut)
}

// queueLocked queues frame under c.mu. A client that leaves too many
// frames unread is cut (cut): it will resume from its last sequence number
// on a new socket.
func (c *conn) queueLocked(frame []byte) (start, cut bool) {
	if c.dead {
		return false, false
	}
	if len(c.frames) >= maxQueued {
		return false, true
	}
	c.frames = append(c.frames, frame)
	return c.startWriterLocked(), false
}

func (c *conn) afterQueue(start, cut bool) {
	if cut {
		c.kill("slow")
	}
	if start {
		go c.writeLoop()
	}
}

// notify says the transcript reached seq (0: unknown, look anyway).
func (c *conn) notify(seq int64) { c.notifyEvents(seq, nil) }

// notifyEvents says the transcript reached seq with evs, the last events
// (none: read them). Events that follow the ones the writer has are
// queued for it; otherwise it reads the transcript after the last event
// it wrote.
func (c *conn) notifyEvents(seq int64, evs []guichet.Event) {
	c.mu.Lock()
	if c.dead || c.conv == "" || (seq > 0 && seq <= max(c.lastSent, c.upTo)) {
		c.mu.Unlock()
		return
	}
	if !c.dirty && len(evs) > 0 && evs[0].Seq == max(c.lastSent, c.upTo)+1 && evs[len(evs)-1].Seq == seq {
		c.ready = append(c.ready, evs...)
		c.upTo = seq
	} else {
		c.dirty, c.ready = true, nil
	}
	// While the handler works, notices wait for its answer to go in one
	// pass; once the typing indicator is shown that pass is already
	// split, and a notice arriving later (the question's own, when the
	// store's announcements lag) is written at once rather than after the
	// answer.
	start := (!c.holding || c.typingOn) && c.startWriterLocked()
	c.mu.Unlock()
	if start {
		go c.writeLoop()
	}
}

// startWriterLocked reports whether the caller must start the writer.
func (c *conn) startWriterLocked() bool {
	if c.writing || c.dead {
		return false
	}
	c.writing = true
	c.ch.writers.Add(1)
	return true
}

// kill cuts the socket without a close frame; both goroutines then stop.
func (c *conn) kill(reason string) {
	c.mu.Lock()
	c.dead = true
	if c.cut == "" {
		c.cut = reason
	}
	c.mu.Unlock()
	c.ws.Close()
}

// goAway asks the reader to stop after the message it is handling, so that
// the connection closes cleanly (Shutdown). Setting the flag before the
// deadline pairs with extendDeadline checking it after.
func (c *conn) goAway() {
	c.goingAway.Store(true)
	c.ws.SetReadDeadline(time.Now()) //nolint:errcheck // a closed socket stops the reader too
}

// extendDeadline gives the client another ping period to show it is alive.
func (c *conn) extendDeadline() {
	p := c.ch.cfg.PingInterval
	c.ws.SetReadDeadline(time.Now().Add(p + p/2)) //nolint:errcheck
	if c.goingAway.Load() {
		c.ws.SetReadDeadline(time.Now()) //nolint:errcheck
	}
}

// finish releases the connection once both goroutines have stopped.
func (c *conn) finish() {
	c.finished.Do(func() {
		c.ws.Close()
		c.ch.ips.release(c.ip)
		c.ch.untrack(c)
	})
}

// sendPing runs on a timer rather than a goroutine per connection.
func (c *conn) sendPing() {
	if err := c.ws.WriteControl(websocket.PingMessage, nil, time.Now().Add(writeWait)); err != nil {
		c.kill("write")
		return
	}
	c.mu.Lock()
	if !c.dead && !c.readerDone {
		c.ping.Reset(c.ch.cfg.PingInterval)
	}
	c.mu.Unlock()
}

// typingLater shows the typing indicator if the handler takes long enough
// for the citizen to wonder; the returned func hides it again. Both sides
// queue under c.mu so that "on" can never be written after its "off".
func (c *conn) typingLater() (stop func()) {
	c.mu.Lock()
	c.handling++
	token := c.handling
	c.mu.Unlock()
	t := time.AfterFunc(typingDelay, func() { c.setTyping(token, true) })
	return func() {
		t.Stop()
		c.setTyping(token, false)
	}
}

func (c *conn) setTyping(token uint64, on bool) {
	c.mu.Lock()
	if c.handling != token || c.typingOn == on {
		if !on {
			c.handling++ // a timer firing late now does nothing
		}
		c.mu.Unlock()
		return
	}
	c.typingOn = on
	if !on {
		c.handling++
	}
	start, cut := c.queueLocked(mustJSON(typingFrame{Type: typeTyping, On: on}))
	c.mu.Unlock()
	c.afterQueue(start, cut)
}
