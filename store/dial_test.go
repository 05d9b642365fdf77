package store_test

import (
	"context"
	"errors"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/internal/testenv"
	"github.com/guichet/guichet/store"
)

// TestDialNeverShowsThePassword dials malformed and unreachable URLs
// holding a password, in the URL or beside it: every error says what is
// wrong and never repeats the password.
func TestDialNeverShowsThePassword(t *testing.T) {
	t.Parallel()
	closed := closedPort(t)
	tests := []struct {
		name string
		o    store.DialOptions
		kind guichet.Kind
		want string
	}{
		{"bad port", store.DialOptions{URL: "redis://:s3cret@127.0.0.1:notaport/0"}, guichet.Invalid, "invalid port"},
		{"escaped password", store.DialOptions{URL: "redis://:s3cr%2Fet@127.0.0.1:notaport/0"}, guichet.Invalid, "invalid port"},
		{"user and password", store.DialOptions{URL: "redis://admin:s3cret@:notaport/0"}, guichet.Invalid, "invalid port"},
		{"scheme", store.DialOptions{URL: "http://:s3cret@127.0.0.1:6379/0"}, guichet.Invalid, `scheme "http"`},
		{"no scheme", store.DialOptions{URL: "//:s3cret@127.0.0.1:6379"}, guichet.Invalid, `scheme ""`},
		{"bad db", store.DialOptions{URL: "redis://:s3cret@127.0.0.1:6379/s3cret"}, guichet.Invalid, "invalid database"},
		{"no host", store.DialOptions{URL: "redis://:s3cret@/0"}, guichet.Invalid, "no host"},
		{"unreachable", store.DialOptions{URL: "redis://:s3cret@" + closed + "/0"}, guichet.Unavailable, "unreachable"},
		{"unreachable, password apart", store.DialOptions{URL: "redis://" + closed + "/0", Password: "s3cret"}, guichet.Unavailable, "unreachable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
			defer cancel()
			c, err := store.Dial(ctx, tt.o)
			if err == nil {
				c.Close()
				t.Fatalf("Dial(%q) succeeded", tt.o.URL)
			}
			if strings.Contains(err.Error(), "s3cr") || !strings.Contains(err.Error(), tt.want) || !guichet.Is(err, tt.kind) {
				t.Errorf("Dial(%q) = %q (kind %v); want %q, kind %v, no password", tt.o.URL, err, guichet.KindOf(err), tt.want, tt.kind)
			}
		})
	}
}

func TestDialKeepsTheCause(t *testing.T) {
	t.Parallel()
	_, err := store.Dial(t.Context(), store.DialOptions{URL: "redis://:s3cret@" + closedPort(t) + "/0"})
	if !errors.Is(err, syscall.ECONNREFUSED) || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("Dial on a closed port: %v; want the cause kept (ECONNREFUSED) and no password", err)
	}
}

func TestDialConnects(t *testing.T) {
	c, err := store.Dial(t.Context(), store.DialOptions{URL: testenv.RedisURL(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Ping(t.Context()).Err(); err != nil {
		t.Fatal(err)
	}
}

// A cluster URL names its other seed nodes as addr= parameters, which a
// single-server URL refuses; a malformed one is still refused clearly.
func TestDialClusterURL(t *testing.T) {
	closed := closedPort(t)
	_, err := store.Dial(t.Context(), store.DialOptions{URL: "redis://:s3cret@" + closed + "?addr=" + closed, Cluster: true, Timeout: time.Second})
	if err == nil || !guichet.Is(err, guichet.Unavailable) || strings.Contains(err.Error(), "unexpected option") || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("cluster dial to closed ports: %v, want unavailable without the password", err)
	}
	if _, err := store.Dial(t.Context(), store.DialOptions{URL: "http://" + closed, Cluster: true}); !guichet.Is(err, guichet.Invalid) {
		t.Errorf("cluster dial with http://: %v, want invalid", err)
	}
}
