package clientip_test

import (
	"net/http"
	"testing"

	"github.com/guichet/guichet/internal/clientip"
)

func TestClientIP(t *testing.T) {
	r, err := clientip.New([]string{"10.0.0.0/8", "192.0.2.7", "::1"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, peer string
		xff        []string
		want       string
	}{
		{"no proxy", "203.0.113.5:4000", nil, "203.0.113.5"},
		{"untrusted peer's header is ignored", "203.0.113.5:4000", []string{"1.2.3.4"}, "203.0.113.5"},
		{"one trusted proxy", "10.1.2.3:80", []string{"198.51.100.9"}, "198.51.100.9"},
		{"forged left part ignored", "10.1.2.3:80", []string{"6.6.6.6, 198.51.100.9"}, "198.51.100.9"},
		{"forged first line ignored", "10.1.2.3:80", []string{"6.6.6.6", "198.51.100.9"}, "198.51.100.9"},
		{"two trusted proxies", "192.0.2.7:80", []string{"6.6.6.6, 198.51.100.9, 10.9.9.9"}, "198.51.100.9"},
		{"all trusted", "10.1.2.3:80", []string{"10.0.0.1"}, "10.0.0.1"},
		{"trusted peer, no header", "10.1.2.3:80", nil, "10.1.2.3"},
		{"garbage after the client", "10.1.2.3:80", []string{"198.51.100.9, garbage"}, "10.1.2.3"},
		{"ports and brackets", "[::1]:80", []string{"[2001:db8::1]:5555"}, "2001:db8::1"},
		{"IPv4-mapped peer", "[::ffff:10.1.2.3]:80", []string{"198.51.100.9"}, "198.51.100.9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := &http.Request{RemoteAddr: tt.peer, Header: http.Header{}}
			for _, l := range tt.xff {
				req.Header.Add("X-Forwarded-For", l)
			}
			if got := r.IP(req); got != tt.want {
				t.Errorf("IP = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestNoTrustedProxy(t *testing.T) {
	var r *clientip.Resolver
	req := &http.Request{RemoteAddr: "10.1.2.3:80", Header: http.Header{"X-Forwarded-For": {"198.51.100.9"}}}
	if got := r.IP(req); got != "10.1.2.3" {
		t.Errorf("nil resolver: %q, want the peer", got)
	}
}

func TestBadProxies(t *testing.T) {
	for _, bad := range []string{"10.0.0.0/33", "example.org", "", "10.0.0.1/x"} {
		if _, err := clientip.New([]string{bad}); err == nil {
			t.Errorf("New(%q) accepted", bad)
		}
	}
}
