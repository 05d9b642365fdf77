package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/channels/web"
	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/dispatch"
	"github.com/guichet/guichet/internal/testenv"
	"github.com/guichet/guichet/store"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// echoBot stands in for the bot: it records the citizen's message through
// a real dispatcher (so the transcript, its idempotency and the bus are the
// real ones) and answers "Réponse: <text>" with two quick replies. A
// message recorded before (same id) is a duplicate and gets no answer.
type echoBot struct {
	d *dispatch.Dispatcher

	mu   sync.Mutex
	gate chan struct{} // when set, Handle waits on it after recording
	// handed holds the conversations handed to a person (handOffText
	// said): the stand-in stays quiet in them afterwards, as the bot.
	handed map[guichet.ConversationID]bool
}

func (b *echoBot) Handle(ctx context.Context, m guichet.Message) error {
	_, created, err := b.d.Record(ctx, m.Conversation, guichet.Event{ID: m.ID, Role: guichet.RoleUser, Text: m.Text, Time: m.Time})
	if err != nil || !created {
		return err
	}
	b.mu.Lock()
	gate := b.gate
	b.mu.Unlock()
	if gate != nil {
		<-gate
	}
	text := m.Text
	if text == "" {
		text = m.Payload
	}
	b.mu.Lock()
	quiet, handOff := b.handed[m.Conversation], text == handOffText
	if handOff {
		if b.handed == nil {
			b.handed = map[guichet.ConversationID]bool{}
		}
		b.handed[m.Conversation] = true
	}
	b.mu.Unlock()
	switch {
	case quiet:
		return nil // a person owns it
	case handOff:
		_, err = b.d.Send(ctx, m.Conversation, guichet.Reply{Role: guichet.RoleBot, Text: "Un conseiller va vous répondre.",
			Meta: &guichet.Meta{Decision: "handoff"}})
		return err
	}
	_, err = b.d.Send(ctx, m.Conversation, guichet.Reply{Role: guichet.RoleBot, Text: "Réponse: " + text,
		QuickReplies: []guichet.QuickReply{{Title: "Déclarer une perte", Payload: "ENTRY:perte"}, {Title: "Parler à un conseiller", Payload: guichet.PayloadHandoff}},
		Meta: &guichet.Meta{Decision: "answer", Entry: "permis-perte", Confidence: 0.91,
			Candidates: []guichet.Candidate{{Entry: "permis-perte", Confidence: 0.91}}}})
	return err
}

// handOffText is what the stand-in hands to a person (only this exact
// text: the browser tests click "Parler à un conseiller" and expect it
// echoed).
const handOffText = "je veux parler à un conseiller"

func (b *echoBot) setGate(g chan struct{}) {
	b.mu.Lock()
	b.gate = g
	b.mu.Unlock()
}

// server is one instance: store, dispatcher, bot stand-in and widget
// channel on a real HTTP server.
type server struct {
	store store.Store
	disp  *dispatch.Dispatcher
	bot   *echoBot
	ch    *web.Channel
	srv   *httptest.Server
	url   string // ws://…/ws
	reg   *prometheus.Registry
}

// counter sums the samples of a counter whose labels include want.
func (s *server) counter(name string, want map[string]string) float64 {
	mfs, _ := s.reg.Gather()
	n := 0.0
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
	samples:
		for _, m := range mf.GetMetric() {
			for _, l := range m.GetLabel() {
				if v, ok := want[l.GetName()]; ok && v != l.GetValue() {
					continue samples
				}
			}
			n += m.GetCounter().GetValue()
		}
	}
	return n
}

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func testConfig() config.Widget {
	c := config.Default().Widget
	c.MessagesPerMinute = 600
	return c
}

// newServer starts an instance over st (a new memory store when nil) and
// stops it when the test ends.
func newServer(t *testing.T, st store.Store, cfg config.Widget) *server {
	t.Helper()
	return newServerWith(t, st, cfg, nil)
}

// newServerWith is newServer with the channel's options edited.
func newServerWith(t *testing.T, st store.Store, cfg config.Widget, edit func(*web.Options)) *server {
	t.Helper()
	if st == nil {
		st = store.NewMemory(store.Options{})
		t.Cleanup(func() { st.Close() })
	}
	s := &server{store: st, disp: dispatch.New(st, quietLog()), reg: prometheus.NewRegistry()}
	s.bot = &echoBot{d: s.disp}
	opts := web.Options{Config: cfg, Handler: s.bot, Store: st, Log: quietLog(), Metrics: s.reg}
	if edit != nil {
		edit(&opts)
	}
	ch, err := web.New(opts)
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	s.ch = ch
	mux := http.NewServeMux()
	ch.Mount(mux)
	s.srv = httptest.NewServer(mux)
	s.url = "ws" + strings.TrimPrefix(s.srv.URL, "http") + "/ws"
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan struct{})
	go func() { ch.Run(ctx); close(ran) }() //nolint:errcheck // returns nil
	t.Cleanup(func() {
		sctx, scancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer scancel()
		if err := ch.Shutdown(sctx); err != nil {
			t.Errorf("shutdown: %v", err)
		}
		cancel()
		<-ran
		s.srv.Close()
	})
	return s
}

// noLeaks fails the test if goroutines started during it are still running
// a few seconds after it ended. Register it first so that it runs last.
func noLeaks(t *testing.T) {
	t.Helper()
	before := runtime.NumGoroutine()
	t.Cleanup(func() {
		deadline := time.Now().Add(5 * time.Second)
		for {
			n := runtime.NumGoroutine()
			if n <= before {
				return
			}
			if time.Now().After(deadline) {
				buf := make([]byte, 1<<20)
				buf = buf[:runtime.Stack(buf, true)]
				t.Errorf("%d goroutines before the test, %d after:\n%s", before, n, buf)
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	})
}

// agentSays sends an agent's reply the way the hand-off will.
func (s *server) agentSays(t *testing.T, subject, text string) guichet.Event {
	t.Helper()
	ev, err := s.disp.Send(context.Background(), guichet.NewConversationID(guichet.ChannelWeb, subject),
		guichet.Reply{Role: guichet.RoleAgent, Author: "Camille", Text: text})
	if err != nil {
		t.Fatalf("agent send: %v", err)
	}
	return ev
}

// transcript returns what the store holds for a conversation.
func (s *server) transcript(t *testing.T, subject string) []guichet.Event {
	t.Helper()
	evs, err := s.store.Events(context.Background(), guichet.NewConversationID(guichet.ChannelWeb, subject), 0, 1000)
	if err != nil {
		t.Fatalf("events: %v", err)
	}
	return evs
}

// waitTranscript waits until the store holds n events for subject.
func (s *server) waitTranscript(t *testing.T, subject string, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for len(s.transcript(t, subject)) < n {
		if time.Now().After(deadline) {
			t.Fatalf("transcript still has %d events, want %d", len(s.transcript(t, subject)), n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
