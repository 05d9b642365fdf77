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

// A widget conversation has no transport: its replies and the bot's state
// are recorded in one step, and announced.
func TestCommitRecordsRepliesWithState(t *testing.T) {
	d, st, tr, notices := setup(t)
	web := guichet.NewConversationID(guichet.ChannelWeb, "c1")
	ctx := context.Background()
	saved, done, err := d.Commit(ctx, web, []guichet.Reply{{ID: "m1/r0", Role: guichet.RoleBot, Text: "Bonjour"},
		{Role: guichet.RoleBot, Text: "Autre chose ?"}}, []byte("state"), 0)
	if err != nil || !done || saved != 1 {
		t.Fatalf("Commit = %d, %v, %v; want 1, true, nil", saved, done, err)
	}
	evs, _ := st.Events(ctx, web, 0, 10)
	if len(evs) != 2 || evs[0].ID != "m1/r0" || evs[1].ID == "" || evs[1].Text != "Autre chose ?" || evs[1].Time.IsZero() {
		t.Errorf("transcript %+v", evs)
	}
	if data, v, _ := st.LoadState(ctx, web); string(data) != "state" || v != 1 {
		t.Errorf("state %q v%d, want state v1", data, v)
	}
	if n := nextNotice(t, notices); n.Conversation != web || n.Seq != 2 {
		t.Errorf("notice %+v, want seq 2 of %s", n, web)
	}
	if len(tr.delivered) != 0 {
		t.Errorf("delivered %+v through another channel's transport", tr.delivered)
	}
	_, _, err = d.Commit(ctx, web, []guichet.Reply{{Role: guichet.RoleBot, Text: "x"}}, []byte("stale"), 0)
	if !guichet.Is(err, guichet.Conflict) {
		t.Errorf("Commit over a stale version: %v, want Conflict", err)
	}
	_, _, err = d.Commit(ctx, web, []guichet.Reply{{Role: guichet.RoleBot, Text: " "}}, []byte("x"), 1)
	if !guichet.Is(err, guichet.Invalid) {
		t.Errorf("Commit of an empty reply: %v, want Invalid", err)
	}
	if evs, _ := st.Events(ctx, web, 0, 10); len(evs) != 2 {
		t.Errorf("refused commits recorded something: %d events", len(evs))
	}
}

// A channel with a transport must deliver each reply: Commit leaves it to
// Send and stores nothing.
func TestCommitLeavesDeliveryToSend(t *testing.T) {
	d, st, _, _ := setup(t)
	ctx := context.Background()
	_, done, err := d.Commit(ctx, conv, []guichet.Reply{{Role: guichet.RoleBot, Text: "Bonjour"}}, []byte("state"), 0)
	if done || err != nil {
		t.Fatalf("Commit on Messenger = done %v, err %v; want false, nil", done, err)
	}
	evs, _ := st.Events(ctx, conv, 0, 10)
	data, _, _ := st.LoadState(ctx, conv)
	if len(evs) != 0 || data != nil {
		t.Errorf("Commit on Messenger stored %d events and state %q", len(evs), data)
	}
}

// A channel with a transport delivers its replies itself. On it,
// CommitPending records the replies with the state in one step and
// returns the events it created, which DeliverRecorded hands to the
// transport; a reply already recorded is not returned (Send checks
// whether it left). A reply the transport refuses, or a channel without a
// transport, stores nothing.
func TestCommitPendingRecordsRepliesForDelivery(t *testing.T) {
	d, st, tr, _ := setup(t)
	ctx := context.Background()
	if !d.Delivers(guichet.ChannelMessenger) || d.Delivers(guichet.ChannelWeb) {
		t.Errorf("Delivers: Messenger %v, widget %v; want true, false", d.Delivers(guichet.ChannelMessenger), d.Delivers(guichet.ChannelWeb))
	}
	if _, _, err := d.Record(ctx, conv, guichet.Event{ID: "m1/r0", Role: guichet.RoleBot, Text: "Déjà là"}); err != nil {
		t.Fatal(err)
	}
	saved, created, done, err := d.CommitPending(ctx, conv, []guichet.Reply{{ID: "m1/r0", Role: guichet.RoleBot, Text: "Bonjour"},
		{ID: "m1/r1", Role: guichet.RoleBot, Text: "Autre chose ?"}}, []byte("pending"), 0)
	if err != nil || !done || saved != 1 || len(created) != 1 || created[0].ID != "m1/r1" || created[0].Seq != 2 {
		t.Fatalf("CommitPending = %d, %+v, %v, %v; want 1, m1/r1 with seq 2, true, nil", saved, created, done, err)
	}
	if data, v, _ := st.LoadState(ctx, conv); string(data) != "pending" || v != 1 {
		t.Errorf("state %q v%d, want pending v1", data, v)
	}
	if len(tr.delivered) != 0 {
		t.Errorf("delivered %+v before DeliverRecorded", tr.delivered)
	}
	if err := d.DeliverRecorded(ctx, conv, created[0]); err != nil || len(tr.delivered) != 1 || tr.delivered[0].ID != "m1/r1" {
		t.Errorf("DeliverRecorded: %v, delivered %+v; want m1/r1", err, tr.delivered)
	}

	tr.admitErr = guichet.Errorf(guichet.Forbidden, "test", "window closed")
	_, _, done, err = d.CommitPending(ctx, conv, []guichet.Reply{{ID: "m2/r0", Role: guichet.RoleBot, Text: "x"}}, []byte("refused"), 1)
	if done || err != nil {
		t.Errorf("CommitPending of a refused reply = done %v, err %v; want false, nil (Send says why)", done, err)
	}
	web := guichet.NewConversationID(guichet.ChannelWeb, "c1")
	if _, _, done, err := d.CommitPending(ctx, web, []guichet.Reply{{Role: guichet.RoleBot, Text: "x"}}, []byte("web"), 0); done || err != nil {
		t.Errorf("CommitPending on the widget = done %v, err %v; want false, nil (Commit records it)", done, err)
	}
	if evs, _ := st.Events(ctx, conv, 0, 10); len(evs) != 2 {
		t.Errorf("transcript has %d events, want the two replies only", len(evs))
	}
	if data, v, _ := st.LoadState(ctx, conv); string(data) != "pending" || v != 1 {
		t.Errorf("after the refusal, state %q v%d; want pending v1", data, v)
	}
}
