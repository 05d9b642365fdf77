package handoff_test

import (
	"context"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/guichet/guichet/handoff"
	"github.com/guichet/guichet/handoff/ticketstest"
	"github.com/guichet/guichet/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// redisClient connects to the test Redis and closes the client with t.
func redisClient(t testing.TB) redis.UniversalClient {
	t.Helper()
	opts, err := redis.ParseURL(testenv.RedisURL(t))
	if err != nil {
		t.Fatal(err)
	}
	c := redis.NewClient(opts)
	t.Cleanup(func() { c.Close() })
	if err := c.Ping(context.Background()).Err(); err != nil {
		t.Fatalf("redis ping: %v", err)
	}
	return c
}

func newRedisTickets(t testing.TB, opts handoff.StoreOptions) *handoff.Redis {
	t.Helper()
	s, err := handoff.NewRedisTickets(redisClient(t), testenv.KeyPrefix(t), opts)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestRedisTickets(t *testing.T) {
	ticketstest.Run(t, func(t *testing.T, opts handoff.StoreOptions) handoff.TicketStore {
		return newRedisTickets(t, opts)
	})
}

func TestRedisTicketsRejectBracesInPrefix(t *testing.T) {
	if _, err := handoff.NewRedisTickets(redis.NewClient(&redis.Options{}), "a{b}", handoff.StoreOptions{}); err == nil {
		t.Fatal("NewRedisTickets accepted a prefix with braces, which would break the hash tag")
	}
}
