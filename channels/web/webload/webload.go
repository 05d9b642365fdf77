// Package webload drives a widget server the way many browsers would: it
// holds idle connections (each greeted with a new conversation) and makes
// a set of connections ask questions at a steady rate, timing each
// question until the first reply for it arrives. `guichet-load loadtest widget`
// uses it; it speaks only the protocol of docs/widget-protocol.md.
package webload

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// dialer keeps the client side of each idle connection small, so that a
// load test run in the server's process measures mostly the server.
var dialer = websocket.Dialer{
	HandshakeTimeout: 10 * time.Second,
	ReadBufferSize:   256,
	WriteBufferSize:  256,
	WriteBufferPool:  &sync.Pool{},
}

// dialerFrom is dialer bound to the local address ip.
func dialerFrom(ip net.IP) *websocket.Dialer {
	d := dialer
	nd := &net.Dialer{LocalAddr: &net.TCPAddr{IP: ip}, Timeout: dialer.HandshakeTimeout}
	d.NetDialContext = nd.DialContext
	return &d
}

// Pool is a set of greeted connections that say nothing more.
type Pool struct {
	mu     sync.Mutex
	conns  []*websocket.Conn
	failed int
	first  error
}

// Open dials n connections, parallel at a time, each starting a new
// conversation. It stops early when ctx ends; Held says how many are open.
func Open(ctx context.Context, url string, header http.Header, n, parallel int) *Pool {
	return OpenFrom(ctx, url, header, n, parallel, nil)
}

// OpenFrom is Open with the connections spread over the local source
// addresses given (such as 127.0.0.1 to 127.0.0.8), in turn, so that a
// server's per-address limits see several clients; none means the system's
// choice.
func OpenFrom(ctx context.Context, url string, header http.Header, n, parallel int, sources []net.IP) *Pool {
	p := &Pool{conns: make([]*websocket.Conn, 0, n)}
	var next atomic.Int64
	work := make(chan struct{})
	var wg sync.WaitGroup
	for range max(1, parallel) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range work {
				d := &dialer
				if len(sources) > 0 {
					d = dialerFrom(sources[int(next.Add(1)-1)%len(sources)])
				}
				ws, err := greet(ctx, d, url, header)
				p.add(ws, err)
			}
		}()
	}
	for i := 0; i < n && ctx.Err() == nil; i++ {
		work <- struct{}{}
	}
	close(work)
	wg.Wait()
	return p
}

func (p *Pool) add(ws *websocket.Conn, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if err != nil {
		p.failed++
		if p.first == nil {
			p.first = err
		}
		return
	}
	p.conns = append(p.conns, ws)
}

// Held is how many connections are open.
func (p *Pool) Held() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.conns)
}

// Failed is how many could not be opened, and the first reason.
func (p *Pool) Failed() (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.failed, p.first
}

// Close drops every connection.
func (p *Pool) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, ws := range p.conns {
		ws.Close()
	}
	p.conns = nil
}

// greet opens a connection, asks for a new conversation and waits for the
// welcome.
func greet(ctx context.Context, d *websocket.Dialer, url string, header http.Header) (*websocket.Conn, error) {
	ws, resp, err := d.DialContext(ctx, url, header)
	if err != nil {
		if resp != nil {
			return nil, fmt.Errorf("dial %s: %w (HTTP %d)", url, err, resp.StatusCode)
		}
		return nil, fmt.Errorf("dial %s: %w", url, err)
	}
	if err := ws.WriteMessage(websocket.TextMessage, []byte(`{"type":"hello"}`)); err != nil {
		ws.Close()
		return nil, fmt.Errorf("hello: %w", err)
	}
	ws.SetReadDeadline(time.Now().Add(10 * time.Second))
	_, data, err := ws.ReadMessage()
	ws.SetReadDeadline(time.Time{})
	if err != nil {
		ws.Close()
		return nil, fmt.Errorf("welcome: %w", err)
	}
	if f, err := parseFrame(data); err != nil || f.Type != "welcome" {
		ws.Close()
		return nil, errors.New("welcome: unexpected first frame " + string(data))
	}
	return ws, nil
}
