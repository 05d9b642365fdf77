package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/guichet/guichet/channels/web"
	"github.com/guichet/guichet/internal/clientip"
)

func TestRateLimitAsksToRetry(t *testing.T) {
	noLeaks(t)
	cfg := testConfig()
	cfg.MessagesPerMinute = 3 // a burst of 3, then one every 20 s
	s := newServer(t, nil, cfg)
	c := connect(t, s.url, "", 0)
	for _, id := range []string{"a", "b", "c", "d"} {
		c.say(id, "question "+id)
	}
	c.until("refusal", func() bool { return len(c.errors) > 0 })
	e := c.errors[0]
	if e.Code != "too_many" || e.ID != "d" || e.RetryAfter <= 0 {
		t.Errorf("error = %s, want too_many for d with retry_after", e.raw)
	}
	c.until("three acks", func() bool { return len(c.acks) == 3 })
	if n := len(s.transcript(t, c.conv)); n != 6 {
		t.Errorf("transcript has %d events, want the 3 accepted messages and their answers", n)
	}
}

func TestOversizedFrameClosesConnection(t *testing.T) {
	noLeaks(t)
	cfg := testConfig()
	cfg.MaxFrameBytes = 512
	s := newServer(t, nil, cfg)
	c := connect(t, s.url, "", 0)
	c.say("big", strings.Repeat("x", 40_000)) // beyond the longest message however escaped
	if code := c.closeCode(); code != 1009 {
		t.Errorf("close code %d, want 1009 message too big", code)
	}
}

// The frame limit fits the text limit: the longest message accepted, each
// character JSON-escaped (\u00e9, 6 bytes, 12,000 in all against a
// max_frame_bytes of 8,192), is answered; one character more gets
// `invalid`, not a closed socket.
func TestLongestMessageFitsAFrameHoweverEscaped(t *testing.T) {
	noLeaks(t)
	s := newServer(t, nil, testConfig())
	c := connect(t, s.url, "", 0)
	frame := func(id string, n int) []byte {
		return []byte(`{"type":"message","id":"` + id + `","text":"` + strings.Repeat(`\u00e9`, n) + `"}`)
	}
	if err := c.ws.WriteMessage(1, frame("max", 2000)); err != nil {
		t.Fatal(err)
	}
	c.until("ack of 2,000 escaped characters", c.acked("max"))
	if err := c.ws.WriteMessage(1, frame("over", 2001)); err != nil {
		t.Fatal(err)
	}
	c.until("refusal", func() bool { return len(c.errors) > 0 })
	if e := c.errors[0]; e.Code != "invalid" || e.ID != "over" || !strings.Contains(e.Message, "trop long") {
		t.Errorf("error = %s, want invalid saying the message is too long", e.raw)
	}
}

func TestTooLongMessageRefused(t *testing.T) {
	noLeaks(t)
	s := newServer(t, nil, testConfig())
	c := connect(t, s.url, "", 0)
	c.say("long", strings.Repeat("é", 2001))
	c.until("refusal", func() bool { return len(c.errors) > 0 })
	if e := c.errors[0]; e.Code != "invalid" || e.ID != "long" || !strings.Contains(e.Message, "trop long") {
		t.Errorf("error = %s, want invalid saying the message is too long", e.raw)
	}
}

func TestBadJSONIsReportedAndConnectionSurvives(t *testing.T) {
	noLeaks(t)
	s := newServer(t, nil, testConfig())
	c := connect(t, s.url, "", 0)
	if err := c.ws.WriteMessage(1, []byte("{not json")); err != nil {
		t.Fatal(err)
	}
	c.until("error", func() bool { return len(c.errors) > 0 })
	if c.errors[0].Code != "bad_request" {
		t.Errorf("error = %s, want bad_request", c.errors[0].raw)
	}
	c.say("m1", "toujours là ?")
	c.until("ack", c.acked("m1"))
}

func TestFirstFrameMustBeHello(t *testing.T) {
	noLeaks(t)
	s := newServer(t, nil, testConfig())
	c, _, err := dial(t, s.url, nil)
	if err != nil {
		t.Fatal(err)
	}
	c.say("m1", "bonjour")
	if code := c.closeCode(); code != 1008 {
		t.Errorf("close code %d, want 1008 policy violation", code)
	}
}

// Knowing the id is the capability: ids the server could not have issued
// are refused rather than opening a guessable conversation.
func TestGuessableConversationIDRefused(t *testing.T) {
	noLeaks(t)
	s := newServer(t, nil, testConfig())
	for _, id := range []string{"1", "admin", strings.Repeat("A", 32), strings.Repeat("a", 31) + "}"} {
		c, _, err := dial(t, s.url, nil)
		if err != nil {
			t.Fatal(err)
		}
		c.send(map[string]any{"type": "hello", "conversation": id})
		if code := c.closeCode(); code != 1008 {
			t.Errorf("hello with conversation %q: close code %d, want 1008", id, code)
		}
	}
}

func TestOriginChecked(t *testing.T) {
	noLeaks(t)
	cfg := testConfig()
	cfg.AllowedOrigins = []string{"https://www.ants.gouv.fr"}
	s := newServer(t, nil, cfg)
	host := strings.TrimPrefix(s.srv.URL, "http://")
	for _, tc := range []struct {
		origin string
		ok     bool
	}{
		{"https://www.ants.gouv.fr", true},
		{"http://" + host, true}, // the demo page on the server itself
		{"", true},               // not a browser
		{"https://evil.example", false},
		{"https://www.ants.gouv.fr.evil.example", false},
		{"null", false},
	} {
		h := http.Header{}
		if tc.origin != "" {
			h.Set("Origin", tc.origin)
		}
		c, resp, err := dial(t, s.url, h)
		if tc.ok && err != nil {
			t.Errorf("origin %q refused: %v", tc.origin, err)
		}
		if !tc.ok && (err == nil || resp == nil || resp.StatusCode != http.StatusForbidden) {
			t.Errorf("origin %q: got %v, want 403", tc.origin, err)
		}
		if c != nil {
			c.ws.Close()
		}
	}
}

func TestConnectionsPerIPLimited(t *testing.T) {
	noLeaks(t)
	cfg := testConfig()
	cfg.ConnectionsPerIP = 2
	s := newServer(t, nil, cfg)
	connect(t, s.url, "", 0)
	connect(t, s.url, "", 0)
	_, resp, err := dial(t, s.url, nil)
	if err == nil || resp == nil || resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("third connection: %v, want 429", err)
	}
}

// Behind a trusted proxy, connections count against the address the proxy
// appended, whatever the client wrote before it.
func TestConnectionsPerIPBehindAProxy(t *testing.T) {
	noLeaks(t)
	cfg := testConfig()
	cfg.ConnectionsPerIP = 2
	proxies, err := clientip.New([]string{"127.0.0.1"})
	if err != nil {
		t.Fatal(err)
	}
	s := newServerWith(t, nil, cfg, func(o *web.Options) { o.ClientIP = proxies.IP })
	from := func(xff string) (*http.Response, error) {
		_, resp, err := dial(t, s.url, http.Header{"X-Forwarded-For": {xff}})
		return resp, err
	}
	for i, forged := range []string{"192.0.2.1", "192.0.2.2"} {
		if _, err := from(forged + ", 198.51.100.1"); err != nil {
			t.Fatalf("connection %d: %v", i, err)
		}
	}
	if resp, err := from("192.0.2.3, 198.51.100.1"); err == nil || resp == nil || resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("third connection from 198.51.100.1 with a new forged hop: %v, want 429", err)
	}
	if _, err := from("198.51.100.2"); err != nil {
		t.Errorf("another client behind the proxy: %v, want accepted", err)
	}
}
