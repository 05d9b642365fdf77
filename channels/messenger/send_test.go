package messenger

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/channels/messenger/fakegraph"
)

const psidA = "2000000000000101"

// opened makes psid's last message age old.
func (h *harness) opened(psid string, age time.Duration) {
	h.t.Helper()
	if _, _, err := h.ch.windows.touch(context.Background(), conv(psid), h.clock.Now().Add(-age), ""); err != nil {
		h.t.Fatal(err)
	}
}

func (h *harness) send(psid string, r guichet.Reply) error {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	_, err := h.disp.Send(ctx, conv(psid), r)
	return err
}

func TestLongReplySplitWithFittedQuickReplies(t *testing.T) {
	h := newHarness(t)
	h.start()
	h.opened(psidA, time.Minute)
	para := strings.Repeat("Les pièces à fournir dépendent de votre situation. ", 30) // ~1,530 characters
	text := para + "\n\n" + para + "\n\n" + para
	var qrs []guichet.QuickReply
	for i := range 15 {
		qrs = append(qrs, guichet.QuickReply{Title: fmt.Sprintf("Changement d'adresse numéro %d", i), Payload: fmt.Sprintf("CHOICE:civ.changement-adresse/%d", i)})
	}
	if err := h.send(psidA, guichet.Reply{Role: guichet.RoleBot, Text: text, QuickReplies: qrs}); err != nil {
		t.Fatalf("send: %v", err)
	}
	msgs, actions := h.graph.Messages(), h.graph.Actions()
	if len(msgs) != 3 {
		t.Fatalf("%d messages, want the three paragraphs", len(msgs))
	}
	if len(actions) != 0 {
		t.Fatalf("actions %+v: a ready reply needs no typing_on, one Send API call per part", actions)
	}
	for i, m := range msgs {
		if n := utf8.RuneCountInString(m.Text); n > MaxTextChars || !strings.HasSuffix(m.Text, "situation.") {
			t.Errorf("part %d: %d characters, ends %q", i, n, m.Text[len(m.Text)-12:])
		}
		if m.MessagingType != "RESPONSE" || !strings.HasPrefix(m.Metadata, metadataPrefix) {
			t.Errorf("part %d: type %q metadata %q", i, m.MessagingType, m.Metadata)
		}
		if (len(m.QuickReplies) > 0) != (i == 2) {
			t.Errorf("part %d carries %d quick replies; only the last should", i, len(m.QuickReplies))
		}
	}
	last := msgs[2].QuickReplies
	if len(last) != MaxQuickReplies || last[0].Title != "Changement…" || last[12].Payload != "CHOICE:civ.changement-adresse/12" {
		t.Fatalf("quick replies %+v", last)
	}
}

func TestWindows(t *testing.T) {
	cases := []struct {
		name    string
		role    guichet.Role
		age     time.Duration // of the person's last message; 0: never wrote
		wantTag string        // "" RESPONSE; "-" refused
		wantMsg string
	}{
		{"bot within 24h", guichet.RoleBot, time.Hour, "", ""},
		{"agent within 24h", guichet.RoleAgent, 23 * time.Hour, "", ""},
		{"agent after 24h", guichet.RoleAgent, 30 * time.Hour, "HUMAN_AGENT", ""},
		{"bot after 24h", guichet.RoleBot, 30 * time.Hour, "-", "24-hour window closed 6h00m ago"},
		{"system notice after 24h", guichet.RoleSystem, 25 * time.Hour, "-", "an agent may still answer for 5d23h"},
		{"agent after 7 days", guichet.RoleAgent, 8 * 24 * time.Hour, "-", "allows agent replies for 7 days"},
		{"never wrote", guichet.RoleAgent, 0, "-", "has not written to the page"},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t)
			h.start()
			psid := fmt.Sprintf("30000000000%02d", i)
			if c.age > 0 {
				h.opened(psid, c.age)
			}
			err := h.send(psid, guichet.Reply{Role: c.role, Text: "Bonjour, je reprends votre dossier."})
			if c.wantTag == "-" {
				if !guichet.Is(err, guichet.Forbidden) || !strings.Contains(err.Error(), c.wantMsg) {
					t.Fatalf("err %v, want Forbidden saying %q", err, c.wantMsg)
				}
				evs, _ := h.store.Events(t.Context(), conv(psid), 0, 10)
				if len(evs) != 0 || h.graph.Requests() != 0 {
					t.Fatal("a refused reply was recorded or sent")
				}
				return
			}
			if err != nil {
				t.Fatalf("send: %v", err)
			}
			m := h.graph.Messages()[0]
			if m.Tag != c.wantTag || (c.wantTag != "") != (m.MessagingType == "MESSAGE_TAG") {
				t.Fatalf("sent as %s/%s, want tag %q", m.MessagingType, m.Tag, c.wantTag)
			}
			if c.wantTag != "" && len(h.graph.Actions()) != 0 {
				t.Fatal("typing_on sent outside the standard window")
			}
		})
	}
}

func TestWindowLeftForTheConsole(t *testing.T) {
	h := newHarness(t)
	h.opened(psidA, 30*time.Hour)
	left, tagged, err := h.ch.WindowLeft(t.Context(), conv(psidA))
	if err != nil || left != 7*24*time.Hour-30*time.Hour || !tagged {
		t.Fatalf("WindowLeft = %v, %v, %v", left, tagged, err)
	}
	left, _, err = h.ch.WindowLeft(t.Context(), conv("2000000000000999"))
	if err != nil || left != 0 {
		t.Fatalf("unknown person: %v, %v", left, err)
	}
	if _, _, err := h.ch.WindowLeft(t.Context(), "messenger:abc"); !guichet.Is(err, guichet.Invalid) {
		t.Fatalf("non-numeric PSID accepted: %v", err)
	}
}

func TestGraphErrorRows(t *testing.T) {
	cases := []struct {
		name     string
		fault    fakegraph.Fault
		times    int
		wantKind guichet.Kind // Other: success
		attempts int
	}{
		{"10/2018278 outside window", fakegraph.ErrWindow, 1, guichet.Forbidden, 1},
		{"551 not receiving", fakegraph.ErrBlocked, 1, guichet.Forbidden, 1},
		{"200/1545041 not receiving", fakegraph.ErrBlockedUser, 1, guichet.Forbidden, 1},
		{"10/2018108 not receiving", fakegraph.ErrBlockedPerm, 1, guichet.Forbidden, 1},
		{"100/2018001 no matching user", fakegraph.ErrNoUser, 1, guichet.Forbidden, 1},
		{"2 unexpected, then ok", fakegraph.ErrUnexpected, 1, guichet.Other, 2},
		{"2 unexpected, a few retries", fakegraph.ErrUnexpected, 9, guichet.Unavailable, 3},
		{"4 rate limit", fakegraph.ErrRateApp, 2, guichet.Other, 3},
		{"17 rate limit", fakegraph.ErrRateUser, 1, guichet.Other, 2},
		{"32 rate limit", fakegraph.ErrRatePage, 1, guichet.Other, 2},
		{"613 rate limit persisting", fakegraph.ErrRateCalls, 9, guichet.TooMany, 4},
		{"1200 temporary", fakegraph.ErrTemporary, 3, guichet.Other, 4},
		{"190 token", fakegraph.ErrToken, 1, guichet.Unavailable, 1},
		{"503 without JSON", fakegraph.ErrUnavailable, 2, guichet.Other, 3},
		{"500 transient", fakegraph.ErrInternal, 1, guichet.Other, 2},
		{"permanent parameter error", fakegraph.Fault{Code: 100}, 1, guichet.Unavailable, 1},
		{"is_transient on an unknown code", fakegraph.Fault{Code: 1, Transient: true}, 1, guichet.Other, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t)
			h.start()
			h.opened(psidA, time.Minute)
			c.fault.Route = fakegraph.RouteMessages
			h.graph.Inject(c.fault, c.times)
			err := h.send(psidA, guichet.Reply{Role: guichet.RoleAgent, Text: "Votre dossier est en cours."})
			if got := guichet.KindOf(err); got != c.wantKind || (c.wantKind == guichet.Other) != (err == nil) {
				t.Fatalf("err %v (kind %v), want kind %v", err, got, c.wantKind)
			}
			if got := h.graph.RequestsOn(fakegraph.RouteMessages); got != c.attempts {
				t.Fatalf("%d attempts, want %d", got, c.attempts)
			}
			if err != nil && strings.Contains(err.Error(), testToken) {
				t.Fatal("token in error")
			}
		})
	}
}

// After "not receiving" or a rejected token, replies are refused locally
// instead of hammering Meta; the person writing again lifts the block.
func TestBlockedPersonAndDeadTokenStopSending(t *testing.T) {
	h := newHarness(t)
	h.start()
	h.opened(psidA, time.Minute)
	h.graph.Inject(fakegraph.ErrBlocked, 1)
	h.send(psidA, guichet.Reply{Role: guichet.RoleBot, Text: "Bonjour"})
	before := h.graph.Requests()
	err := h.send(psidA, guichet.Reply{Role: guichet.RoleAgent, Text: "Bonjour ?"})
	if !guichet.Is(err, guichet.Forbidden) || !strings.Contains(err.Error(), "no longer receives") || h.graph.Requests() != before {
		t.Fatalf("second send to a blocked person: %v (requests %d -> %d)", err, before, h.graph.Requests())
	}
	h.opened(psidA, 0)
	if err := h.send(psidA, guichet.Reply{Role: guichet.RoleBot, Text: "Re-bonjour"}); err != nil {
		t.Fatalf("person wrote again, send still refused: %v", err)
	}

	h.graph.Inject(fakegraph.ErrToken, 1)
	h.send(psidA, guichet.Reply{Role: guichet.RoleBot, Text: "Un"})
	before = h.graph.Requests()
	err = h.send(psidA, guichet.Reply{Role: guichet.RoleBot, Text: "Deux"})
	if !guichet.Is(err, guichet.Unavailable) || !strings.Contains(err.Error(), "page token") || h.graph.Requests() != before {
		t.Fatalf("send with a rejected token: %v", err)
	}
	if !strings.Contains(h.logs.String(), "level=ERROR") || strings.Contains(h.logs.String(), testToken) {
		t.Fatal("a rejected token must raise an error log, without the token")
	}
	h.clock.Add(tokenPause)
	h.opened(psidA, 0)
	if err := h.send(psidA, guichet.Reply{Role: guichet.RoleBot, Text: "Trois"}); err != nil {
		t.Fatalf("after the pause one attempt should go through: %v", err)
	}
}

func TestStalledGraphRetriedOnceAtMost(t *testing.T) {
	h := newHarness(t, withOptions(func(o *Options) { o.Config = testConfig(""); o.Config.SendTimeout = 100 * time.Millisecond }))
	h.start()
	h.opened(psidA, time.Minute)
	h.graph.Inject(fakegraph.Fault{Stall: true, Route: fakegraph.RouteMessages}, 5)
	err := h.send(psidA, guichet.Reply{Role: guichet.RoleBot, Text: "Bonjour"})
	if !guichet.Is(err, guichet.Unavailable) {
		t.Fatalf("err %v, want Unavailable", err)
	}
	// No idempotency key: a message that timed out may have left.
	if got := h.graph.RequestsOn(fakegraph.RouteMessages); got != 2 {
		t.Fatalf("%d attempts after timeouts, want 2", got)
	}
	for _, s := range []string{testToken, AppSecretProof(testSecret, testToken)} {
		if strings.Contains(err.Error(), s) || strings.Contains(h.logs.String(), s) {
			t.Fatalf("secret leaked: error %q", err)
		}
	}
}

func TestTokenNotInTransportErrors(t *testing.T) {
	cfg := testConfig("http://127.0.0.1:1") // nothing listens there
	c := NewClient(cfg, nil)
	err := c.call(t.Context(), "POST", "/me/messages", nil, map[string]string{}, nil)
	if err == nil || classify(err) != classTransient {
		t.Fatalf("err %v (class %v), want a transient transport error", err, classify(err))
	}
	if strings.Contains(err.Error(), testToken) || strings.Contains(err.Error(), "appsecret_proof") {
		t.Fatalf("secret in %q", err)
	}
}

func TestFullSendQueueAnswersUnavailable(t *testing.T) {
	h := newHarness(t, withOptions(func(o *Options) { o.Config = testConfig(""); o.Config.SendQueue = 1 }))
	h.opened(psidA, time.Minute)
	ctx, cancel := context.WithCancel(t.Context())
	first := make(chan error, 1)
	go func() {
		first <- h.ch.Transport().Deliver(ctx, conv(psidA), guichet.Event{ID: "e1", Role: guichet.RoleBot, Text: "un"})
	}()
	waitFor(t, "the first reply queued", func() bool { return len(h.ch.sendq) == 1 })
	err := h.ch.Transport().Deliver(t.Context(), conv(psidA), guichet.Event{ID: "e2", Role: guichet.RoleBot, Text: "deux"})
	if !guichet.Is(err, guichet.Unavailable) || !strings.Contains(err.Error(), "send queue full") {
		t.Fatalf("err %v, want Unavailable send queue full", err)
	}
	cancel()
	if err := <-first; !guichet.Is(err, guichet.Unavailable) {
		t.Fatalf("caller that gave up: %v", err)
	}
}

// A reply delivered again (the bot resuming its answer after a takeover,
// an agent's retried reply) reaches the person once, over memory or Redis;
// a new reply still goes out.
func TestReplyDeliveredAgainIsNotSentTwice(t *testing.T) {
	rdb, prefix, st := redisSetup(t)
	for name, h := range map[string]*harness{"memory": newHarness(t), "redis": newHarness(t, withRedis(rdb, prefix), withStore(st))} {
		t.Run(name, func(t *testing.T) {
			h.start()
			h.opened(psidA, time.Minute)
			r := guichet.Reply{ID: "mid.1/r0", Role: guichet.RoleBot, Text: "Voici la réponse."}
			for range 2 {
				if err := h.send(psidA, r); err != nil {
					t.Fatal(err)
				}
			}
			if err := h.send(psidA, guichet.Reply{ID: "mid.2/r0", Role: guichet.RoleBot, Text: "Une autre."}); err != nil {
				t.Fatal(err)
			}
			if got := h.textsTo(psidA); len(got) != 2 || got[0] != r.Text || got[1] != "Une autre." {
				t.Fatalf("the person received %q, want each reply once", got)
			}
		})
	}
}
