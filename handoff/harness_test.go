package handoff_test

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/dispatch"
	"github.com/guichet/guichet/handoff"
	"github.com/guichet/guichet/handoff/ticketstest"
	"github.com/guichet/guichet/store"
)

// fakeTransport stands for the Messenger channel: it may refuse replies
// (window closed).
type fakeTransport struct {
	mu        sync.Mutex
	refuse    error
	delivered []guichet.Event
	left      time.Duration
}

func (f *fakeTransport) Admit(context.Context, guichet.ConversationID, guichet.Reply) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.refuse
}

func (f *fakeTransport) Deliver(_ context.Context, _ guichet.ConversationID, ev guichet.Event) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.delivered = append(f.delivered, ev)
	return nil
}

type harness struct {
	t       testing.TB
	clock   *ticketstest.Clock
	store   *store.Memory
	tickets handoff.TicketStore
	svc     *handoff.Service
	msgr    *fakeTransport
	disp    *dispatch.Dispatcher
	cfg     config.Handoff
}

// paris is the opening hours' zone; the clock starts on Monday 8 June
// 2026 at 10:00 there, when agents are at work.
var paris, _ = time.LoadLocation("Europe/Paris")

func newHarness(t testing.TB, edit ...func(*handoff.Options)) *harness {
	t.Helper()
	cfg := config.Default().Handoff
	h := &harness{t: t, clock: ticketstest.NewClock(time.Date(2026, 6, 8, 10, 0, 0, 0, paris)),
		msgr: &fakeTransport{}, cfg: cfg}
	h.store = store.NewMemory(store.Options{Now: h.clock.Now})
	h.tickets = handoff.NewMemoryTickets(handoff.StoreOptions{Now: h.clock.Now})
	disp := dispatch.New(h.store, slog.New(slog.DiscardHandler))
	disp.Register(guichet.ChannelMessenger, h.msgr)
	h.disp = disp
	opts := handoff.Options{Config: cfg, Tickets: h.tickets, Store: h.store, Sender: disp,
		Metrics: prometheus.NewRegistry(), Now: h.clock.Now, Tick: time.Hour}
	for _, e := range edit {
		e(&opts)
	}
	h.tickets = opts.Tickets
	svc, err := handoff.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	h.svc = svc
	return h
}

var bg = context.Background()

// escalate opens a ticket for web:<subject> (or the given conversation).
func (h *harness) escalate(conv guichet.ConversationID, edit ...func(*guichet.Escalation)) guichet.ConversationID {
	h.t.Helper()
	e := guichet.Escalation{Conversation: conv, Reason: "explicit_request", Summary: "question de " + conv.Subject(),
		Candidates: []guichet.Candidate{{Entry: "permis.delai", Confidence: 0.42}, {Entry: "immat.changement", Confidence: 0.2}},
		LastEntry:  "permis.delai", Choices: []string{"Permis de conduire", "Délais"}}
	for _, f := range edit {
		f(&e)
	}
	h.clock.Add(time.Second) // queue order is by time: keep it unambiguous
	if _, err := h.svc.Escalate(bg, e); err != nil {
		h.t.Fatalf("Escalate(%s): %v", conv, err)
	}
	return conv
}

func web(subject string) guichet.ConversationID {
	return guichet.NewConversationID(guichet.ChannelWeb, subject)
}

// say records a citizen message and asks the hand-off whether it takes it.
func (h *harness) say(conv guichet.ConversationID, text string) bool {
	h.t.Helper()
	ev, _, err := h.disp.Record(bg, conv, guichet.Event{ID: dispatch.NewID(), Role: guichet.RoleUser, Text: text, Time: h.clock.Now()})
	if err != nil {
		h.t.Fatal(err)
	}
	took, err := h.svc.Take(bg, conv, ev)
	if err != nil {
		h.t.Fatalf("Take: %v", err)
	}
	return took
}

func (h *harness) events(conv guichet.ConversationID) []guichet.Event {
	h.t.Helper()
	evs, err := h.store.Events(bg, conv, 0, 1000)
	if err != nil {
		h.t.Fatal(err)
	}
	return evs
}

// notices returns the system messages the citizen of conv received.
func (h *harness) notices(conv guichet.ConversationID) []guichet.Event {
	var out []guichet.Event
	for _, ev := range h.events(conv) {
		if ev.Role == guichet.RoleSystem {
			out = append(out, ev)
		}
	}
	return out
}

func (h *harness) open(conv guichet.ConversationID) handoff.Ticket {
	h.t.Helper()
	t, ok, err := h.tickets.OpenFor(bg, conv)
	if err != nil || !ok {
		h.t.Fatalf("no open ticket for %s (%v)", conv, err)
	}
	return t
}

// actor is the agent name as the console would pass it.
func actor(name string) handoff.Actor {
	return handoff.Actor{Name: name, Display: strings.ToUpper(name[:1]) + name[1:], Supervisor: name == "sue"}
}

// act applies action a to ticket id as agent name ("sue" is a supervisor).
func (h *harness) act(id, name string, a handoff.Action, reason string) (handoff.Ticket, error) {
	h.t.Helper()
	return h.svc.Change(bg, id, handoff.Change{Action: a, Actor: actor(name), Reason: reason})
}

// claim has agent name claim ticket id, failing the test if refused.
func (h *harness) claim(id, name string) handoff.Ticket {
	h.t.Helper()
	t, err := h.act(id, name, handoff.ActClaim, "")
	if err != nil {
		h.t.Fatalf("claim %s as %s: %v", id, name, err)
	}
	return t
}
