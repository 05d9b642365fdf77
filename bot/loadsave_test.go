package bot_test

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/bot"
	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/dispatch"
	"github.com/guichet/guichet/store"
)

// countingStates counts the state loads and saves that reach the store.
type countingStates struct {
	store.States
	loads, saves atomic.Int64
}

func (c *countingStates) LoadState(ctx context.Context, conv guichet.ConversationID) ([]byte, int64, error) {
	c.loads.Add(1)
	return c.States.LoadState(ctx, conv)
}

func (c *countingStates) SaveState(ctx context.Context, conv guichet.ConversationID, data []byte, version int64) (int64, error) {
	c.saves.Add(1)
	return c.States.SaveState(ctx, conv, data, version)
}

// A question answered costs one state load: clearing the pending decision
// after the replies starts from the state just saved. It still saves
// twice (the decision before the replies, so that a crash resumes it, and
// its clearing after), and the conversation goes on from the right state.
func TestOneStateLoadPerMessage(t *testing.T) {
	st := store.NewMemory(store.Options{})
	defer st.Close()
	cs := &countingStates{States: st}
	d := dispatch.New(st, nil)
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	eng := bot.New(config.Default().Bot, bot.Deps{Matcher: matcher, States: cs, Recorder: d, Sender: d,
		Humans: &fakeHumans{owned: map[guichet.ConversationID]bool{}}, Now: func() time.Time { return now }})
	conv := guichet.NewConversationID(guichet.ChannelWeb, "counted")
	for i, text := range []string{"j'ai perdu mon permis de conduire", "et combien ça coûte ?"} {
		l0, s0 := cs.loads.Load(), cs.saves.Load()
		m := guichet.Message{ID: fmt.Sprintf("m%d", i+1), Conversation: conv, Text: text, Time: now}
		if err := eng.Handle(context.Background(), m); err != nil {
			t.Fatal(err)
		}
		if l, s := cs.loads.Load()-l0, cs.saves.Load()-s0; l != 1 || s != 2 {
			t.Errorf("message %d: %d loads and %d saves, want 1 and 2", i+1, l, s)
		}
	}
	data, _, err := st.LoadState(context.Background(), conv)
	if err != nil || len(data) == 0 {
		t.Fatalf("state after two messages: %q, %v", data, err)
	}
	if s := string(data); strings.Contains(s, `"pending":{`) {
		t.Errorf("the pending decision was not cleared: %s", s)
	}
}
