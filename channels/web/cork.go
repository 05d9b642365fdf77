package web

import (
	"bufio"
	"net"
	"net/http"
	"sync"
)

// corkConn lets the writer send what one pass has to send (the events of
// an answer, the citizen's own message, the acknowledgement, a ping or
// pong gorilla writes meanwhile) in one write system call instead of one
// per frame: between cork and flush, writes are gathered. Uncorked, a
// write goes straight through. The WebSocket frames are the same bytes in
// the same order; only the TCP writes change.
type corkConn struct {
	net.Conn

	mu     sync.Mutex
	corked bool
	buf    *[]byte // while corked, from corkPool
}

// corkFlushAt bounds what a pass gathers before writing it: a page of
// history is written as it goes.
const corkFlushAt = 64 << 10

// corkPool lends the gathering buffers: an idle socket holds none.
var corkPool = sync.Pool{New: func() any { b := make([]byte, 0, 2048); return &b }}

func (c *corkConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.corked {
		return c.Conn.Write(p)
	}
	*c.buf = append(*c.buf, p...)
	if len(*c.buf) >= corkFlushAt {
		if err := c.writeLocked(); err != nil {
			return 0, err
		}
	}
	return len(p), nil
}

func (c *corkConn) cork() {
	c.mu.Lock()
	if !c.corked {
		c.corked = true
		c.buf = corkPool.Get().(*[]byte)
	}
	c.mu.Unlock()
}

// flush writes what was gathered and uncorks.
func (c *corkConn) flush() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.corked {
		return nil
	}
	err := c.writeLocked()
	c.corked = false
	if cap(*c.buf) <= corkFlushAt*2 {
		corkPool.Put(c.buf)
	}
	c.buf = nil
	return err
}

func (c *corkConn) writeLocked() error {
	if len(*c.buf) == 0 {
		return nil
	}
	_, err := c.Conn.Write(*c.buf)
	*c.buf = (*c.buf)[:0]
	return err
}

// corkHijacker hands gorilla's Upgrade a corkConn in place of the socket.
type corkHijacker struct {
	http.ResponseWriter
	conn *corkConn
}

func (w *corkHijacker) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	nc, brw, err := http.NewResponseController(w.ResponseWriter).Hijack()
	if err != nil {
		return nil, nil, err
	}
	w.conn = &corkConn{Conn: nc}
	return w.conn, brw, nil
}

func (w *corkHijacker) Unwrap() http.ResponseWriter { return w.ResponseWriter }
