package console_test

import (
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/guichet/guichet/handoff"
	"github.com/guichet/guichet/internal/testenv"
)

// withRedisTickets keeps the tickets in Redis, as in production with
// store.redis_url, instead of memory.
func withRedisTickets(t *testing.T) func(*parts) {
	return func(p *parts) {
		opts, err := redis.ParseURL(testenv.RedisURL(t))
		if err != nil {
			t.Fatal(err)
		}
		c := redis.NewClient(opts)
		t.Cleanup(func() { c.Close() })
		s, err := handoff.NewRedisTickets(c, testenv.KeyPrefix(t), handoff.StoreOptions{Now: p.clock.Now})
		if err != nil {
			t.Fatal(err)
		}
		p.handoff.Tickets, p.console.Tickets = s, s
	}
}

// onBothStores runs a console test with the tickets in memory and in
// Redis: notes, labels, transfers, history, search and the supervision
// read nothing but the ticket store's contract (handoff/ticketstest).
func onBothStores(t *testing.T, test func(t *testing.T, edit ...func(*parts))) {
	t.Run("memory", func(t *testing.T) { test(t) })
	t.Run("redis", func(t *testing.T) { test(t, withRedisTickets(t)) })
}

func TestFeaturesOnBothStores(t *testing.T) {
	for name, test := range map[string]func(*testing.T, ...func(*parts)){
		"Notes": testNotes, "Labels": testLabels, "Transfer": testTransfer, "History": testHistory,
		"Search": testSearch, "Supervision": testSupervision,
	} {
		t.Run(name, func(t *testing.T) { onBothStores(t, test) })
	}
}
