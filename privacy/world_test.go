package privacy_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/bot"
	"github.com/guichet/guichet/channels/messenger"
	"github.com/guichet/guichet/channels/messenger/fakegraph"
	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/console"
	"github.com/guichet/guichet/dispatch"
	"github.com/guichet/guichet/handoff"
	"github.com/guichet/guichet/internal/testenv"
	"github.com/guichet/guichet/kb/match"
	"github.com/guichet/guichet/privacy"
	"github.com/guichet/guichet/quality"
	"github.com/guichet/guichet/store"
)

// world is one Guichet instance as serve wires it, in memory, logging
// JSON at debug level through privacy.NewHandler into logs.
type world struct {
	t       *testing.T
	logs    *testenv.Buffer
	log     *slog.Logger
	clock   *clock
	store   *store.Memory
	facts   *quality.Memory
	bot     *bot.Engine
	ho      *handoff.Service
	con     *console.Console
	hoCfg   config.Handoff
	tickets handoff.TicketStore
	graph   *fakegraph.Server
	srv     *httptest.Server
	token   string
	n       int
	handle  guichet.Handler
}

const (
	pageID    = "1234567890"
	appSecret = "flows-app-secret"
	pageToken = "flows-page-token"
)

func newWorld(t *testing.T) *world {
	w := &world{t: t, logs: &testenv.Buffer{}, clock: &clock{now: time.Date(2026, 6, 8, 10, 0, 0, 0, paris())}}
	w.log = slog.New(privacy.NewHandler(slog.NewJSONHandler(w.logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	w.store = store.NewMemory(store.Options{Now: w.clock.Now})
	t.Cleanup(func() { w.store.Close() })
	w.facts = quality.NewMemory(90*24*time.Hour, w.clock.Now)
	disp := dispatch.New(w.store, w.log)
	sender := tracingSender{disp, w.log}
	w.ho = w.newHandoff(sender)
	w.bot = bot.New(config.Default().Bot, bot.Deps{Matcher: realMatcher, States: w.store, Recorder: disp,
		Sender: sender, Humans: w.ho, Ratings: w.ho, Facts: w.facts, AskFeedback: true, Log: w.log, Now: w.clock.Now})
	w.handle = tracingHandler{w.bot, w.log}
	mux := http.NewServeMux()
	w.con = w.newConsole()
	w.con.Mount(mux)
	w.graph = fakegraph.Start(fakegraph.Config{Version: "v21.0", PageID: pageID, PageToken: pageToken, AppSecret: appSecret})
	t.Cleanup(w.graph.Close)
	ch := w.newMessenger()
	disp.Register(guichet.ChannelMessenger, ch.Transport())
	ch.Mount(mux)
	w.srv = httptest.NewServer(mux)
	t.Cleanup(w.srv.Close)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(3)
	go func() { defer wg.Done(); _ = w.ho.Run(ctx) }()
	go func() { defer wg.Done(); _ = w.con.Run(ctx) }()
	go func() { defer wg.Done(); _ = ch.Run(ctx) }()
	t.Cleanup(func() { cancel(); wg.Wait() })
	return w
}

func (w *world) newHandoff(sender guichet.Sender) *handoff.Service {
	cfg := config.Default().Handoff
	cfg.AccountsFile = filepath.Join(w.t.TempDir(), "agents.yaml")
	cfg.SessionKey = "flows-session-key-0123456789abcdef"
	var acc console.Accounts
	if err := acc.Set("alice", "Alice", console.RoleAgent, []byte("correct horse battery")); err != nil {
		w.t.Fatal(err)
	}
	var err error
	if w.token, err = acc.NewToken("alice", w.clock.Now()); err != nil {
		w.t.Fatal(err)
	}
	if err := acc.Save(cfg.AccountsFile); err != nil {
		w.t.Fatal(err)
	}
	w.hoCfg, w.tickets = cfg, handoff.NewMemoryTickets(handoff.StoreOptions{Now: w.clock.Now})
	ho, err := handoff.New(handoff.Options{Config: cfg, Tickets: w.tickets,
		Store: w.store, Sender: sender, Log: w.log, Metrics: prometheus.NewRegistry(), Now: w.clock.Now,
		Tick: time.Hour, Recorder: console.TicketFacts{Store: w.facts}})
	if err != nil {
		w.t.Fatal(err)
	}
	return ho
}

func (w *world) newConsole() *console.Console {
	c, err := console.New(console.Options{Config: w.hoCfg, Desk: w.ho, Tickets: w.tickets, Store: w.store,
		Log: w.log, Metrics: prometheus.NewRegistry(), Now: w.clock.Now, Quality: w.facts})
	if err != nil {
		w.t.Fatal(err)
	}
	return c
}

func (w *world) newMessenger() *messenger.Channel {
	cfg := config.Default().Messenger
	cfg.Enabled, cfg.GraphURL, cfg.PageID, cfg.AppID = true, w.graph.URL(), pageID, "999000111"
	cfg.AppSecret, cfg.PageToken, cfg.VerifyToken = appSecret, pageToken, "flows-verify"
	ch, err := messenger.New(messenger.Options{Config: cfg, Handler: w.handle, Store: w.store, Log: w.log,
		Metrics: prometheus.NewRegistry(), Now: w.clock.Now, Muter: w.bot, RetryBase: time.Millisecond})
	if err != nil {
		w.t.Fatal(err)
	}
	return ch
}

// say hands a citizen's message to the bot, as the widget does, and
// returns what the conversation received in answer.
func (w *world) say(conv guichet.ConversationID, text, payload string) []guichet.Event {
	w.t.Helper()
	before := len(w.events(conv))
	w.n++
	w.clock.Add(time.Second)
	m := guichet.Message{ID: fmt.Sprintf("msg-%d", w.n), Conversation: conv, Text: text, Payload: payload, Time: w.clock.Now()}
	if err := w.handle.Handle(context.Background(), m); err != nil {
		w.t.Fatalf("Handle(%q): %v", text, err)
	}
	var out []guichet.Event
	for _, ev := range w.events(conv)[before:] {
		if ev.Role != guichet.RoleUser {
			out = append(out, ev)
		}
	}
	return out
}

func (w *world) events(conv guichet.ConversationID) []guichet.Event {
	w.t.Helper()
	evs, err := w.store.Events(context.Background(), conv, 0, 10000)
	if err != nil {
		w.t.Fatal(err)
	}
	return evs
}

// post sends a Messenger webhook event from psid, signed as Meta signs.
func (w *world) post(psid, text, payload string) {
	w.t.Helper()
	w.n++
	w.clock.Add(time.Second)
	msg := map[string]any{"mid": fmt.Sprintf("m_flows_%d", w.n), "text": text}
	if payload != "" {
		msg["quick_reply"] = map[string]string{"payload": payload}
	}
	ms := w.clock.Now().UnixMilli()
	body, _ := json.Marshal(map[string]any{"object": "page", "entry": []any{map[string]any{"id": pageID, "time": ms,
		"messaging": []any{map[string]any{"sender": map[string]string{"id": psid}, "recipient": map[string]string{"id": pageID},
			"timestamp": ms, "message": msg}}}}})
	req, _ := http.NewRequest(http.MethodPost, w.srv.URL+"/webhooks/messenger", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(messenger.HeaderSignature256, messenger.Sign(appSecret, body))
	if code := w.do(req, nil); code != http.StatusOK {
		w.t.Fatalf("webhook answered %d", code)
	}
}

// agent calls the console API as alice and decodes the answer into out.
func (w *world) agent(method, path string, body, out any) {
	w.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, w.srv.URL+path, rd)
	req.Header.Set("Authorization", "Bearer "+w.token)
	if code := w.do(req, out); code != http.StatusOK && code != http.StatusCreated {
		w.t.Fatalf("%s %s answered %d", method, path, code)
	}
}

func (w *world) do(req *http.Request, out any) int {
	w.t.Helper()
	resp, err := w.srv.Client().Do(req)
	if err != nil {
		w.t.Fatal(err)
	}
	defer resp.Body.Close()
	if out != nil {
		_ = json.NewDecoder(resp.Body).Decode(out)
	}
	return resp.StatusCode
}

// waitFor polls cond; the deadline only keeps a broken test from hanging.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
	}
}

// tracingHandler logs every citizen message at debug level before the
// bot handles it, as a developer chasing a bug would: the masking
// handler must hide the identifiers even then.
type tracingHandler struct {
	next guichet.Handler
	log  *slog.Logger
}

func (h tracingHandler) Handle(ctx context.Context, m guichet.Message) error {
	h.log.Debug("trace: citizen message", "conv", m.Conversation, "text", m.Text, "payload", m.Payload,
		slog.Group("message", "id", m.ID, "text", m.Text))
	return h.next.Handle(ctx, m)
}

// tracingSender logs every reply (bot, agent, system) at debug level.
type tracingSender struct {
	next guichet.Sender
	log  *slog.Logger
}

func (s tracingSender) Send(ctx context.Context, conv guichet.ConversationID, r guichet.Reply) (guichet.Event, error) {
	ev, err := s.next.Send(ctx, conv, r)
	s.log.With("conv", conv).Debug("trace: reply", "role", r.Role, "text", r.Text, "reply", r, "err", err)
	return ev, err
}

var realMatcher = sync.OnceValue(func() *match.Matcher {
	m, err := match.NewEmbedded()
	if err != nil {
		panic(err)
	}
	return m
})

type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func paris() *time.Location {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		panic(err)
	}
	return loc
}
