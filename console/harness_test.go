package console_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/console"
	"github.com/guichet/guichet/dispatch"
	"github.com/guichet/guichet/handoff"
	"github.com/guichet/guichet/handoff/ticketstest"
	"github.com/guichet/guichet/store"
)

const password = "correct horse battery"

// agentNames are the accounts of the shared fixture; "sue" is a supervisor.
var agentNames = []string{"alice", "bob", "sue", "dan", "eve", "fay", "gus", "hal"}

// fixture is one accounts file for the whole test binary: bcrypt is slow
// on purpose, so it is computed once.
var fixture struct {
	once   sync.Once
	data   []byte
	tokens map[string]string
	err    error
}

func accountsFixture(t testing.TB) ([]byte, map[string]string) {
	t.Helper()
	fixture.once.Do(func() {
		var acc console.Accounts
		fixture.tokens = map[string]string{}
		for _, name := range agentNames {
			role := console.RoleAgent
			if name == "sue" {
				role = console.RoleSupervisor
			}
			display := strings.ToUpper(name[:1]) + name[1:]
			if fixture.err = acc.Set(name, display, role, []byte(password)); fixture.err != nil {
				return
			}
			if fixture.tokens[name], fixture.err = acc.NewToken(name, time.Now()); fixture.err != nil {
				return
			}
		}
		dir, err := os.MkdirTemp("", "handoff-accounts")
		if err != nil {
			fixture.err = err
			return
		}
		defer os.RemoveAll(dir)
		path := filepath.Join(dir, "agents.yaml")
		if fixture.err = acc.Save(path); fixture.err == nil {
			fixture.data, fixture.err = os.ReadFile(path)
		}
	})
	if fixture.err != nil {
		t.Fatal(fixture.err)
	}
	return fixture.data, fixture.tokens
}

// fakeTransport stands for the Messenger channel: it may refuse replies
// (window closed) and reports a window.
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

func (f *fakeTransport) WindowLeft(_ context.Context, conv guichet.ConversationID) (time.Duration, bool, error) {
	if conv.Channel() != guichet.ChannelMessenger {
		return 0, false, nil
	}
	return f.left, true, nil
}

// fakeAnswers is a two-entry knowledge base.
type fakeAnswers map[string][2]string

func (f fakeAnswers) Answer(id string) (string, string, bool) {
	e, ok := f[id]
	return e[0], e[1], ok
}

var kbAnswers = fakeAnswers{
	"permis.delai":     {"Délai du permis", "Le délai moyen est de 16 jours."},
	"immat.changement": {"Changement de titulaire", "Faites la démarche sur ants.gouv.fr."},
}

type harness struct {
	t       testing.TB
	clock   *ticketstest.Clock
	store   *store.Memory
	tickets handoff.TicketStore
	svc     *handoff.Service
	console *console.Console
	srv     *httptest.Server
	tokens  map[string]string
	msgr    *fakeTransport
	disp    *dispatch.Dispatcher
	cfg     config.Handoff
}

// paris is the opening hours' zone; the clock starts on Monday 8 June
// 2026 at 10:00 there, when agents are at work.
var paris, _ = time.LoadLocation("Europe/Paris")

// withLog sends the console's log, as text, to w.
func withLog(w io.Writer) func(*parts) {
	return func(p *parts) { p.console.Log = slog.New(slog.NewTextHandler(w, nil)) }
}

// parts are the options of the two services under test.
type parts struct {
	handoff handoff.Options
	console console.Options
	clock   *ticketstest.Clock
}

func newHarness(t testing.TB, edit ...func(*parts)) *harness {
	t.Helper()
	data, tokens := accountsFixture(t)
	dir := t.TempDir()
	cfg := config.Default().Handoff
	cfg.AccountsFile = filepath.Join(dir, "agents.yaml")
	cfg.SessionKey = "test-session-key-0123456789abcdef"
	if err := os.WriteFile(cfg.AccountsFile, data, 0o600); err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, clock: ticketstest.NewClock(time.Date(2026, 6, 8, 10, 0, 0, 0, paris)), tokens: tokens,
		msgr: &fakeTransport{left: 20 * time.Hour}, cfg: cfg}
	h.store = store.NewMemory(store.Options{Now: h.clock.Now})
	h.tickets = handoff.NewMemoryTickets(handoff.StoreOptions{Now: h.clock.Now})
	disp := dispatch.New(h.store, slog.New(slog.DiscardHandler))
	disp.Register(guichet.ChannelMessenger, h.msgr)
	h.disp = disp
	reg := prometheus.NewRegistry()
	p := parts{
		handoff: handoff.Options{Config: cfg, Tickets: h.tickets, Store: h.store, Sender: disp,
			Metrics: reg, Now: h.clock.Now, Tick: time.Hour},
		console: console.Options{Config: cfg, Tickets: h.tickets, Store: h.store, Windows: h.msgr,
			Answers: kbAnswers, Metrics: reg, Now: h.clock.Now},
		clock: h.clock,
	}
	for _, e := range edit {
		e(&p)
	}
	h.tickets = p.handoff.Tickets
	svc, err := handoff.New(p.handoff)
	if err != nil {
		t.Fatal(err)
	}
	h.svc = svc
	p.console.Desk = svc
	c, err := console.New(p.console)
	if err != nil {
		t.Fatal(err)
	}
	h.console = c
	mux := http.NewServeMux()
	c.Mount(mux)
	h.srv = httptest.NewServer(mux)
	t.Cleanup(h.srv.Close)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	// The hand-off's timers are not run in the background: Run sweeps
	// once at once, and that first sweep could land anywhere in a test
	// that moves the clock (after "+10 minutes" and before the agent's
	// next call, it took her claimed ticket back as if she were offline).
	// Tests that need the timers call h.svc.Sweep after moving the clock.
	go c.Run(ctx) //nolint:errcheck // ends with the test
	<-c.Running()
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

// call sends an API request with agent's token ("" for none) and decodes
// the JSON answer.
func (h *harness) call(method, path, agent string, body any) (int, map[string]any) {
	h.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = strings.NewReader(string(b))
	}
	req, _ := http.NewRequest(method, h.srv.URL+path, rd)
	if agent != "" {
		req.Header.Set("Authorization", "Bearer "+h.tokens[agent])
	}
	return h.do(req)
}

func (h *harness) do(req *http.Request) (int, map[string]any) {
	h.t.Helper()
	res, err := h.srv.Client().Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(res.Body).Decode(&out)
	return res.StatusCode, out
}

// errCode is the "code" of an API error body.
func errCode(body map[string]any) string {
	e, _ := body["error"].(map[string]any)
	c, _ := e["code"].(string)
	return c
}
