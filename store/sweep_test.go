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

// TestMemoryCapDropsLongestIdle checks that the memory store holds at most
// MaxConversations, forgetting the one written to least recently, and that
// expired conversations leave without waiting for a sweep.
func TestMemoryCapDropsLongestIdle(t *testing.T) {
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	m := NewMemory(Options{Retention: time.Hour, MaxConversations: 3, Now: func() time.Time { return now }})
	defer m.Close()
	id := func(s string) guichet.ConversationID { return guichet.NewConversationID(guichet.ChannelCLI, s) }
	write := func(s string) {
		t.Helper()
		now = now.Add(time.Second)
		if _, _, err := m.Append(t.Context(), id(s), guichet.Event{Text: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	held := func(s string) bool {
		evs, err := m.Events(t.Context(), id(s), 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		return len(evs) > 0
	}
	write("a")
	write("b")
	write("c")
	write("a") // b is now the longest idle
	now = now.Add(time.Second)
	if _, err := m.SaveState(t.Context(), id("c"), []byte("s"), 0); err != nil {
		t.Fatal(err)
	}
	write("d")
	for s, want := range map[string]bool{"a": true, "b": false, "c": true, "d": true} {
		if held(s) != want {
			t.Errorf("after the cap: conversation %s held = %v, want %v", s, !want, want)
		}
	}
	m.mu.Lock()
	n := len(m.convs)
	m.mu.Unlock()
	if n != 3 {
		t.Errorf("%d conversations held, want the cap of 3", n)
	}

	now = now.Add(time.Hour - 2*time.Second) // a expires; c (state saved later) and d stay
	if err := m.Ping(t.Context()); err != nil {
		t.Fatal(err)
	}
	m.mu.Lock()
	_, aHeld := m.convs[id("a")]
	n = len(m.convs)
	m.mu.Unlock()
	if aHeld || n != 2 {
		t.Errorf("after a's expiry: a held %v, %d conversations; want a gone and 2 left", aHeld, n)
	}
	if _, err := m.Forget(t.Context(), id("c")); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"e", "f"} { // at the same instant: d has not expired
		if _, _, err := m.Append(t.Context(), id(s), guichet.Event{Text: "x"}); err != nil {
			t.Fatal(err)
		}
	} // the cap counts c as gone: d, e, f fit
	for s, want := range map[string]bool{"c": false, "d": true, "e": true, "f": true} {
		if held(s) != want {
			t.Errorf("after forget: conversation %s held = %v, want %v", s, !want, want)
		}
	}
}
