package web_test

import (
	"testing"
	"time"

	"github.com/guichet/guichet/channels/web/webload"
)

// The load generator holds idle connections and times questions until
// their answers; here at a tiny scale, for correctness only.
func TestLoadGenerator(t *testing.T) {
	noLeaks(t)
	cfg := testConfig()
	cfg.ConnectionsPerIP = 100
	s := newServer(t, nil, cfg)
	pool := webload.Open(t.Context(), s.url, nil, 20, 4)
	defer pool.Close()
	if n, err := pool.Failed(); pool.Held() != 20 || n != 0 {
		t.Fatalf("held %d of 20 idle connections, %d failed: %v", pool.Held(), n, err)
	}
	res, err := webload.Chat(t.Context(), webload.ChatConfig{URL: s.url, Senders: 4, Rate: 40,
		Duration: 500 * time.Millisecond, Texts: []string{"permis", "passeport"}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Sent == 0 || res.Answered != res.Sent || len(res.Latencies) != res.Answered || res.Refused != 0 {
		t.Errorf("sent %d, answered %d, refused %d, %d latencies: want every question answered once",
			res.Sent, res.Answered, res.Refused, len(res.Latencies))
	}
}

// A conversation the bot hands to a person ends there for the load
// generator: the bot answers no more in it, so the connection opens a new
// one before its next question and every question is still answered by
// the bot.
func TestLoadGeneratorLeavesHandedOffConversations(t *testing.T) {
	noLeaks(t)
	cfg := testConfig()
	cfg.ConnectionsPerIP = 100
	s := newServer(t, nil, cfg)
	res, err := webload.Chat(t.Context(), webload.ChatConfig{URL: s.url, Senders: 2, Rate: 20,
		Duration: time.Second, Texts: []string{handOffText, "permis", "passeport"}})
	if err != nil {
		t.Fatal(err)
	}
	if res.HandedOff == 0 {
		t.Fatalf("no conversation counted as handed to a person (sent %d, answered %d)", res.Sent, res.Answered)
	}
	if res.Sent == 0 || res.Answered != res.Sent || res.Refused != 0 {
		t.Errorf("sent %d, answered %d, refused %d: want every question answered by the bot once", res.Sent, res.Answered, res.Refused)
	}
}
