package dispatch_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/dispatch"
	"github.com/guichet/guichet/store"
)

// transport records deliveries and can refuse replies.
type transport struct {
	delivered  []guichet.Event
	admitErr   error
	deliverErr error
}

func (t *transport) Deliver(_ context.Context, _ guichet.ConversationID, ev guichet.Event) error {
	t.delivered = append(t.delivered, ev)
	return t.deliverErr
}

func (t *transport) Admit(context.Context, guichet.ConversationID, guichet.Reply) error {
	return t.admitErr
}

func setup(t *testing.T) (*dispatch.Dispatcher, *store.Memory, *transport, <-chan store.Notice) {
	st := store.NewMemory(store.Options{})
	t.Cleanup(func() { st.Close() })
	d := dispatch.New(st, slog.New(slog.DiscardHandler))
	tr := &transport{}
	d.Register(guichet.ChannelMessenger, tr)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	notices, err := st.Subscribe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return d, st, tr, notices
}

var conv = guichet.NewConversationID(guichet.ChannelMessenger, "1234")

func nextNotice(t *testing.T, ch <-chan store.Notice) store.Notice {
	t.Helper()
	select {
	case n := <-ch:
		return n
	case <-time.After(5 * time.Second):
		t.Fatal("no notice published")
		return store.Notice{}
	}
}

func TestSendRecordsPublishesDelivers(t *testing.T) {
	d, st, tr, notices := setup(t)
	ev, err := d.Send(context.Background(), conv, guichet.Reply{Role: guichet.RoleAgent, Author: "Alice", Text: "Bonjour"})
	if err != nil {
		t.Fatal(err)
	}
	if ev.Seq != 1 || ev.ID == "" || ev.Author != "Alice" {
		t.Errorf("stored event %+v", ev)
	}
	if n := nextNotice(t, notices); n.Topic != store.TopicEvent || n.Conversation != conv || n.Seq != 1 {
		t.Errorf("notice %+v", n)
	}
	if len(tr.delivered) != 1 || tr.delivered[0].Seq != 1 {
		t.Errorf("delivered %+v", tr.delivered)
	}
	evs, _ := st.Events(context.Background(), conv, 0, 10)
	if len(evs) != 1 || evs[0].Text != "Bonjour" {
		t.Errorf("transcript %+v", evs)
	}
}

func TestRefusedReplyIsNotRecorded(t *testing.T) {
	d, st, tr, _ := setup(t)
	tr.admitErr = guichet.Errorf(guichet.Forbidden, "messenger", "outside the 7-day window")
	_, err := d.Send(context.Background(), conv, guichet.Reply{Role: guichet.RoleAgent, Text: "Bonjour"})
	if !guichet.Is(err, guichet.Forbidden) || !strings.Contains(err.Error(), "7-day") {
		t.Fatalf("err = %v, want Forbidden with the reason", err)
	}
	if evs, _ := st.Events(context.Background(), conv, 0, 10); len(evs) != 0 || len(tr.delivered) != 0 {
		t.Errorf("a refused reply was recorded or delivered: %+v %+v", evs, tr.delivered)
	}
}

func TestDeliveryFailureIsReportedWithTheEvent(t *testing.T) {
	d, _, tr, _ := setup(t)
	tr.deliverErr = guichet.Errorf(guichet.Unavailable, "messenger", "send queue full")
	ev, err := d.Send(context.Background(), conv, guichet.Reply{Role: guichet.RoleBot, Text: "Réponse"})
	if !guichet.Is(err, guichet.Unavailable) || ev.Seq != 1 {
		t.Fatalf("ev %+v err %v: want the recorded event and an Unavailable error", ev, err)
	}
}

func TestInvalidReplies(t *testing.T) {
	d, _, _, _ := setup(t)
	for name, r := range map[string]guichet.Reply{
		"empty":     {Role: guichet.RoleBot, Text: "  "},
		"user role": {Role: guichet.RoleUser, Text: "x"},
		"bad utf-8": {Role: guichet.RoleBot, Text: "a\xffb"},
		"too long":  {Role: guichet.RoleBot, Text: strings.Repeat("é", dispatch.MaxReplyChars+1)},
	} {
		if _, err := d.Send(context.Background(), conv, r); !guichet.Is(err, guichet.Invalid) {
			t.Errorf("%s: err = %v, want Invalid", name, err)
		}
	}
}

func TestRecordDuplicatePublishesOnce(t *testing.T) {
	d, _, _, notices := setup(t)
	ev := guichet.Event{ID: "mid.1", Role: guichet.RoleUser, Text: "bonjour"}
	for i := range 3 {
		_, created, err := d.Record(context.Background(), conv, ev)
		if err != nil || created != (i == 0) {
			t.Fatalf("record %d: created %v err %v", i, created, err)
		}
	}
	nextNotice(t, notices)
	select {
	case n := <-notices:
		t.Errorf("duplicate published %+v", n)
	case <-time.After(50 * time.Millisecond):
	}
}

