package web

import (
	"encoding/json"
	"errors"
	"io"
	"net"
	"time"

	"github.com/gorilla/websocket"
)

// exit says how the reader stopped: with a close frame to send (code not
// 0), after a last look at the transcript (sync), and why (metrics).
type exit struct {
	code   int
	text   string
	sync   bool
	reason string
}

var goAwayExit = exit{code: websocket.CloseGoingAway, text: "redémarrage du service", sync: true, reason: "shutdown"}

func (c *conn) readLoop() {
	x := c.serve()
	c.readerExit(x)
}

// serve reads the hello, then one frame after another until the socket or
// the protocol fails. Frames of one connection are handled in order, one at
// a time: that is what keeps a citizen's messages in the order typed.
func (c *conn) serve() exit {
	c.ws.SetReadLimit(c.ch.frameLimit())
	if x, ok := c.hello(); !ok {
		if c.goingAway.Load() {
			return exit{code: goAwayExit.code, text: goAwayExit.text, reason: goAwayExit.reason}
		}
		return x
	}
	for {
		_, data, err := c.ws.ReadMessage()
		if c.goingAway.Load() {
			return goAwayExit
		}
		if err != nil {
			if errors.Is(err, websocket.ErrReadLimit) {
				c.drain()
			}
			return readError(err)
		}
		c.extendDeadline()
		if x, ok := c.dispatch(data); !ok {
			return x
		}
	}
}

// Draining bounds what is read and discarded after an oversized frame.
const (
	drainBytes = 1 << 20
	drainFor   = 2 * time.Second
)

// drain reads and discards the rest of an oversized frame, for a bounded
// time and size, before the socket is closed: closing with unread bytes
// makes the kernel send a reset, which can destroy the close frame (1009)
// gorilla has just written, and the client then sees an abnormal closure
// instead of being told its message was too big.
func (c *conn) drain() {
	nc := c.ws.UnderlyingConn()
	if err := nc.SetReadDeadline(time.Now().Add(drainFor)); err != nil {
		return
	}
	io.Copy(io.Discard, io.LimitReader(nc, drainBytes)) //nolint:errcheck // best effort: the socket closes next
}

// readError classifies why reading stopped. gorilla has already answered
// a close frame or an oversized message with its own close frame.
func readError(err error) exit {
	var ne net.Error
	switch {
	case errors.Is(err, websocket.ErrReadLimit):
		return exit{reason: "too_big"}
	case errors.As(err, &ne) && ne.Timeout():
		return exit{reason: "timeout"}
	}
	return exit{reason: "client"}
}

func (c *conn) dispatch(data []byte) (exit, bool) {
	var f inbound
	if err := json.Unmarshal(data, &f); err != nil {
		c.queue(newErrorFrame(codeBadRequest, "", msgBadJSON, 0))
		return c.strike()
	}
	switch f.Type {
	case typeMessage:
		return c.onMessage(f)
	case typeTyping:
		c.onTyping(f.On)
	case typePing:
		if ok, _ := c.pings.take(time.Now(), 1, 5); !ok {
			return c.strike()
		}
		c.queue(pongFrame)
	default:
		c.queue(newErrorFrame(codeBadRequest, "", msgBadType, 0))
		return c.strike()
	}
	return exit{}, true
}

// strike counts a refused frame; a client that keeps sending them is cut.
func (c *conn) strike() (exit, bool) {
	c.strikes++
	if c.strikes > maxStrikes {
		return exit{code: websocket.ClosePolicyViolation, text: "trop de messages refusés", reason: "protocol"}, false
	}
	return exit{}, true
}

// readerExit stops following the conversation and leaves the writer to
// send what is left and the close frame, if any.
func (c *conn) readerExit(x exit) {
	if c.conv != "" {
		c.ch.hub.remove(c)
	}
	c.mu.Lock()
	if c.cut != "" {
		x.reason = c.cut
	}
	c.ch.metrics.closed.WithLabelValues(x.reason).Inc()
	if c.ping != nil {
		c.ping.Stop()
	}
	c.readerDone = true
	if x.code != 0 && !c.dead {
		c.closeMsg = websocket.FormatCloseMessage(x.code, x.text)
		c.dirty = c.dirty || x.sync
	} else {
		c.dead = true
	}
	dead := c.dead
	start := c.startWriterLocked()
	idle := !c.writing
	c.mu.Unlock()
	if dead {
		c.ws.Close()
	}
	if start {
		go c.writeLoop()
	} else if idle {
		c.finish()
	}
}
