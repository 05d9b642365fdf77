package handoff_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/handoff"
)

// records is a Recorder that keeps what it hears.
type records struct {
	mu  sync.Mutex
	got []handoff.Record
}

func (r *records) RecordTicket(_ context.Context, rec handoff.Record) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, rec)
	return nil
}

func (r *records) of(m handoff.Milestone) []handoff.Record {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []handoff.Record
	for _, rec := range r.got {
		if rec.Milestone == m {
			out = append(out, rec)
		}
	}
	return out
}

func TestRecorderHearsEachMilestoneOnce(t *testing.T) {
	rec := &records{}
	h := newHarness(t, func(o *handoff.Options) { o.Recorder = rec })
	conv := h.escalate(web("citoyen"), func(e *guichet.Escalation) { e.Reason = "low_confidence" })
	if _, err := h.svc.Escalate(bg, guichet.Escalation{Conversation: conv, Reason: "explicit_request"}); err != nil {
		t.Fatal(err) // already open: no second milestone
	}
	id := h.open(conv).ID
	h.clock.Add(90 * time.Second)
	h.claim(id, "alice")
	if _, err := h.act(id, "alice", handoff.ActRelease, ""); err != nil {
		t.Fatal(err)
	}
	h.clock.Add(time.Minute)
	h.claim(id, "bob")
	h.clock.Add(30 * time.Second)
	for _, text := range []string{"Bonjour", "Je regarde"} {
		if _, _, err := h.svc.Reply(bg, id, "bob", guichet.Reply{Author: "Bob", Text: text}); err != nil {
			t.Fatalf("Reply: %v", err)
		}
		h.clock.Add(time.Minute)
	}
	if _, err := h.act(id, "bob", handoff.ActResolve, "Réponse apportée"); err != nil {
		t.Fatal(err)
	}
	if o := rec.of(handoff.MilestoneOpened); len(o) != 1 || o[0].Ticket.ID != id || o[0].Ticket.Reason != "low_confidence" {
		t.Fatalf("opened records %+v, want one for %s with its reason", o, id)
	}
	if p := rec.of(handoff.MilestonePickup); len(p) != 1 || p[0].Seconds != 90 {
		t.Fatalf("pick-up records %+v, want one of 90 s (the second claim after a release is not a wait)", p)
	}
	if r := rec.of(handoff.MilestoneFirstReply); len(r) != 1 || r[0].Seconds != 180 {
		t.Fatalf("first-reply records %+v, want one of 180 s after opening", r)
	}
	if r := rec.of(handoff.MilestoneResolved); len(r) != 1 || r[0].Ticket.Resolution != "Réponse apportée" {
		t.Fatalf("resolved records %+v, want one with the resolution", r)
	}
}

func TestReplyOnlyFromTheAgentHoldingTheTicket(t *testing.T) {
	h := newHarness(t)
	conv := h.escalate(web("c"))
	id := h.open(conv).ID
	if _, _, err := h.svc.Reply(bg, id, "alice", guichet.Reply{Text: "Bonjour"}); !guichet.Is(err, guichet.Forbidden) {
		t.Fatalf("reply on a waiting ticket: %v, want Forbidden", err)
	}
	h.claim(id, "alice")
	if _, _, err := h.svc.Reply(bg, id, "bob", guichet.Reply{Text: "Bonjour"}); !guichet.Is(err, guichet.Forbidden) {
		t.Fatalf("reply by another agent: %v, want Forbidden", err)
	}
	_, ev, err := h.svc.Reply(bg, id, "alice", guichet.Reply{Author: "Alice", Text: "Bonjour"})
	if err != nil || ev.Seq == 0 || ev.Role != guichet.RoleAgent || ev.Meta == nil || ev.Meta.Ticket != id {
		t.Fatalf("Reply = %+v, %v; want a recorded agent event naming the ticket", ev, err)
	}
	if tk := h.open(conv); tk.FirstReply.IsZero() {
		t.Fatal("the ticket does not remember its first reply")
	}
}

func TestClaimNextOnEmptyQueue(t *testing.T) {
	h := newHarness(t)
	if _, err := h.svc.ClaimNext(bg, actor("alice")); !guichet.Is(err, guichet.NotFound) {
		t.Fatalf("ClaimNext on an empty queue: %v, want NotFound", err)
	}
}

func TestResolvedTicketAsksForARating(t *testing.T) {
	h := newHarness(t)
	conv := h.escalate(web("note"))
	id := h.open(conv).ID
	h.claim(id, "alice")
	if _, err := h.act(id, "alice", handoff.ActResolve, "Réponse apportée"); err != nil {
		t.Fatal(err)
	}
	n := h.notices(conv)
	closing, ask := n[len(n)-2], n[len(n)-1]
	if closing.Meta.Status != "resolved" || ask.Text != "Comment évaluez-vous l'aide reçue ? (1 = pas du tout satisfait, 5 = très satisfait)" {
		t.Fatalf("last notices %q then %q, want the closing notice then the rating question", closing.Text, ask.Text)
	}
	if len(ask.QuickReplies) != 5 {
		t.Fatalf("rating quick replies %+v, want 1 to 5", ask.QuickReplies)
	}
	for i, qr := range ask.QuickReplies {
		if want := fmt.Sprintf("RATING:%s:%d", id, i+1); qr.Title != fmt.Sprint(i+1) || qr.Payload != want {
			t.Errorf("quick reply %d = %+v, want title %d and payload %s", i, qr, i+1, want)
		}
	}
}

// The bot counts a rating only for a ticket RatingAsked confirms: the
// conversation's, resolved, with the rating asked.
func TestRatingAskedOnlyForTheResolvedTicketOfTheConversation(t *testing.T) {
	h := newHarness(t)
	conv := h.escalate(web("note2"))
	id := h.open(conv).ID
	ask := func(c guichet.ConversationID, id string) bool {
		ok, err := h.svc.RatingAsked(t.Context(), c, id)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if ask(conv, id) {
		t.Error("a waiting ticket may be rated")
	}
	h.claim(id, "alice")
	if _, err := h.act(id, "alice", handoff.ActResolve, "Réponse apportée"); err != nil {
		t.Fatal(err)
	}
	if !ask(conv, id) {
		t.Error("the resolved ticket may not be rated")
	}
	if ask(web("someone-else"), id) || ask(conv, "0123456789abcdef0123456789abcdef") {
		t.Error("another conversation, or a made-up ticket, may rate")
	}
	unclaimed := h.escalate(web("spam2"))
	uid := h.open(unclaimed).ID
	if _, err := h.act(uid, "sue", handoff.ActResolve, "Demande hors périmètre"); err != nil {
		t.Fatal(err)
	}
	if ask(unclaimed, uid) {
		t.Error("a ticket closed without an agent's help may be rated")
	}
}

func TestNoRatingWithoutAnAgentsHelp(t *testing.T) {
	h := newHarness(t)
	returned := h.escalate(web("rendu"))
	id := h.open(returned).ID
	h.claim(id, "alice")
	if _, err := h.act(id, "alice", handoff.ActReturn, "returned_to_bot"); err != nil {
		t.Fatal(err)
	}
	unclaimed := h.escalate(web("spam"))
	if _, err := h.act(h.open(unclaimed).ID, "sue", handoff.ActResolve, "Demande hors périmètre"); err != nil {
		t.Fatalf("supervisor resolve: %v", err)
	}
	for _, conv := range []guichet.ConversationID{returned, unclaimed} {
		for _, ev := range h.notices(conv) {
			if len(ev.QuickReplies) > 0 {
				t.Errorf("%s got %q with buttons: no rating is asked when no agent helped or the ticket went back to the bot", conv, ev.Text)
			}
		}
	}
}
