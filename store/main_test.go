package store_test

import (
	"context"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/guichet/guichet/internal/testenv"
)

// TestMain stops the redis-server testenv may start for this package, and
// silences go-redis's logger: the outage tests make it report every failed
// dial, which is what they want to happen.
func TestMain(m *testing.M) {
	redis.SetLogger(quiet{})
	testenv.Main(m)
}

type quiet struct{}

func (quiet) Printf(context.Context, string, ...any) {}
