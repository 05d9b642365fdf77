package handoff_test

import (
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/handoff"
)

func TestEscalateTellsPositionOnce(t *testing.T) {
	h := newHarness(t)
	first := h.escalate(web("first"))
	second := h.escalate(web("second"))
	n := h.notices(second)
	if len(n) != 1 || n[0].Meta == nil || n[0].Meta.Status != "waiting" || n[0].Meta.Position != 2 || n[0].Meta.Ticket == "" {
		t.Fatalf("second citizen's notices = %+v; want one waiting notice with position 2 and the ticket id", n)
	}
	if !strings.Contains(n[0].Text, "position 2") {
		t.Fatalf("notice %q does not say the position", n[0].Text)
	}
	h.escalate(first) // the bot escalating again must not open a second ticket
	if got := len(h.notices(first)); got != 1 {
		t.Fatalf("after a second escalation the citizen got %d notices, want 1", got)
	}
	if _, total, _ := h.tickets.List(bg, handoff.Waiting, 10); total != 2 {
		t.Fatalf("%d waiting tickets, want 2", total)
	}
}

func TestEscalateRejectsBadInput(t *testing.T) {
	h := newHarness(t)
	for _, e := range []guichet.Escalation{
		{Conversation: "nowhere", Reason: "explicit_request"},
		{Conversation: web("a"), Reason: "boredom"},
	} {
		if _, err := h.svc.Escalate(bg, e); !guichet.Is(err, guichet.Invalid) {
			t.Errorf("Escalate(%+v) = %v, want Invalid", e, err)
		}
	}
}

func TestEstimatedWaitFromPickups(t *testing.T) {
	h := newHarness(t)
	for i := range 3 { // three tickets picked up after about 10 minutes each
		conv := h.escalate(web("old" + string(rune('a'+i))))
		h.clock.Add(10 * time.Minute)
		h.claim(h.open(conv).ID, "alice")
	}
	conv := h.escalate(web("new"))
	n := h.notices(conv)
	if len(n) != 1 || !strings.Contains(n[0].Text, "attente estimée : environ 10 minutes") {
		t.Fatalf("notice %q; want an estimated wait of about 10 minutes", n[0].Text)
	}
}

func TestTakeKeepsTheBotQuietAndAcknowledges(t *testing.T) {
	h := newHarness(t)
	conv := web("citizen")
	if h.say(conv, "bonjour") {
		t.Fatal("Take answered true without a ticket: the bot would stay silent")
	}
	h.escalate(conv)
	for range 3 {
		if !h.say(conv, "vous êtes là ?") {
			t.Fatal("Take answered false while waiting: the bot would answer over the agent")
		}
	}
	acks := func() int {
		n := 0
		for _, ev := range h.notices(conv) {
			if strings.Contains(ev.Text, "bien été transmis") {
				n++
			}
		}
		return n
	}
	if acks() != 1 {
		t.Fatalf("%d acknowledgements for three quick messages, want 1", acks())
	}
	h.clock.Add(4 * time.Minute)
	h.say(conv, "toujours là")
	if acks() != 2 {
		t.Fatalf("%d acknowledgements after a pause, want 2", acks())
	}
	if tk := h.open(conv); !tk.Activity.Equal(h.clock.Now()) {
		t.Fatalf("ticket activity %s, want the last message's time %s", tk.Activity, h.clock.Now())
	}
}

func TestResolveHandsBackToTheBot(t *testing.T) {
	h := newHarness(t)
	conv := h.escalate(web("citizen"))
	id := h.open(conv).ID
	h.claim(id, "alice")
	if !h.say(conv, "merci") {
		t.Fatal("Take answered false while an agent holds the ticket")
	}
	if _, err := h.act(id, "alice", handoff.ActResolve, "Réponse apportée"); err != nil {
		t.Fatalf("resolve: %v", err)
	}
	n := h.notices(conv)
	closing := n[len(n)-2] // then the rating question (facts_test.go)
	if closing.Text != "Le conseiller a clôturé la conversation. L'assistant reste disponible pour vos questions." || closing.Meta.Status != "resolved" {
		t.Fatalf("notice %q (%+v), want the closing notice", closing.Text, closing.Meta)
	}
	if h.say(conv, "une autre question") {
		t.Fatal("Take answered true after resolve: the bot would stay silent")
	}
}

func TestOutsideOpeningHours(t *testing.T) {
	h := newHarness(t)
	h.clock.Add(5*24*time.Hour + 11*time.Hour) // Saturday 13 June, 21:00 in Paris: closed
	conv := h.escalate(web("night"))
	n := h.notices(conv)
	text := n[0].Text
	for _, want := range []string{"lundi 15 juin à 8 h", "34 00", "09 70 83 07 07", h.cfg.ContactFormURL, "conservée"} {
		if !strings.Contains(text, want) {
			t.Errorf("closed-hours notice %q lacks %q", text, want)
		}
	}
	h.clock.Add(35 * time.Hour) // Monday 08:00: 24 h passed, but no opening hour
	h.svc.Sweep(bg)
	if tk := h.open(conv); tk.Status != handoff.Waiting {
		t.Fatalf("ticket is %s on Monday morning, want still waiting for an agent", tk.Status)
	}
}

func TestAbandonAfterOpeningHours(t *testing.T) {
	h := newHarness(t, func(o *handoff.Options) { o.Config.AbandonAfter = 2 * time.Hour })
	conv := h.escalate(web("gone"))
	h.clock.Add(119 * time.Minute)
	h.svc.Sweep(bg)
	h.open(conv)
	h.clock.Add(2 * time.Minute)
	h.svc.Sweep(bg)
	h.svc.Sweep(bg) // a second instance's sweep must not tell the citizen twice
	if _, ok, _ := h.tickets.OpenFor(bg, conv); ok {
		t.Fatal("ticket still open after two hours of silence")
	}
	closing := 0
	for _, ev := range h.notices(conv) {
		if ev.Meta.Status == "abandoned" {
			closing++
		}
	}
	if closing != 1 {
		t.Fatalf("%d abandonment notices, want 1", closing)
	}
	if h.say(conv, "re") {
		t.Fatal("Take answered true after abandonment")
	}
}

func TestOfflineAgentLosesTickets(t *testing.T) {
	h := newHarness(t)
	conv := h.escalate(web("c"))
	id := h.open(conv).ID
	h.claim(id, "alice")
	h.clock.Add(h.cfg.AgentOffline - time.Second)
	h.svc.Sweep(bg)
	if tk := h.open(conv); tk.Status != handoff.Assigned {
		t.Fatalf("ticket %s before agent_offline, want assigned", tk.Status)
	}
	h.clock.Add(2 * time.Second)
	h.svc.Sweep(bg)
	tk := h.open(conv)
	if tk.Status != handoff.Waiting || tk.Agent != "" {
		t.Fatalf("ticket %s (agent %q) after agent_offline, want waiting with no agent", tk.Status, tk.Agent)
	}
	n := h.notices(conv)
	if last := n[len(n)-1]; last.Meta.Status != "waiting" || last.Meta.Position != 1 || !strings.Contains(last.Text, "s'interrompre") {
		t.Fatalf("last notice %q %+v; want the citizen told they are back in line at position 1", last.Text, last.Meta)
	}
}

func TestPositionUpdatesAtMostOncePerMinute(t *testing.T) {
	h := newHarness(t)
	a := h.escalate(web("a"))
	b := h.escalate(web("b"))
	c := h.escalate(web("c"))
	h.claim(h.open(a).ID, "alice")
	h.svc.Sweep(bg) // less than a minute after the first notice: nothing yet
	if got := len(h.notices(b)); got != 1 {
		t.Fatalf("citizen b got %d notices within the first minute, want 1", got)
	}
	h.clock.Add(time.Minute)
	h.svc.Sweep(bg)
	h.svc.Sweep(bg)
	for conv, want := range map[guichet.ConversationID]int{b: 1, c: 2} {
		n := h.notices(conv)
		if len(n) != 2 || n[1].Meta.Position != want {
			t.Fatalf("%s notices %+v; want a second one with position %d", conv, n, want)
		}
	}
}

func TestPriorityFirst(t *testing.T) {
	h := newHarness(t)
	h.escalate(web("a"))
	inc := h.escalate(web("incident"), func(e *guichet.Escalation) { e.Priority, e.Reason = true, "incident" })
	if n := h.notices(inc); n[0].Meta.Position != 1 {
		t.Fatalf("incident report position %d, want 1", n[0].Meta.Position)
	}
	tk, err := h.svc.ClaimNext(bg, actor("bob"))
	if err != nil || tk.Conversation != inc {
		t.Fatalf("ClaimNext = %+v, %v; want the incident report", tk, err)
	}
}

func TestEscalateNamesTheTicket(t *testing.T) {
	h := newHarness(t)
	conv := web("citizen")
	first, err := h.svc.Escalate(bg, guichet.Escalation{Conversation: conv, Reason: "incident", Priority: true})
	if err != nil || !first.Created || first.Ticket != h.open(conv).ID {
		t.Fatalf("Escalate = %+v, %v; want the new ticket %s", first, err, h.open(conv).ID)
	}
	again, err := h.svc.Escalate(bg, guichet.Escalation{Conversation: conv, Reason: "explicit_request"})
	if err != nil || again.Created || again.Ticket != first.Ticket {
		t.Fatalf("second Escalate = %+v, %v; want the open ticket %s, not created", again, err, first.Ticket)
	}
}

// A sweep that runs while a ticket is being opened does not tell the
// citizen their position a second time: Escalate is telling it.
func TestSweepLeavesANewTicketToEscalate(t *testing.T) {
	h := newHarness(t)
	conv := web("new")
	stored, _, err := h.tickets.Create(bg, handoff.Ticket{ID: "t-new", Conversation: conv, Status: handoff.Waiting,
		Reason: guichet.ReasonExplicitRequest, Created: h.clock.Now(), Activity: h.clock.Now()})
	if err != nil || !stored.NotifiedAt.IsZero() {
		t.Fatalf("Create = %+v, %v", stored, err)
	}
	h.svc.Sweep(bg) // as if Run's sweep came between Create and the announcement
	if n := h.notices(conv); len(n) != 0 {
		t.Fatalf("the sweep told %d notices about a ticket being opened, want none", len(n))
	}
	h.clock.Add(time.Minute)
	h.svc.Sweep(bg)
	if n := h.notices(conv); len(n) != 1 || n[0].Meta.Position != 1 {
		t.Fatalf("a minute later: notices %+v, want the position told once", n)
	}
}
