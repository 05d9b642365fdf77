package web

import (
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Timings of a connection that are not worth a config key.
const (
	helloTimeout  = 10 * time.Second // from the upgrade to the client's hello
	writeWait     = 10 * time.Second // one frame to a slow client
	handleTimeout = 30 * time.Second // one message through the handler
	storeTimeout  = 5 * time.Second  // one transcript read
	typingDelay   = 300 * time.Millisecond
	maxQueued     = 64 // control frames waiting for a client that does not read
	maxStrikes    = 20 // protocol errors and refused frames before we hang up
)

func newUpgrader() websocket.Upgrader {
	return websocket.Upgrader{
		HandshakeTimeout: helloTimeout,
		// Reads go through a small buffer of our own rather than the 4 KiB
		// one net/http allocated; writes borrow a pooled buffer only while
		// writing. Both matter with thousands of idle sockets.
		ReadBufferSize:  1024,
		WriteBufferSize: 4096,
		WriteBufferPool: &sync.Pool{},
		// serveWS checks the origin first, so that it can count refusals.
		CheckOrigin: func(*http.Request) bool { return true },
	}
}

// serveWS upgrades a widget connection after the origin, per-IP and
// shutdown checks, then hands it to a reader goroutine and returns, so
// that net/http's per-request state is freed.
func (ch *Channel) serveWS(w http.ResponseWriter, r *http.Request) {
	if ch.isClosing() {
		ch.refuse(w, "shutdown", http.StatusServiceUnavailable, "service is restarting, reconnect shortly")
		return
	}
	if !ch.originAllowed(r) {
		ch.refuse(w, "origin", http.StatusForbidden, "origin not allowed: add it to widget.allowed_origins")
		return
	}
	ip := ch.clientIP(r)
	if !ch.ips.acquire(ip, time.Now()) {
		ch.refuse(w, "per_ip", http.StatusTooManyRequests, "too many connections from this address")
		return
	}
	hj := &corkHijacker{ResponseWriter: w}
	ws, err := ch.upgrader.Upgrade(hj, r, nil) // writes its own error response
	if err != nil {
		ch.ips.release(ip)
		ch.metrics.refused.WithLabelValues("handshake").Inc()
		return
	}
	c := newConn(ch, ws, ip)
	c.out = hj.conn
	if !ch.track(c) {
		ch.ips.release(ip)
		ws.WriteControl(websocket.CloseMessage, //nolint:errcheck // closing anyway
			websocket.FormatCloseMessage(websocket.CloseGoingAway, "redémarrage du service"), time.Now().Add(time.Second))
		ws.Close()
		return
	}
	go c.readLoop()
}

func (ch *Channel) refuse(w http.ResponseWriter, reason string, status int, text string) {
	ch.metrics.refused.WithLabelValues(reason).Inc()
	http.Error(w, text, status)
}
