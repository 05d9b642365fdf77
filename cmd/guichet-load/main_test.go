package main

import (
	"bytes"
	"context"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/channels/messenger"
	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/dispatch"
	"github.com/guichet/guichet/internal/testenv"
	"github.com/guichet/guichet/store"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// runCmd runs the real program in-process with the given environment.
func runCmd(t *testing.T, envVars map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	getenv := func(k string) string { return envVars[k] }
	code = run(args, strings.NewReader(""), &out, &errb, getenv)
	return code, out.String(), errb.String()
}

var msgrEnv = map[string]string{
	"GUICHET_MESSENGER_PAGE_ID":      "1234567890",
	"GUICHET_MESSENGER_APP_SECRET":   "cmd-test-secret",
	"GUICHET_MESSENGER_PAGE_TOKEN":   "cmd-test-token",
	"GUICHET_MESSENGER_VERIFY_TOKEN": "cmd-test-verify",
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

func TestMessengerSimulateNamesMissingSecrets(t *testing.T) {
	code, _, errs := runCmd(t, nil, "messenger", "simulate", "bonjour", "--config", "")
	if code != 1 || !strings.Contains(errs, "GUICHET_MESSENGER_APP_SECRET: required") || !strings.Contains(errs, "messenger.page_id") {
		t.Fatalf("exit %d, stderr %s", code, errs)
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

func TestLoadtestWidgetInProcess(t *testing.T) {
	code, out, errs := runCmd(t, nil, "loadtest", "widget", "--inproc", "--config", "", "--conns", "5", "--senders", "2",
		"--rate", "20", "--duration", "300ms")
	if code != 0 || !strings.Contains(out, "real bot and knowledge base") {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, out, errs)
	}
}

func TestReadQuestions(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.jsonl")
	if err := os.WriteFile(good, []byte(`{"text": "perdu permis", "expect": "permis.perte"}`+"\n\n"+`{"text": "cg"}`+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	qs, err := readQuestions(good)
	if err != nil || len(qs) != 2 || qs[0] != "perdu permis" || qs[1] != "cg" {
		t.Fatalf("readQuestions = %q, %v", qs, err)
	}
	bad := filepath.Join(dir, "bad.jsonl")
	if err := os.WriteFile(bad, []byte(`{"expect": "x"}`+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := readQuestions(bad); err == nil || !strings.Contains(err.Error(), "bad.jsonl:1") {
		t.Fatalf("readQuestions on a line without text: %v, want an error naming the line", err)
	}
}

func TestUsage(t *testing.T) {
	code, out, _ := runCmd(t, nil, "help")
	for _, want := range []string{"loadtest", "soak", "messenger", "serve"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("help: exit %d, lacks %q:\n%s", code, want, out)
		}
	}
	if code, _, errs := runCmd(t, nil, "bogus"); code != 2 || !strings.Contains(errs, `unknown command "bogus"`) {
		t.Errorf("unknown command: exit %d, %s", code, errs)
	}
}
