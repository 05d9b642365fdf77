package console_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/console"
	"github.com/guichet/guichet/quality"
)

// withQuality gives the harness a quality store on its clock, fed by the
// hand-off's milestones and read by the statistics page.
func withQuality(h **quality.Memory) func(*parts) {
	return func(p *parts) {
		*h = quality.NewMemory(0, p.handoff.Now)
		p.handoff.Recorder = console.TicketFacts{Store: *h}
		p.console.Quality = *h
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
