package store

import (
	"testing"
	"time"

	"github.com/guichet/guichet"
)

// TestMemorySweep checks that conversations nobody touches again still
// leave memory once expired.
func TestMemorySweep(t *testing.T) {
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	m := NewMemory(Options{Retention: time.Hour, Now: func() time.Time { return now }})
	defer m.Close()
	for _, subject := range []string{"a", "b", "c"} {
		if _, _, err := m.Append(t.Context(), guichet.NewConversationID(guichet.ChannelCLI, subject), guichet.Event{Text: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := m.Claim(t.Context(), "k", time.Minute); err != nil {
		t.Fatal(err)
	}
	now = now.Add(time.Hour + sweepEvery)
	if err := m.Ping(t.Context()); err != nil { // any operation may sweep
		t.Fatal(err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.convs) != 0 || len(m.claims) != 0 {
		t.Errorf("after expiry: %d conversations, %d claims held; want none", len(m.convs), len(m.claims))
	}
}
