package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/channels/messenger"
	"github.com/guichet/guichet/channels/messenger/fakegraph"
	"github.com/guichet/guichet/handoff"
	"github.com/guichet/guichet/internal/testenv"
	"github.com/guichet/guichet/quality"
	"github.com/guichet/guichet/store"
)

// messengerPost sends one signed webhook event from psid to serve.
func messengerPost(t *testing.T, base, psid, mid, text, payload string) {
	t.Helper()
	msg := map[string]any{"mid": mid, "text": text}
	if payload != "" {
		msg["quick_reply"] = map[string]string{"payload": payload}
	}
	now := time.Now().UnixMilli()
	body, _ := json.Marshal(map[string]any{"object": "page", "entry": []any{map[string]any{
		"id": msgrEnv["GUICHET_MESSENGER_PAGE_ID"], "time": now, "messaging": []any{map[string]any{
			"sender": map[string]string{"id": psid}, "recipient": map[string]string{"id": msgrEnv["GUICHET_MESSENGER_PAGE_ID"]},
			"timestamp": now, "message": msg}}}}})
	req, _ := http.NewRequest(http.MethodPost, base+"/webhooks/messenger", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(messenger.HeaderSignature256, messenger.Sign(msgrEnv["GUICHET_MESSENGER_APP_SECRET"], body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("webhook answered %d", resp.StatusCode)
	}
}

// waitUntil polls cond; the deadline only keeps a broken test from hanging.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
	}
}

// privacyWorld is a serve process on Redis with Messenger, and direct
// access to the stores it writes.
type privacyWorld struct {
	env     map[string]string
	base    string
	graph   *fakegraph.Server
	store   *store.Redis
	tickets *handoff.Redis
	facts   quality.Store
	client  *redis.Client
	prefix  string
}

func newPrivacyWorld(t *testing.T) *privacyWorld {
	url, prefix := testenv.RedisURL(t), testenv.KeyPrefix(t)
	g := fakegraph.Start(fakegraph.Config{Version: "v21.0", PageID: msgrEnv["GUICHET_MESSENGER_PAGE_ID"],
		PageToken: msgrEnv["GUICHET_MESSENGER_PAGE_TOKEN"], AppSecret: msgrEnv["GUICHET_MESSENGER_APP_SECRET"]})
	t.Cleanup(g.Close)
	w := &privacyWorld{env: map[string]string{"GUICHET_STORE_REDIS_URL": url, "GUICHET_STORE_KEY_PREFIX": prefix,
		"GUICHET_MESSENGER_ENABLED": "true", "GUICHET_MESSENGER_GRAPH_URL": g.URL()}, graph: g}
	for k, v := range msgrEnv {
		w.env[k] = v
	}
	w.base = startServe(t, w.env)
	opts, err := redis.ParseURL(url)
	if err != nil {
		t.Fatal(err)
	}
	client := redis.NewClient(opts)
	t.Cleanup(func() { client.Close() })
	w.client, w.prefix = client, prefix
	if w.store, err = store.NewRedisClient(client, store.Options{KeyPrefix: prefix}); err != nil {
		t.Fatal(err)
	}
	if w.tickets, err = handoff.NewRedisTickets(client, prefix, handoff.StoreOptions{}); err != nil {
		t.Fatal(err)
	}
	if w.facts, err = quality.NewRedis(client, prefix, 90*24*time.Hour, nil); err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *privacyWorld) repliesTo(psid string) int {
	n := 0
	for _, m := range w.graph.Messages() {
		if m.Recipient == psid {
			n++
		}
	}
	return n
}

// factsOf counts the quality facts about conv.
func (w *privacyWorld) factsOf(t *testing.T, conv guichet.ConversationID) int {
	t.Helper()
	all, err := w.facts.Facts(context.Background(), time.Now().Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range all {
		if f.Conversation == conv {
			n++
		}
	}
	return n
}

// Two people write on Messenger; one asks for an agent. Forgetting that
// one removes their transcript, ticket, facts and window record from
// Redis, says so, and leaves the other person's data alone.
func TestPrivacyForgetEndToEnd(t *testing.T) {
	w := newPrivacyWorld(t)
	const gonePSID, keptPSID = "2000000000000071", "2000000000000072"
	gone, kept := guichet.NewConversationID(guichet.ChannelMessenger, gonePSID), guichet.NewConversationID(guichet.ChannelMessenger, keptPSID)
	messengerPost(t, w.base, gonePSID, "m_gone_1", "Bonjour, j'ai perdu mon permis de conduire", "")
	messengerPost(t, w.base, keptPSID, "m_kept_1", "Bonjour, j'ai perdu mon permis de conduire", "")
	waitUntil(t, "the bot's answers", func() bool { return w.repliesTo(gonePSID) > 0 && w.repliesTo(keptPSID) > 0 })
	messengerPost(t, w.base, gonePSID, "m_gone_2", "Parler à un conseiller", guichet.PayloadHandoff)
	ctx := context.Background()
	waitUntil(t, "a ticket", func() bool { _, ok, _ := w.tickets.OpenFor(ctx, gone); return ok })
	// The ticket opens before the worker acknowledges the event: wait
	// until the ingestion stream is empty, or forget finds it queued.
	waitUntil(t, "the events acknowledged", func() bool {
		n, err := w.client.XLen(ctx, w.prefix+"messenger:{ingest}").Result()
		return err == nil && n == 0
	})
	before := w.factsOf(t, gone)
	if before == 0 || w.factsOf(t, kept) == 0 {
		t.Fatalf("serve recorded %d facts for %s and %d for %s; want some for both", before, gone, w.factsOf(t, kept), kept)
	}
	events, _ := w.store.Events(ctx, gone, 0, 1000)

	code, out, errs := runCmd(t, w.env, "privacy", "forget", string(gone), "--config", "")
	want := fmt.Sprintf("%s: messenger: window record; transcript: %d events; tickets: 1; quality facts: %d\n", gone, len(events), before)
	if code != 0 || out != want {
		t.Fatalf("privacy forget: exit %d\nstdout: %q\nwant:   %q\nstderr: %s", code, out, want, errs)
	}
	if evs, _ := w.store.Events(ctx, gone, 0, 10); len(evs) != 0 {
		t.Errorf("transcript after forget: %d events", len(evs))
	}
	if _, ok, _ := w.tickets.OpenFor(ctx, gone); ok {
		t.Error("the ticket is still open after forget")
	}
	if n := w.factsOf(t, gone); n != 0 {
		t.Errorf("%d quality facts left after forget", n)
	}
	if evs, _ := w.store.Events(ctx, kept, 0, 10); len(evs) == 0 || w.factsOf(t, kept) == 0 {
		t.Errorf("forgetting %s removed %s's data too", gone, kept)
	}

	code, out, _ = runCmd(t, w.env, "privacy", "forget", "--config", "", string(gone))
	if want := string(gone) + ": messenger: nothing; transcript: 0 events; tickets: 0; quality facts: 0\n"; code != 0 || out != want {
		t.Errorf("second forget: exit %d, %q; want %q", code, out, want)
	}
}

func TestPrivacyForgetRefusals(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"forget", "--config", ""}, 2, "exactly one CONVERSATION_ID"},
		{[]string{"forget", "web", "--config", ""}, 2, `"web" is not a conversation id`},
		{[]string{"forget", "fax:abc", "--config", ""}, 2, "channel web, messenger or cli"},
		{[]string{"forget", "web:a b", "--config", ""}, 2, "is not a conversation id"},
		{[]string{"forget", "web:abc", "--config", ""}, 1, "store.redis_url is empty"},
		{[]string{"remember", "web:abc"}, 2, `unknown subcommand "remember"`},
		{nil, 2, "usage:"},
	}
	for _, tc := range tests {
		code, out, errs := runCmd(t, nil, append([]string{"privacy"}, tc.args...)...)
		if code != tc.code || !strings.Contains(errs, tc.want) || out != "" {
			t.Errorf("privacy %q: exit %d, stdout %q, stderr %q; want exit %d and %q", tc.args, code, out, errs, tc.code, tc.want)
		}
	}
	code, _, errs := runCmd(t, map[string]string{"GUICHET_STORE_REDIS_URL": "redis://127.0.0.1:1/0"}, "privacy", "forget", "web:abc", "--config", "")
	if code != 1 || !strings.Contains(errs, "unreachable") {
		t.Errorf("forget with Redis down: exit %d, %q; want exit 1 and unreachable", code, errs)
	}
}
