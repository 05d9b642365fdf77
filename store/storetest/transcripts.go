package storetest

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/store"
)

// full is an event with every field set, to check that all survive.
func full(id string) guichet.Event {
	return guichet.Event{
		ID: id, Role: guichet.RoleBot, Author: "Camille", Text: "Bonjour, é€ \"quoted\"\n",
		QuickReplies: []guichet.QuickReply{{Title: "Oui", Payload: "yes"}},
		Time:         time.Date(2025, 3, 1, 10, 30, 0, 123456789, time.UTC),
		Meta: &guichet.Meta{Decision: "answer", Entry: "passport", Confidence: 0.875,
			Candidates: []guichet.Candidate{{Entry: "passport", Title: "Passeport", Confidence: 0.875}}},
	}
}

func testAppendNumbers(t *testing.T, s store.Store) {
	c := conv("numbers")
	before := time.Now()
	first := mustAppend(t, s, c, guichet.Event{ID: "m1", Role: guichet.RoleUser, Text: "salut", Seq: 42})
	if first.Seq != 1 {
		t.Errorf("first event: Seq = %d, want 1 (a caller's Seq is ignored)", first.Seq)
	}
	if first.Time.Before(before.Add(-time.Second)) || first.Time.After(time.Now().Add(time.Second)) {
		t.Errorf("zero Time became %v, want about now", first.Time)
	}
	want := full("m2")
	second := mustAppend(t, s, c, want)
	want.Seq = 2
	if !reflect.DeepEqual(second, want) {
		t.Errorf("Append returned\n%+v\nwant\n%+v", second, want)
	}
	got := mustEvents(t, s, c, 0, 10)
	if len(got) != 2 || !reflect.DeepEqual(got[0], first) || !reflect.DeepEqual(got[1], want) {
		t.Errorf("Events = %+v\nwant [%+v %+v]", got, first, want)
	}
}

func testAppendInvalid(t *testing.T, s store.Store) {
	_, _, err := s.Append(t.Context(), "", guichet.Event{Text: "x"})
	wantKind(t, "Append to empty conversation", err, guichet.Invalid)
	_, _, err = s.Append(t.Context(), "cli:a{b}", guichet.Event{Text: "x"})
	wantKind(t, "Append to conversation with braces", err, guichet.Invalid)
	_, err = s.Events(t.Context(), conv("x"), 0, 0)
	wantKind(t, "Events with limit 0", err, guichet.Invalid)
}

func testAppendIdempotent(t *testing.T, s store.Store) {
	c := conv("idem")
	first := mustAppend(t, s, c, guichet.Event{ID: "mid.1", Role: guichet.RoleUser, Text: "first"})
	again, created, err := s.Append(t.Context(), c, guichet.Event{ID: "mid.1", Role: guichet.RoleUser, Text: "retry"})
	if err != nil || created {
		t.Fatalf("duplicate Append: created=%v err=%v, want false, nil", created, err)
	}
	if !reflect.DeepEqual(again, first) {
		t.Errorf("duplicate Append returned %+v, want the stored %+v", again, first)
	}
	// Events without an id are never deduplicated.
	a := mustAppend(t, s, c, guichet.Event{Text: "no id"})
	b := mustAppend(t, s, c, guichet.Event{Text: "no id"})
	if a.Seq != 2 || b.Seq != 3 {
		t.Errorf("events without id got seqs %d, %d, want 2, 3", a.Seq, b.Seq)
	}
	if got := seqs(mustEvents(t, s, c, 0, 10)); !slices.Equal(got, []int64{1, 2, 3}) {
		t.Errorf("transcript seqs %v, want [1 2 3]", got)
	}
}

func testEventsPaging(t *testing.T, s store.Store) {
	c := conv("paging")
	for i := range 10 {
		mustAppend(t, s, c, guichet.Event{ID: fmt.Sprint(i), Text: fmt.Sprint(i)})
	}
	for _, tc := range []struct {
		after int64
		limit int
		want  []int64
	}{
		{0, 3, []int64{1, 2, 3}},
		{3, 3, []int64{4, 5, 6}},
		{8, 5, []int64{9, 10}},
		{9, 1, []int64{10}},
		{10, 5, []int64{}},
		{50, 5, []int64{}},
		{-4, 2, []int64{1, 2}},
		{0, 1000, []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}},
	} {
		if got := seqs(mustEvents(t, s, c, tc.after, tc.limit)); !slices.Equal(got, tc.want) {
			t.Errorf("Events(after %d, limit %d) seqs %v, want %v", tc.after, tc.limit, got, tc.want)
		}
	}
	if got := mustEvents(t, s, conv("never"), 0, 10); len(got) != 0 {
		t.Errorf("Events of an unknown conversation = %v, want none", got)
	}
}

func testConversationsSeparate(t *testing.T, s store.Store) {
	a, b := conv("a"), conv("b")
	mustAppend(t, s, a, guichet.Event{ID: "same", Text: "a1"})
	mustAppend(t, s, a, guichet.Event{Text: "a2"})
	if ev := mustAppend(t, s, b, guichet.Event{ID: "same", Text: "b1"}); ev.Seq != 1 || ev.Text != "b1" {
		t.Errorf("first event of b = %+v, want seq 1 text b1: ids and seqs are per conversation", ev)
	}
}

// testConcurrentAppend appends from many goroutines, as several instances
// and the web channel do, and wants one unbroken sequence.
func testConcurrentAppend(t *testing.T, s store.Store) {
	const workers, each = 16, 25
	c := conv("concurrent")
	seen := make([]atomic.Int32, workers*each+1)
	parallel(t, workers, func(ctx context.Context, w int) error {
		for i := range each {
			ev, created, err := s.Append(ctx, c, guichet.Event{ID: fmt.Sprintf("%d-%d", w, i), Text: "x"})
			if err != nil || !created || ev.Seq < 1 || ev.Seq > workers*each {
				return fmt.Errorf("append %d-%d: seq %d created %v err %v", w, i, ev.Seq, created, err)
			}
			seen[ev.Seq].Add(1)
		}
		return nil
	})
	for seq := 1; seq < len(seen); seq++ {
		if n := seen[seq].Load(); n != 1 {
			t.Errorf("seq %d handed out %d times", seq, n)
		}
	}
	evs := mustEvents(t, s, c, 0, 2*workers*each)
	ids := make(map[string]bool)
	for i, ev := range evs {
		if ev.Seq != int64(i+1) || ids[ev.ID] {
			t.Fatalf("event %d: seq %d id %s (duplicate: %v)", i, ev.Seq, ev.ID, ids[ev.ID])
		}
		ids[ev.ID] = true
	}
	if len(evs) != workers*each {
		t.Errorf("transcript holds %d events, want %d", len(evs), workers*each)
	}
}

// testConcurrentDuplicate delivers one message many times at once, as a
// webhook retried by several instances would be.
func testConcurrentDuplicate(t *testing.T, s store.Store) {
	const workers = 12
	c := conv("dup")
	var created atomic.Int32
	var seqSum atomic.Int64
	parallel(t, workers, func(ctx context.Context, _ int) error {
		ev, ok, err := s.Append(ctx, c, guichet.Event{ID: "mid.dup", Text: "x"})
		if ok {
			created.Add(1)
		}
		seqSum.Add(ev.Seq)
		return err
	})
	if created.Load() != 1 || seqSum.Load() != workers {
		t.Errorf("%d Appends of one id: %d created, seq sum %d; want 1 created, all seq 1",
			workers, created.Load(), seqSum.Load())
	}
}

// testReturnedCopies checks that a caller changing what it got back does
// not change the transcript.
func testReturnedCopies(t *testing.T, s store.Store) {
	c := conv("copies")
	ev := full("m1")
	stored := mustAppend(t, s, c, ev)
	ev.Meta.Candidates[0].Entry, ev.QuickReplies[0].Title = "changed", "changed"
	stored.Meta.Decision, stored.QuickReplies[0].Payload = "changed", "changed"
	page := mustEvents(t, s, c, 0, 1)
	page[0].Meta.Entry = "changed"
	want := full("m1")
	want.Seq = 1
	if got := mustEvents(t, s, c, 0, 1); !reflect.DeepEqual(got, []guichet.Event{want}) {
		t.Errorf("stored event changed through a caller's copy:\n%+v\nwant\n%+v", got, want)
	}
}

func testForget(t *testing.T, s store.Store) {
	c := conv("forget")
	for i := range 5 {
		mustAppend(t, s, c, guichet.Event{ID: fmt.Sprint(i), Text: "x"})
	}
	if _, err := s.SaveState(t.Context(), c, []byte("st"), 0); err != nil {
		t.Fatal(err)
	}
	if n, err := s.Forget(t.Context(), c); n != 5 || err != nil {
		t.Fatalf("Forget = %d, %v; want 5, nil", n, err)
	}
	if evs := mustEvents(t, s, c, 0, 10); len(evs) != 0 {
		t.Errorf("Events after Forget = %v", seqs(evs))
	}
	if data, v, err := s.LoadState(t.Context(), c); data != nil || v != 0 || err != nil {
		t.Errorf("LoadState after Forget = %q, %d, %v; want nil, 0, nil", data, v, err)
	}
	if ev := mustAppend(t, s, c, guichet.Event{ID: "0", Text: "again"}); ev.Seq != 1 {
		t.Errorf("Append after Forget: seq %d, want 1 (ids and numbering forgotten too)", ev.Seq)
	}
	if n, err := s.Forget(t.Context(), conv("never")); n != 0 || err != nil {
		t.Errorf("Forget of an unknown conversation = %d, %v; want 0, nil", n, err)
	}
}
