package main

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/channels/messenger"
	"github.com/guichet/guichet/channels/messenger/fakegraph"
	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/dispatch"
	"github.com/guichet/guichet/store"
)

var msgrEnv = map[string]string{
	"GUICHET_MESSENGER_PAGE_ID":      "1234567890",
	"GUICHET_MESSENGER_APP_SECRET":   "cmd-test-secret",
	"GUICHET_MESSENGER_PAGE_TOKEN":   "cmd-test-token",
	"GUICHET_MESSENGER_VERIFY_TOKEN": "cmd-test-verify",
}

func msgrEnvWith(k, v string) map[string]string {
	m := map[string]string{k: v}
	for k, v := range msgrEnv {
		m[k] = v
	}
	return m
}

func TestMessengerSetupPushesOnce(t *testing.T) {
	g := fakegraph.Start(fakegraph.Config{Version: "v21.0", PageID: "1234567890", PageToken: "cmd-test-token", AppSecret: "cmd-test-secret"})
	defer g.Close()
	env := msgrEnvWith("GUICHET_MESSENGER_GRAPH_URL", g.URL())
	code, out, errs := runCmd(t, env, "messenger", "setup", "--config", "")
	if code != 0 || !strings.Contains(out, "updated: get_started, greeting, persistent_menu, ice_breakers") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	code, out, _ = runCmd(t, env, "messenger", "setup", "--config", "")
	if code != 0 || !strings.Contains(out, "already up to date") || g.ProfilePosts() != 1 {
		t.Fatalf("second setup: exit %d, %s, %d posts", code, out, g.ProfilePosts())
	}
}

func TestMessengerToolsNameMissingSecrets(t *testing.T) {
	code, _, errs := runCmd(t, nil, "messenger", "simulate", "bonjour", "--config", "")
	if code != 1 || !strings.Contains(errs, "GUICHET_MESSENGER_APP_SECRET: required") || !strings.Contains(errs, "messenger.page_id") {
		t.Fatalf("exit %d, stderr %s", code, errs)
	}
}

// replier answers every message through the dispatcher, like the bot.
type replier struct{ disp *dispatch.Dispatcher }

func (r replier) Handle(ctx context.Context, m guichet.Message) error {
	if _, _, err := r.disp.Record(ctx, m.Conversation, guichet.Event{ID: m.ID, Role: guichet.RoleUser, Text: m.Text}); err != nil {
		return err
	}
	_, err := r.disp.Send(ctx, m.Conversation, guichet.Reply{Role: guichet.RoleBot, Text: "Reçu : " + m.Text,
		QuickReplies: []guichet.QuickReply{{Title: "Parler à un conseiller", Payload: guichet.PayloadHandoff}}})
	return err
}

func TestMessengerSimulateWithFakeGraph(t *testing.T) {
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	graphAddr := l.Addr().String()
	l.Close()
	cfg := config.Default().Messenger
	cfg.GraphURL, cfg.PageID = "http://"+graphAddr, "1234567890"
	cfg.AppSecret, cfg.PageToken, cfg.VerifyToken = "cmd-test-secret", "cmd-test-token", "cmd-test-verify"
	st := store.NewMemory(store.Options{})
	disp := dispatch.New(st, slog.New(slog.DiscardHandler))
	ch, err := messenger.New(messenger.Options{Config: cfg, Handler: replier{disp}, Store: st})
	if err != nil {
		t.Fatal(err)
	}
	disp.Register(guichet.ChannelMessenger, ch.Transport())
	mux := http.NewServeMux()
	ch.Mount(mux)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { ch.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()

	code, out, errs := runCmd(t, msgrEnv, "messenger", "simulate", "J'ai perdu mon permis", "--config", "",
		"--addr", srv.URL, "--fake-graph", "--graph-addr", graphAddr)
	if code != 0 || !strings.Contains(out, "→ [RESPONSE]\nReçu : J'ai perdu mon permis") || !strings.Contains(out, "[Parler à un…] → HANDOFF") {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, out, errs)
	}
}

func TestLoadtestMessengerInProcess(t *testing.T) {
	code, out, errs := runCmd(t, nil, "loadtest", "messenger", "--inproc", "--config", "", "--rate", "200", "--duration", "300ms")
	if code != 0 || !strings.Contains(out, "failed 0") || !strings.Contains(out, "ack latency p50") || !strings.Contains(out, "handled") {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, out, errs)
	}
	if code, _, errs := runCmd(t, nil, "loadtest"); code != 2 || !strings.Contains(errs, "messenger") {
		t.Fatalf("loadtest without a name: exit %d, %s", code, errs)
	}
}
