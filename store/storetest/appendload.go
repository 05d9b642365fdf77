package storetest

import (
	"testing"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/store"
)

// testAppendLoad: AppendLoad stores and announces like Append, and gives
// the state as LoadState would, none for a new conversation; a duplicate
// stores nothing and still gives the state.
func testAppendLoad(t *testing.T, s store.Store) {
	al, ok := s.(store.AppendLoader)
	if !ok {
		t.Skip("the store does not implement store.AppendLoader")
	}
	ctx, c := t.Context(), conv("append-load")
	sub := mustSubscribe(t, s)
	ev, created, data, v, err := al.AppendLoad(ctx, c, guichet.Event{ID: "m1", Role: guichet.RoleUser, Text: "bonjour"})
	if err != nil || !created || ev.Seq != 1 || data != nil || v != 0 {
		t.Fatalf("AppendLoad of a new conversation = seq %d, created %v, state %q v%d, %v; want 1, true, none, 0, nil",
			ev.Seq, created, data, v, err)
	}
	if n := recv(t, sub); n.Topic != store.TopicEvent || n.Conversation != c || n.Seq != 1 || len(n.Events) != 1 {
		t.Errorf("notice %+v, want the event of seq 1 announced with it", n)
	}
	v1, err := s.SaveState(ctx, c, []byte("st"), 0)
	if err != nil {
		t.Fatal(err)
	}
	ev, created, data, v, err = al.AppendLoad(ctx, c, guichet.Event{ID: "m2", Role: guichet.RoleUser, Text: "encore"})
	if err != nil || !created || ev.Seq != 2 || string(data) != "st" || v != v1 {
		t.Fatalf("AppendLoad after a state = seq %d, created %v, state %q v%d, %v; want 2, true, st, %d, nil",
			ev.Seq, created, data, v, err, v1)
	}
	ev, created, data, v, err = al.AppendLoad(ctx, c, guichet.Event{ID: "m1", Role: guichet.RoleUser, Text: "again"})
	if err != nil || created || ev.Seq != 1 || ev.Text != "bonjour" || string(data) != "st" || v != v1 {
		t.Fatalf("duplicate AppendLoad = seq %d %q, created %v, state %q v%d, %v; want the stored 1, false, st, %d, nil",
			ev.Seq, ev.Text, created, data, v, err, v1)
	}
	if n := len(mustEvents(t, s, c, 0, 10)); n != 2 {
		t.Errorf("transcript has %d events, want 2", n)
	}
	_, _, _, _, err = al.AppendLoad(ctx, "cli:a{b}", guichet.Event{ID: "x", Text: "x"})
	wantKind(t, "AppendLoad to a conversation with braces", err, guichet.Invalid)
}
