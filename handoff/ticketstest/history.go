package ticketstest

import (
	"testing"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/handoff"
)

// testHistory: the console lists a person's earlier tickets, newest
// first, and never another person's.
func testHistory(t *testing.T, s handoff.TicketStore, c *Clock) {
	first := mustCreate(t, s, waiting("a", c.Now(), false))
	first.Status, first.Closed, first.Resolution = handoff.Resolved, c.Now(), "answered"
	mustUpdate(t, s, first)
	c.Add(time.Hour)
	second := waiting("a", c.Now(), false)
	second.ID = "t-a2"
	mustCreate(t, s, second)
	mustCreate(t, s, waiting("b", c.Now(), false))

	got, err := s.History(ctx, first.Conversation, 10)
	if err != nil || ids(got) != "[t-a2 t-a]" {
		t.Fatalf("History(web:a) = %s, %v; want [t-a2 t-a]", ids(got), err)
	}
	if got[1].Status != handoff.Resolved || got[1].Resolution != "answered" {
		t.Errorf("History keeps the closed ticket as stored, got %+v", got[1])
	}
	if got, _ := s.History(ctx, first.Conversation, 1); ids(got) != "[t-a2]" {
		t.Errorf("History(limit 1) = %s, want the newest [t-a2]", ids(got))
	}
	if got, err := s.History(ctx, "web:nobody", 10); len(got) != 0 || err != nil {
		t.Errorf("History(unknown) = %s, %v; want nothing", ids(got), err)
	}
	_, err = s.History(ctx, first.Conversation, 0)
	wantKind(t, "History(limit 0)", err, guichet.Invalid)
}

// testNotesAndLabels: notes and labels are stored with the ticket and
// read back as written.
func testNotesAndLabels(t *testing.T, s handoff.TicketStore, c *Clock) {
	tk := mustCreate(t, s, waiting("a", c.Now(), false))
	tk.Notes = []handoff.Note{{ID: "n1", Author: "alice", Text: "rappeler après 14 h", Time: c.Now()}}
	tk.Labels = []string{"ants-panne", "urgent"}
	mustUpdate(t, s, tk)
	got, err := s.Get(ctx, tk.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Notes) != 1 || got.Notes[0].Text != "rappeler après 14 h" || !got.Notes[0].Time.Equal(c.Now()) ||
		len(got.Labels) != 2 || got.Labels[1] != "urgent" {
		t.Errorf("stored ticket = notes %+v labels %v; want the note and both labels", got.Notes, got.Labels)
	}
}
