package web

import (
	"net"
	"net/http"
	"net/url"
	"strings"
)

// originAllowed reports whether the page that opened the socket may talk to
// us. Browsers always send Origin on a WebSocket handshake; a request
// without one comes from a program, which could send any Origin anyway, so
// it is let through like any HTTP client. The server's own host (the demo
// page) and PublicURL are always allowed; others must be listed in
// widget.allowed_origins, where "*" allows every site.
func (ch *Channel) originAllowed(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return false
	}
	if strings.EqualFold(u.Host, r.Host) {
		return true
	}
	if ch.public != nil && strings.EqualFold(u.Scheme, ch.public.Scheme) && strings.EqualFold(u.Host, ch.public.Host) {
		return true
	}
	for _, allowed := range ch.cfg.AllowedOrigins {
		if allowed == "*" || strings.EqualFold(strings.TrimSuffix(allowed, "/"), u.Scheme+"://"+u.Host) {
			return true
		}
	}
	return false
}

// clientIP is the address per-IP limits count against: Options.ClientIP,
// or the peer.
func (ch *Channel) clientIP(r *http.Request) string {
	if ch.clientAddr != nil {
		return ch.clientAddr(r)
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
