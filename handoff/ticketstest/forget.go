package ticketstest

import (
	"testing"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/handoff"
)

// testForget: 'guichet privacy forget' removes every ticket of one
// conversation, open and closed, and nothing else.
func testForget(t *testing.T, s handoff.TicketStore, c *Clock) {
	a := mustCreate(t, s, waiting("a", c.Now(), false))
	a.Status, a.Closed, a.Resolution = handoff.Resolved, c.Now(), "answered"
	mustUpdate(t, s, a)
	again := waiting("a", c.Now(), true)
	again.ID = "t-a2"
	mustCreate(t, s, again)
	b := mustCreate(t, s, waiting("b", c.Now(), false))

	n, err := s.Forget(ctx, a.Conversation)
	if err != nil || n != 2 {
		t.Fatalf("Forget(%s) = %d, %v; want its 2 tickets (one resolved, one waiting)", a.Conversation, n, err)
	}
	for _, id := range []string{"t-a", "t-a2"} {
		_, err := s.Get(ctx, id)
		wantKind(t, "Get(forgotten "+id+")", err, guichet.NotFound)
		if p, _ := s.Position(ctx, id); p != 0 {
			t.Errorf("Position(forgotten %s) = %d, want 0", id, p)
		}
	}
	if _, ok, _ := s.OpenFor(ctx, a.Conversation); ok {
		t.Error("OpenFor finds a ticket of a forgotten conversation")
	}
	if got, total, _ := s.List(ctx, handoff.Waiting, 10); ids(got) != "[t-b]" || total != 1 {
		t.Errorf("List(waiting) after Forget = %s total %d, want only [t-b]", ids(got), total)
	}
	if _, total, _ := s.List(ctx, handoff.Resolved, 10); total != 0 {
		t.Errorf("List(resolved) after Forget counts %d, want 0", total)
	}
	if got, err := s.Get(ctx, b.ID); err != nil || got.Version != b.Version {
		t.Errorf("the other conversation's ticket after Forget = %+v, %v; want it untouched", got, err)
	}
	if n, err := s.Forget(ctx, a.Conversation); n != 0 || err != nil {
		t.Errorf("Forget twice = %d, %v; want 0, nil", n, err)
	}
	if n, err := s.Forget(ctx, "web:nobody"); n != 0 || err != nil {
		t.Errorf("Forget(unknown) = %d, %v; want 0, nil", n, err)
	}
	next := waiting("a", c.Now(), false)
	next.ID = "t-a3"
	if _, created, err := s.Create(ctx, next); !created || err != nil {
		t.Errorf("Create after Forget = created %v, %v; the conversation may escalate again", created, err)
	}
}
