package storetest

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/store"
)

func mustCommit(t *testing.T, s store.Store, c guichet.ConversationID, evs []guichet.Event, data string, version int64) ([]guichet.Event, int64) {
	t.Helper()
	stored, v, err := s.Commit(t.Context(), c, evs, []byte(data), version)
	if err != nil {
		t.Fatalf("Commit(%s, %d events, version %d): %v", c, len(evs), version, err)
	}
	return stored, v
}

// testCommit records replies and the state in one step, after a message
// appended on its own, as the bot does.
func testCommit(t *testing.T, s store.Store) {
	c := conv("commit")
	mustAppend(t, s, c, guichet.Event{ID: "m1", Role: guichet.RoleUser, Text: "bonjour"})
	v1, err := s.SaveState(t.Context(), c, []byte("decided"), 0)
	if err != nil {
		t.Fatal(err)
	}
	reply := full("m1/r0")
	stored, v2 := mustCommit(t, s, c, []guichet.Event{reply, {ID: "m1/r1", Role: guichet.RoleBot, Text: "autre"}}, "done", v1)
	if v2 != v1+1 {
		t.Errorf("Commit returned version %d, want %d", v2, v1+1)
	}
	reply.Seq = 2
	if len(stored) != 2 || !reflect.DeepEqual(stored[0], reply) || stored[1].Seq != 3 || stored[1].Time.IsZero() {
		t.Errorf("Commit returned %+v, want seqs 2 and 3, the first equal to %+v", stored, reply)
	}
	if got := mustEvents(t, s, c, 0, 10); !reflect.DeepEqual(got[1:], stored) {
		t.Errorf("transcript %+v, want the message then %+v", got, stored)
	}
	if data, v, err := s.LoadState(t.Context(), c); string(data) != "done" || v != v2 || err != nil {
		t.Errorf("LoadState = %q, %d, %v; want done, %d, nil", data, v, err, v2)
	}
	// A new conversation, and a commit of the state alone.
	if stored, v := mustCommit(t, s, conv("commit-new"), nil, "first", 0); len(stored) != 0 || v != 1 {
		t.Errorf("Commit of a new conversation: %d events, version %d; want none, 1", len(stored), v)
	}
	_, _, err = s.Commit(t.Context(), "cli:a{b}", nil, []byte("x"), 0)
	wantKind(t, "Commit to a conversation with braces", err, guichet.Invalid)
}

// testCommitConflict: a stale version stores nothing at all, events
// included.
func testCommitConflict(t *testing.T, s store.Store) {
	c := conv("commit-conflict")
	mustAppend(t, s, c, guichet.Event{ID: "m1", Text: "x"})
	if _, err := s.SaveState(t.Context(), c, []byte("theirs"), 0); err != nil {
		t.Fatal(err)
	}
	_, _, err := s.Commit(t.Context(), c, []guichet.Event{{ID: "m1/r0", Text: "mine"}}, []byte("mine"), 0)
	wantKind(t, "Commit over a stale version", err, guichet.Conflict)
	if got := seqs(mustEvents(t, s, c, 0, 10)); !slices.Equal(got, []int64{1}) {
		t.Errorf("after a refused Commit the transcript has seqs %v, want [1]", got)
	}
	if data, v, _ := s.LoadState(t.Context(), c); string(data) != "theirs" || v != 1 {
		t.Errorf("after a refused Commit the state is %q v%d, want theirs v1", data, v)
	}
}

// testCommitIdempotent: an event already recorded under its id is not
// recorded again nor returned (the caller learns what it created), and the
// state is saved all the same.
func testCommitIdempotent(t *testing.T, s store.Store) {
	c := conv("commit-idem")
	first := mustAppend(t, s, c, guichet.Event{ID: "m1/r0", Text: "sent before a crash"})
	stored, v := mustCommit(t, s, c, []guichet.Event{{ID: "m1/r0", Text: "again"}, {ID: "m1/r1", Text: "new"}}, "st", 0)
	if len(stored) != 1 || stored[0].ID != "m1/r1" || stored[0].Seq != 2 || v != 1 {
		t.Errorf("Commit returned %+v v%d; want only the event it created, m1/r1 with seq 2, and v1", stored, v)
	}
	if got := mustEvents(t, s, c, 0, 10); len(got) != 2 || !reflect.DeepEqual(got[0], first) {
		t.Errorf("transcript %+v, want %+v first, untouched", got, first)
	}
	if got := seqs(mustEvents(t, s, c, 0, 10)); !slices.Equal(got, []int64{1, 2}) {
		t.Errorf("transcript seqs %v, want [1 2]", got)
	}
}

// testAppendAnnounces: every event created is announced with its seq,
// a duplicate is not, and a commit announces its last event once.
func testAppendAnnounces(t *testing.T, s store.Store) {
	ch := mustSubscribe(t, s)
	c := conv("announce")
	// want checks the notice and the events it brings on this instance.
	want := func(what string, seq int64, ids ...string) {
		t.Helper()
		n := recv(t, ch)
		if n.Topic != store.TopicEvent || n.Conversation != c || n.Seq != seq {
			t.Errorf("%s: notice %+v, want topic event, conversation %s, seq %d", what, n, c, seq)
		}
		var got []string
		for i, ev := range n.Events {
			if ev.Seq != seq-int64(len(n.Events)-1-i) {
				t.Errorf("%s: event %d of the notice has seq %d", what, i, ev.Seq)
			}
			got = append(got, ev.ID)
		}
		if !slices.Equal(got, ids) {
			t.Errorf("%s: the notice brings events %q, want %q", what, got, ids)
		}
	}
	mustAppend(t, s, c, guichet.Event{ID: "m1", Text: "x"})
	want("append", 1, "m1")
	if _, created, err := s.Append(t.Context(), c, guichet.Event{ID: "m1", Text: "x"}); created || err != nil {
		t.Fatalf("duplicate Append: created %v, err %v", created, err)
	}
	mustCommit(t, s, c, nil, "no events", 0)
	mustCommit(t, s, c, []guichet.Event{{ID: "m1/r0", Text: "a"}, {ID: "m1/r1", Text: "b"}}, "two", 1)
	want("commit of two events, after a duplicate and a commit without events that announce nothing", 3, "m1/r0", "m1/r1")
	marker := store.Notice{Topic: store.TopicTicket, Data: json.RawMessage(`"marker"`)}
	mustPublish(t, s, marker)
	if n := recv(t, ch); !reflect.DeepEqual(n, marker) {
		t.Errorf("after the commit: notice %+v, want only the marker", n)
	}
}
