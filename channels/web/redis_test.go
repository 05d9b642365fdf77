package web_test

import (
	"context"
	"testing"

	"github.com/guichet/guichet/internal/testenv"
	"github.com/guichet/guichet/store"
)

// Two instances share one Redis: the citizen's socket is on one, the agent
// answers through the other, and the citizen then reconnects to the first
// instance after losing their network.
func TestRedisRepliesCrossInstances(t *testing.T) {
	url := testenv.RedisURL(t) // before noLeaks: it may start a shared server
	noLeaks(t)
	prefix := testenv.KeyPrefix(t)
	open := func() store.Store {
		st, err := store.NewRedis(context.Background(), url, store.Options{KeyPrefix: prefix})
		if err != nil {
			t.Fatalf("redis store: %v", err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}
	a := newServer(t, open(), testConfig())
	b := newServer(t, open(), testConfig())

	c := connect(t, b.url, "", 0)
	c.say("m1", "j'ai perdu mon permis")
	c.until("answer on b", c.hasText("Réponse: j'ai perdu mon permis"))

	a.agentSays(t, c.conv, "Je prends votre demande en charge.")
	c.until("agent's reply sent from a", c.hasText("Je prends votre demande en charge."))

	seen := c.last
	c.cut()
	a.agentSays(t, c.conv, "Vous êtes toujours là ?")
	r := connect(t, a.url, c.conv, seen)
	r.until("missed reply", r.hasText("Vous êtes toujours là ?"))
	if len(r.shown) != 1 {
		t.Errorf("after resuming from %d the client got %v, want only the missed reply", seen, r.texts())
	}
}
