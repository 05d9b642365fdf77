package handoff_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/handoff"
	"github.com/guichet/guichet/quality"
)

// withQuality gives the harness a quality store on its clock.
func withQuality(h **quality.Memory) func(*handoff.Options) {
	return func(o *handoff.Options) {
		*h = quality.NewMemory(0, o.Now)
		o.Quality = *h
	}
}

func kindFacts(t *testing.T, q *quality.Memory, k quality.Kind) []quality.Fact {
	t.Helper()
	fs, err := q.Facts(bg, time.Time{}, k)
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

func TestHandoffRecordsItsFacts(t *testing.T) {
	var q *quality.Memory
	h := newHarness(t, withQuality(&q))
	conv := h.escalate(web("citoyen"), func(e *guichet.Escalation) { e.Reason = "low_confidence" })
	id := h.open(conv).ID
	h.clock.Add(90 * time.Second)
	h.call("POST", "/api/v1/tickets/"+id+"/claim", "alice", nil)
	h.call("POST", "/api/v1/tickets/"+id+"/release", "alice", nil)
	h.clock.Add(time.Minute)
	h.call("POST", "/api/v1/tickets/"+id+"/claim", "bob", nil)
	h.clock.Add(30 * time.Second)
	for _, text := range []string{"Bonjour", "Je regarde"} {
		if code, body := h.call("POST", "/api/v1/tickets/"+id+"/messages", "bob", map[string]string{"text": text}); code != 201 {
			t.Fatalf("reply: %d %v", code, body)
		}
		h.clock.Add(time.Minute)
	}
	h.call("POST", "/api/v1/tickets/"+id+"/resolve", "bob", map[string]string{"reason": "Réponse apportée"})

	ho := kindFacts(t, q, quality.KindHandoff)
	want := quality.Fact{Kind: quality.KindHandoff, Channel: guichet.ChannelWeb, Conversation: conv, Ticket: id,
		Reason: "low_confidence", Entry: "permis.delai", Procedure: quality.ProcPermis, Path: quality.PathEscalated}
	if len(ho) != 1 || !sameFact(ho[0], want) {
		t.Fatalf("hand-off facts %+v, want one like %+v", ho, want)
	}
	if p := kindFacts(t, q, quality.KindPickup); len(p) != 1 || p[0].Value != 90 || p[0].Ticket != id {
		t.Fatalf("pick-up facts %+v, want one of 90 s (the second claim after a release is not a wait)", p)
	}
	if r := kindFacts(t, q, quality.KindFirstReply); len(r) != 1 || r[0].Value != 180 {
		t.Fatalf("first-reply facts %+v, want one of 180 s after opening", r)
	}
	if r := kindFacts(t, q, quality.KindResolved); len(r) != 1 || r[0].Reason != "Réponse apportée" || r[0].Procedure != quality.ProcPermis {
		t.Fatalf("resolved facts %+v, want one with the reason", r)
	}
}

func sameFact(got, want quality.Fact) bool {
	want.Time = got.Time
	return fmt.Sprintf("%+v", got) == fmt.Sprintf("%+v", want)
}

func TestIncidentHandoffTakesTheFormsProcedure(t *testing.T) {
	var q *quality.Memory
	h := newHarness(t, withQuality(&q))
	h.escalate(web("incident"), func(e *guichet.Escalation) {
		e.Reason, e.Priority, e.LastEntry = "incident", true, "dossier.anomalie"
		e.Fields = map[string]string{"procedure": "Carte grise", "request_number": "21AB12345"}
	})
	if ho := kindFacts(t, q, quality.KindHandoff); len(ho) != 1 || ho[0].Procedure != quality.ProcImmatriculation {
		t.Fatalf("hand-off facts %+v, want procedure immatriculation from the form", ho)
	}
}

func TestResolvedTicketAsksForARating(t *testing.T) {
	h := newHarness(t)
	conv := h.escalate(web("note"))
	id := h.open(conv).ID
	h.call("POST", "/api/v1/tickets/"+id+"/claim", "alice", nil)
	h.call("POST", "/api/v1/tickets/"+id+"/resolve", "alice", map[string]string{"reason": "Réponse apportée"})
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
	h.call("POST", "/api/v1/tickets/"+id+"/claim", "alice", nil)
	h.call("POST", "/api/v1/tickets/"+id+"/resolve", "alice", map[string]string{"reason": "Réponse apportée"})
	if !ask(conv, id) {
		t.Error("the resolved ticket may not be rated")
	}
	if ask(web("someone-else"), id) || ask(conv, "0123456789abcdef0123456789abcdef") {
		t.Error("another conversation, or a made-up ticket, may rate")
	}
	unclaimed := h.escalate(web("spam2"))
	uid := h.open(unclaimed).ID
	h.call("POST", "/api/v1/tickets/"+uid+"/resolve", "sue", map[string]string{"reason": "Demande hors périmètre"})
	if ask(unclaimed, uid) {
		t.Error("a ticket closed without an agent's help may be rated")
	}
}

func TestNoRatingWithoutAnAgentsHelp(t *testing.T) {
	h := newHarness(t)
	returned := h.escalate(web("rendu"))
	id := h.open(returned).ID
	h.call("POST", "/api/v1/tickets/"+id+"/claim", "alice", nil)
	h.call("POST", "/api/v1/tickets/"+id+"/return", "alice", nil)
	unclaimed := h.escalate(web("spam"))
	if code, body := h.call("POST", "/api/v1/tickets/"+h.open(unclaimed).ID+"/resolve", "sue", map[string]string{"reason": "Demande hors périmètre"}); code != 200 {
		t.Fatalf("supervisor resolve: %d %v", code, body)
	}
	for _, conv := range []guichet.ConversationID{returned, unclaimed} {
		for _, ev := range h.notices(conv) {
			if len(ev.QuickReplies) > 0 {
				t.Errorf("%s got %q with buttons: no rating is asked when no agent helped or the ticket went back to the bot", conv, ev.Text)
			}
		}
	}
}
