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

// A question answered costs one state load and one write. On the widget,
// whose clients read the transcript, the replies and the state that no
// longer needs them are written in one commit. A channel that delivers
// each reply (Messenger) commits the replies with the state that holds
// them pending, so that a crash resumes them, and does not clear the
// decision once carried out: the next decision takes its place. Either
// way the conversation goes on from the right state. With a RecordLoader
// the load comes with the message's recording, in the same step.
func TestOneStateLoadPerMessage(t *testing.T) {
	for _, tc := range []struct {
		channel               guichet.Channel
		recordLoad            bool
		loads, saves, commits int64
	}{
		{guichet.ChannelWeb, false, 1, 0, 1},
		{guichet.ChannelMessenger, false, 1, 0, 1},
		{guichet.ChannelWeb, true, 0, 0, 1},
		{guichet.ChannelMessenger, true, 0, 0, 1},
	} {
		t.Run(fmt.Sprintf("%s/recordload=%v", tc.channel, tc.recordLoad), func(t *testing.T) {
			st := &countingStore{Memory: store.NewMemory(store.Options{})}
			defer st.Close()
			cs := &countingStates{States: st}
			d := dispatch.New(st, nil)
			d.Register(guichet.ChannelMessenger, stubTransport{})
			now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
			deps := bot.Deps{Matcher: matcher, States: cs, Recorder: d, Sender: d,
				Humans: &fakeHumans{owned: map[guichet.ConversationID]bool{}}, Now: func() time.Time { return now }}
			if tc.recordLoad {
				deps.RecordLoader = d
			}
			eng := bot.New(config.Default().Bot, deps)
			conv := guichet.NewConversationID(tc.channel, "1234")
			for i, text := range []string{"j'ai perdu mon permis de conduire", "et combien ça coûte ?"} {
				l0, s0, c0 := cs.loads.Load(), cs.saves.Load(), st.commits.Load()
				m := guichet.Message{ID: fmt.Sprintf("m%d", i+1), Conversation: conv, Text: text, Time: now}
				if err := eng.Handle(context.Background(), m); err != nil {
					t.Fatal(err)
				}
				l, s, c := cs.loads.Load()-l0, cs.saves.Load()-s0, st.commits.Load()-c0
				if l != tc.loads || s != tc.saves || c != tc.commits {
					t.Errorf("message %d: %d loads, %d saves, %d commits; want %d, %d, %d", i+1, l, s, c, tc.loads, tc.saves, tc.commits)
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
			s := string(data)
			if strings.Contains(s, `"message":"m1"`) {
				t.Errorf("the first decision is still pending after the second: %s", s)
			}
			if pending := strings.Contains(s, `"p":{`); pending != (tc.channel == guichet.ChannelMessenger) {
				t.Errorf("state after two messages (a decision pending: %v, want it only on Messenger, done): %s", pending, s)
			}
		})
	}
}

// racingRecorder records and loads like the dispatcher, then has another
// instance save the state before the engine decides.
type racingRecorder struct {
	*dispatch.Dispatcher
	st store.States
}

func (r racingRecorder) RecordLoad(ctx context.Context, conv guichet.ConversationID, ev guichet.Event) (guichet.Event, bool, []byte, int64, error) {
	stored, created, data, version, err := r.Dispatcher.RecordLoad(ctx, conv, ev)
	if err == nil {
		_, err = r.st.SaveState(ctx, conv, data, version)
	}
	return stored, created, data, version, err
}

// A state read with the message may be stale by the time the bot decides:
// the decision is then made again on the state loaded afresh, and the
// message answered once.
func TestStateRecordedStaleIsLoadedAgain(t *testing.T) {
	st := &countingStore{Memory: store.NewMemory(store.Options{})}
	defer st.Close()
	cs := &countingStates{States: st}
	d := dispatch.New(st, nil)
	eng := bot.New(config.Default().Bot, bot.Deps{Matcher: matcher, States: cs, Recorder: d,
		RecordLoader: racingRecorder{Dispatcher: d, st: st}, Sender: d})
	conv := guichet.NewConversationID(guichet.ChannelWeb, "stale")
	m := guichet.Message{ID: "m1", Conversation: conv, Text: "j'ai perdu mon permis de conduire", Time: time.Now()}
	if err := eng.Handle(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	if l, c := cs.loads.Load(), st.commits.Load(); l != 1 || c != 2 {
		t.Errorf("%d loads, %d commits; want 1 load after the conflict, 2 commits (the stale one refused)", l, c)
	}
	evs, _ := st.Events(context.Background(), conv, 0, 100)
	replies := 0
	for _, ev := range evs {
		if ev.Role == guichet.RoleBot {
			replies++
		}
	}
	if replies == 0 || len(evs) != replies+1 {
		t.Errorf("transcript %+v: want the message then its answer, once", evs)
	}
}

// ticketHumans opens a ticket at each escalation and counts how often
// the engine asks whether a person owns a conversation.
type ticketHumans struct {
	fakeHumans
	asked atomic.Int64
}

func (h *ticketHumans) Take(ctx context.Context, conv guichet.ConversationID, ev guichet.Event) (bool, error) {
	h.asked.Add(1)
	return h.fakeHumans.Take(ctx, conv, ev)
}

func (h *ticketHumans) Escalate(ctx context.Context, e guichet.Escalation) (guichet.Escalated, error) {
	h.mu.Lock()
	h.owned[e.Conversation] = true
	h.mu.Unlock()
	return h.fakeHumans.Escalate(ctx, e)
}

// With the state read with the message, the hand-off is asked whether a
// person owns the conversation only when the state cannot rule it out: a
// new conversation, or one handed off. Once handed off, the person's
// messages are the agent's.
func TestHandoffAskedOnlyWhenTheStateAllowsAPerson(t *testing.T) {
	st := store.NewMemory(store.Options{})
	defer st.Close()
	d := dispatch.New(st, nil)
	humans := &ticketHumans{fakeHumans: fakeHumans{owned: map[guichet.ConversationID]bool{}}}
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	eng := bot.New(config.Default().Bot, bot.Deps{Matcher: matcher, States: st, Recorder: d, RecordLoader: d,
		Sender: d, Humans: humans, Now: func() time.Time { return now }})
	conv := guichet.NewConversationID(guichet.ChannelWeb, "asked")
	for i, step := range []struct {
		text, payload string
		asked         int64
	}{
		{"j'ai perdu mon permis de conduire", "", 1}, // a new conversation
		{"et combien ça coûte ?", "", 1},
		{"Parler à un conseiller", guichet.PayloadHandoff, 1},
		{"vous êtes là ?", "", 2}, // handed off: the agent's
	} {
		m := guichet.Message{ID: fmt.Sprintf("m%d", i+1), Conversation: conv, Text: step.text, Payload: step.payload, Time: now}
		if err := eng.Handle(context.Background(), m); err != nil {
			t.Fatal(err)
		}
		if got := humans.asked.Load(); got != step.asked {
			t.Errorf("after %q: the hand-off was asked %d times, want %d", step.text, got, step.asked)
		}
	}
	if len(humans.escalated) != 1 || len(humans.taken) != 1 || humans.taken[0] != "vous êtes là ?" {
		t.Errorf("escalations %d, messages taken by a person %q; want 1 and the last message", len(humans.escalated), humans.taken)
	}
}
