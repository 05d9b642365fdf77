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

// countingStore counts the commits that reach the store.
type countingStore struct {
	*store.Memory
	commits atomic.Int64
}

func (c *countingStore) Commit(ctx context.Context, conv guichet.ConversationID, evs []guichet.Event, data []byte, version int64) ([]guichet.Event, int64, error) {
	c.commits.Add(1)
	return c.Memory.Commit(ctx, conv, evs, data, version)
}

// stubTransport stands for a channel that delivers each reply itself.
type stubTransport struct{}

func (stubTransport) Deliver(context.Context, guichet.ConversationID, guichet.Event) error {
	return nil
}

// A question answered costs one state load. On the widget, whose clients
// read the transcript, the replies and the state are then written in one
// commit. A channel that delivers each reply (Messenger) saves twice: the
// decision before the replies, so that a crash resumes it, and its
// clearing after, starting from the state just saved. Either way the
// conversation goes on from the right state.
func TestOneStateLoadPerMessage(t *testing.T) {
	for _, tc := range []struct {
		channel        guichet.Channel
		saves, commits int64
	}{
		{guichet.ChannelWeb, 0, 1},
		{guichet.ChannelMessenger, 2, 0},
	} {
		t.Run(string(tc.channel), func(t *testing.T) {
			st := &countingStore{Memory: store.NewMemory(store.Options{})}
			defer st.Close()
			cs := &countingStates{States: st}
			d := dispatch.New(st, nil)
			d.Register(guichet.ChannelMessenger, stubTransport{})
			now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
			eng := bot.New(config.Default().Bot, bot.Deps{Matcher: matcher, States: cs, Recorder: d, Sender: d,
				Humans: &fakeHumans{owned: map[guichet.ConversationID]bool{}}, Now: func() time.Time { return now }})
			conv := guichet.NewConversationID(tc.channel, "1234")
			for i, text := range []string{"j'ai perdu mon permis de conduire", "et combien ça coûte ?"} {
				l0, s0, c0 := cs.loads.Load(), cs.saves.Load(), st.commits.Load()
				m := guichet.Message{ID: fmt.Sprintf("m%d", i+1), Conversation: conv, Text: text, Time: now}
				if err := eng.Handle(context.Background(), m); err != nil {
					t.Fatal(err)
				}
				l, s, c := cs.loads.Load()-l0, cs.saves.Load()-s0, st.commits.Load()-c0
				if l != 1 || s != tc.saves || c != tc.commits {
					t.Errorf("message %d: %d loads, %d saves, %d commits; want 1, %d, %d", i+1, l, s, c, tc.saves, tc.commits)
				}
			}
			evs, _ := st.Events(context.Background(), conv, 0, 100)
			if len(evs) < 4 {
				t.Errorf("transcript has %d events after two questions, want each with its answer", len(evs))
			}
			data, _, err := st.LoadState(context.Background(), conv)
			if err != nil || len(data) == 0 {
				t.Fatalf("state after two messages: %q, %v", data, err)
			}
			if s := string(data); strings.Contains(s, `"p":{`) || strings.Contains(s, `"pending":{`) {
				t.Errorf("the pending decision was not cleared: %s", s)
			}
		})
	}
}
