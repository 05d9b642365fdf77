// Package clientip says which address a request comes from, for the
// per-address limits of the widget and the console logins. Behind reverse
// proxies the peer is a proxy and the client is in X-Forwarded-For; but
// anyone can send that header, so it is read only when the peer is one of
// the proxies listed in http.trusted_proxies, and then from the right:
// each trusted proxy appends the address it saw, so the first address
// from the right that is not a trusted proxy is the client. Whatever the
// client wrote to the left of it is ignored.
package clientip

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Resolver finds a request's client address. The zero value and nil
// trust no proxy: the client is the peer.
type Resolver struct {
	trusted []netip.Prefix
}

// New trusts the proxies at proxies: CIDRs ("10.0.0.0/8") or single
// addresses ("192.0.2.7", "::1"). An empty list trusts none.
func New(proxies []string) (*Resolver, error) {
	r := &Resolver{}
	for _, p := range proxies {
		prefix, err := ParseProxy(p)
		if err != nil {
			return nil, err
		}
		r.trusted = append(r.trusted, prefix)
	}
	return r, nil
}

// ParseProxy reads one entry of http.trusted_proxies.
func ParseProxy(s string) (netip.Prefix, error) {
	s = strings.TrimSpace(s)
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, fmt.Errorf("%q: want an address or a CIDR such as 10.0.0.0/8", s)
		}
		return p.Masked(), nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("%q: want an address or a CIDR such as 10.0.0.0/8", s)
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), nil
}

// IP returns the client address of req as text.
func (r *Resolver) IP(req *http.Request) string {
	peer, ok := parseAddr(hostOf(req.RemoteAddr))
	if !ok {
		return req.RemoteAddr
	}
	if r == nil || !r.trusts(peer) {
		return peer.String()
	}
	hops := forwarded(req.Header.Values("X-Forwarded-For"))
	client := peer
	for i := len(hops) - 1; i >= 0; i-- {
		a, ok := parseAddr(hops[i])
		if !ok {
			break // garbage: keep the last address a trusted proxy vouched for
		}
		client = a
		if !r.trusts(a) {
			break
		}
	}
	return client.String()
}

func (r *Resolver) trusts(a netip.Addr) bool {
	for _, p := range r.trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// forwarded splits every X-Forwarded-For line into hops, in order.
func forwarded(lines []string) []string {
	var hops []string
	for _, l := range lines {
		for _, h := range strings.Split(l, ",") {
			hops = append(hops, strings.TrimSpace(h))
		}
	}
	return hops
}

func hostOf(addr string) string {
	if host, _, err := net.SplitHostPort(addr); err == nil {
		return host
	}
	return addr
}

// parseAddr reads an address as proxies write it: bare, bracketed or
// with a port.
func parseAddr(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap(), true
	}
	a, err := netip.ParseAddr(strings.Trim(s, "[]"))
	if err != nil {
		return netip.Addr{}, false
	}
	return a.Unmap(), true
}
