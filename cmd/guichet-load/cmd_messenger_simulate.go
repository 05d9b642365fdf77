package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/guichet/guichet/channels/messenger"
	"github.com/guichet/guichet/channels/messenger/fakegraph"
	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/internal/cli"
)

type msgrSimFlags struct {
	addr, psid, payload, graphAddr string
	fakeGraph                      bool
	wait                           time.Duration
}

// synopsisMessengerSimulate is also the README's recipe.
const synopsisMessengerSimulate = `guichet-load messenger simulate "TEXT" | --payload PAYLOAD [flags]

Send one webhook event, signed as Meta signs it, to a running server, as if
the person --psid wrote TEXT (or tapped a button with PAYLOAD) on the page;
with --fake-graph, print what the server answers through the Send API.
Both sides read the messenger section and its secrets from the environment;
made-up values work locally, as long as the server has the same ones:

  export GUICHET_MESSENGER_PAGE_ID=1234567890 GUICHET_MESSENGER_APP_SECRET=local-secret \
         GUICHET_MESSENGER_PAGE_TOKEN=local-token GUICHET_MESSENGER_VERIFY_TOKEN=local-verify
  GUICHET_MESSENGER_ENABLED=true GUICHET_MESSENGER_GRAPH_URL=http://127.0.0.1:8090 guichet serve &
  guichet-load messenger simulate "j'ai perdu mon permis" --fake-graph

Exit 0 when the event was acknowledged (and, with --fake-graph, a reply
arrived within --wait), 1 otherwise.`

func cmdMessengerSimulate(e *cli.Env) int {
	fs, cfgPath := e.FlagSet("messenger simulate")
	var f msgrSimFlags
	fs.StringVar(&f.addr, "addr", "http://127.0.0.1:8080", "base URL of the running server")
	fs.StringVar(&f.psid, "psid", "1000000000000001", "the simulated person's PSID (digits)")
	fs.StringVar(&f.payload, "payload", "", "send a postback with this payload (GET_STARTED, HANDOFF...) instead of text")
	fs.BoolVar(&f.fakeGraph, "fake-graph", false, "run a fake Graph API and print what the server sends back")
	fs.StringVar(&f.graphAddr, "graph-addr", "127.0.0.1:8090", "where --fake-graph listens (start the server with GUICHET_MESSENGER_GRAPH_URL=http://<this>)")
	fs.DurationVar(&f.wait, "wait", 15*time.Second, "how long --fake-graph waits for replies")
	if code, ok := e.Parse(fs, msgrReorderFlags(e.Args), synopsisMessengerSimulate); !ok {
		return code
	}
	text := strings.Join(fs.Args(), " ")
	if (text == "") == (f.payload == "") {
		return e.UsageError(fs, synopsisMessengerSimulate, "give either a text or --payload PAYLOAD")
	}
	cfg, ok := messengerConfig(*cfgPath, e)
	if !ok {
		return 1
	}
	ctx, cancel := e.UntilInterrupted()
	defer cancel()
	return msgrSimulate(ctx, cfg.Messenger, f, text, e)
}

// msgrReorderFlags lets the text come before the flags, as in the usage line.
func msgrReorderFlags(args []string) []string {
	var flags, rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			rest = append(rest, args[i+1:]...)
			i = len(args)
		case strings.HasPrefix(a, "-"):
			flags = append(flags, a)
			if !strings.Contains(a, "=") && i+1 < len(args) && msgrTakesValue(a) {
				flags = append(flags, args[i+1])
				i++
			}
		default:
			rest = append(rest, a)
		}
	}
	return append(append(flags, "--"), rest...)
}

func msgrTakesValue(flagArg string) bool {
	name := strings.TrimLeft(flagArg, "-")
	return name != "fake-graph" && name != "h" && name != "help"
}

func msgrSimulate(ctx context.Context, cfg config.Messenger, f msgrSimFlags, text string, e *cli.Env) int {
	var graph *fakegraph.Server
	if f.fakeGraph {
		g, err := fakegraph.Listen(fakegraph.Config{Version: cfg.APIVersion, PageID: cfg.PageID,
			PageToken: cfg.PageToken, AppSecret: cfg.AppSecret}, f.graphAddr)
		if err != nil {
			fmt.Fprintf(e.Stderr, "guichet: %v\n", err)
			return 1
		}
		defer g.Close()
		graph = g
		fmt.Fprintf(e.Stdout, "fake Graph API on %s (the server must run with GUICHET_MESSENGER_GRAPH_URL=%s)\n", g.URL(), g.URL())
	}
	body := msgrEvent(cfg.PageID, f.psid, text, f.payload, time.Now())
	if err := msgrPostSigned(ctx, strings.TrimRight(f.addr, "/")+"/webhooks/messenger", cfg.AppSecret, body); err != nil {
		fmt.Fprintf(e.Stderr, "guichet: %v\n", err)
		return 1
	}
	fmt.Fprintf(e.Stdout, "event delivered to %s (signed, acknowledged)\n", f.addr)
	if graph == nil {
		return 0
	}
	if n := msgrPrintReplies(ctx, graph, f.psid, f.wait, e.Stdout); n == 0 {
		fmt.Fprintf(e.Stderr, "guichet: no reply reached the fake Graph API within %s\n", f.wait)
		return 1
	}
	return 0
}

// msgrEvent builds a webhook body as Meta sends it.
func msgrEvent(page, psid, text, payload string, now time.Time) []byte {
	var b [8]byte
	rand.Read(b[:])
	mid := "m_sim_" + hex.EncodeToString(b[:])
	ev := map[string]any{"sender": map[string]string{"id": psid}, "recipient": map[string]string{"id": page},
		"timestamp": now.UnixMilli()}
	if payload != "" {
		ev["postback"] = map[string]string{"mid": mid, "title": payload, "payload": payload}
	} else {
		ev["message"] = map[string]string{"mid": mid, "text": text}
	}
	body, _ := json.Marshal(map[string]any{"object": "page",
		"entry": []any{map[string]any{"id": page, "time": now.UnixMilli(), "messaging": []any{ev}}}})
	return body
}

func msgrPostSigned(ctx context.Context, url, secret string, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("--addr: %v", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(messenger.HeaderSignature256, messenger.Sign(secret, body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("post webhook (is the server running with messenger.enabled?): %w", err)
	}
	defer resp.Body.Close()
	msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("webhook answered %s: %s", resp.Status, strings.TrimSpace(string(msg)))
	}
	return nil
}

// msgrPrintReplies prints the texts sent to psid until none has come for a
// second after the first one, or wait has passed. It returns how many.
func msgrPrintReplies(ctx context.Context, g *fakegraph.Server, psid string, wait time.Duration, w io.Writer) int {
	deadline := time.Now().Add(wait)
	printed, lastAt := 0, time.Time{}
	for ctx.Err() == nil && time.Now().Before(deadline) {
		var mine []fakegraph.Message
		for _, m := range g.Messages() {
			if m.Recipient == psid {
				mine = append(mine, m)
			}
		}
		for _, m := range mine[printed:] {
			msgrPrintReply(w, m)
			printed, lastAt = printed+1, time.Now()
		}
		if printed > 0 && time.Since(lastAt) > time.Second {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	return printed
}

func msgrPrintReply(w io.Writer, m fakegraph.Message) {
	kind := m.MessagingType
	if m.Tag != "" {
		kind += " " + m.Tag
	}
	fmt.Fprintf(w, "\n→ [%s]\n%s\n", kind, m.Text)
	for _, q := range m.QuickReplies {
		fmt.Fprintf(w, "   [%s] → %s\n", q.Title, q.Payload)
	}
}
