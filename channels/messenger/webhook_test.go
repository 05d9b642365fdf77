package messenger

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet"
)

func TestVerifyHandshake(t *testing.T) {
	h := newHarness(t)
	cases := []struct {
		name, mode, token string
		want              int
	}{
		{"matching token", "subscribe", testVerify, http.StatusOK},
		{"wrong token", "subscribe", "guess", http.StatusForbidden},
		{"wrong mode", "unsubscribe", testVerify, http.StatusForbidden},
		{"no token", "subscribe", "", http.StatusForbidden},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			q := url.Values{"hub.mode": {c.mode}, "hub.verify_token": {c.token}, "hub.challenge": {"1158201444"}}
			resp, err := http.Get(h.web.URL + "/webhooks/messenger?" + q.Encode())
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != c.want {
				t.Fatalf("status %d, want %d", resp.StatusCode, c.want)
			}
			if c.want == http.StatusOK && string(body) != "1158201444" {
				t.Fatalf("challenge echoed as %q", body)
			}
		})
	}
}

func TestSignatureRequired(t *testing.T) {
	h := newHarness(t)
	h.start()
	body := fixture(t, "quick_reply.json")
	cases := []struct {
		name    string
		headers map[string]string
		want    int
	}{
		{"missing", nil, http.StatusForbidden},
		{"wrong secret", map[string]string{HeaderSignature256: Sign("other-secret", body)}, http.StatusForbidden},
		{"not hex", map[string]string{HeaderSignature256: "sha256=zz"}, http.StatusForbidden},
		{"sha1 prefix in sha256 header", map[string]string{HeaderSignature256: SignSHA1(testSecret, body)}, http.StatusForbidden},
		{"sha256 wrong, sha1 right", map[string]string{HeaderSignature256: Sign("x", body), HeaderSignature1: SignSHA1(testSecret, body)}, http.StatusForbidden},
	}
	for _, c := range cases {
		if got := h.postWith(body, c.headers); got != c.want {
			t.Errorf("%s: status %d, want %d", c.name, got, c.want)
		}
	}
	// Legacy sha1 alone is accepted as a fallback, and the event handled.
	if got := h.postWith(body, map[string]string{HeaderSignature1: SignSHA1(testSecret, body)}); got != http.StatusOK {
		t.Fatalf("sha1 fallback: status %d", got)
	}
	h.waitProcessed(1)
	if n := len(h.handler.messages()); n != 1 {
		t.Fatalf("handler saw %d messages; rejected bodies must not be processed", n)
	}
}

// Meta signs the bytes it sends, with \u00e9-style escapes; hashing a
// re-encoded body would reject every accented message.
func TestSignatureOnRawNonASCIIBody(t *testing.T) {
	h := newHarness(t)
	h.start()
	raw := fixture(t, "non_ascii.json")
	if !strings.Contains(string(raw), `\u00e0`) {
		t.Fatal("fixture must carry escaped characters")
	}
	var v any
	json.Unmarshal(raw, &v)
	reencoded, _ := json.Marshal(v)
	if got := h.postWith(raw, map[string]string{HeaderSignature256: Sign(testSecret, reencoded)}); got != http.StatusForbidden {
		t.Fatalf("signature of a re-encoded body accepted: %d", got)
	}
	if got := h.post(raw); got != http.StatusOK {
		t.Fatalf("status %d", got)
	}
	waitFor(t, "the answer", func() bool { return len(h.textsTo("2000000000000014")) == 1 })
	got := h.handler.messages()[0].Text
	if want := "J’ai perdu mon permis à Besançon, c’est urgent é 😢"; got != want {
		t.Fatalf("text %q, want %q", got, want)
	}
}

func TestWebhookRejectsOtherObjectsAndBadBodies(t *testing.T) {
	h := newHarness(t)
	if got := h.post(fixture(t, "other_object.json")); got != http.StatusNotFound {
		t.Errorf("object instagram: status %d, want 404", got)
	}
	if got := h.post([]byte(`{"object":"page","entry":[`)); got != http.StatusBadRequest {
		t.Errorf("truncated JSON: status %d, want 400", got)
	}
	if got := h.post(fixture(t, "invalid_psid.json")); got != http.StatusOK {
		t.Errorf("invalid PSID: status %d, want 200 (acknowledged, dropped)", got)
	}
}

func TestBatchOfEntriesAndPages(t *testing.T) {
	h := newHarness(t)
	h.start()
	if got := h.post(fixture(t, "text_batch.json")); got != http.StatusOK {
		t.Fatalf("status %d", got)
	}
	h.waitProcessed(4)
	waitFor(t, "four answers", func() bool { return len(h.graph.Messages()) == 4 })
	if got := h.textsTo("2000000000000001"); len(got) != 2 || got[0] != "Reçu : Bonjour, je voudrais refaire mon permis" || got[1] != "Reçu : Merci" {
		t.Fatalf("sender 1 got %q, want its two answers in order", got)
	}
	if len(h.textsTo("2000000000000009")) != 0 {
		t.Fatal("an event for another page was answered")
	}
}

func TestOutOfOrderEventsHandledByTimestamp(t *testing.T) {
	h := newHarness(t)
	h.start()
	h.post(fixture(t, "out_of_order.json"))
	waitFor(t, "three answers", func() bool { return len(h.textsTo("2000000000000004")) == 3 })
	got := h.textsTo("2000000000000004")
	want := []string{"Reçu : premier", "Reçu : deuxième", "Reçu : troisième"}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("answers %q, want %q", got, want)
		}
	}
}

func TestDuplicatesAnsweredOnce(t *testing.T) {
	h := newHarness(t)
	h.start()
	body := fixture(t, "duplicates.json") // the same mid twice in one body
	h.post(body)
	h.post(body) // and Meta's retry of the whole body
	h.waitProcessed(4)
	if got := h.textsTo("2000000000000005"); len(got) != 1 {
		t.Fatalf("answers %q, want exactly one", got)
	}
}

func TestEchoes(t *testing.T) {
	h := newHarness(t)
	h.start()
	h.post(fixture(t, "echo_ours.json"))
	h.post(fixture(t, "echo_other_app.json"))
	h.waitProcessed(2)
	if n := len(h.graph.Messages()) + len(h.handler.messages()); n != 0 {
		t.Fatalf("an echo was answered or handled (%d)", n)
	}
	if _, ok := h.muter.until(conv("2000000000000006")); ok {
		t.Fatal("our own echo muted the bot")
	}
	until, ok := h.muter.until(conv("2000000000000007"))
	if !ok || !until.Equal(fixtureTime.Add(DefaultMuteFor)) {
		t.Fatalf("echo from Meta's inbox: muted until %v (%v), want %v", until, ok, fixtureTime.Add(DefaultMuteFor))
	}
}

func TestDeliveriesReadsAndStandby(t *testing.T) {
	h := newHarness(t)
	h.start()
	if got := h.post(fixture(t, "delivery_read.json")); got != http.StatusOK {
		t.Fatalf("status %d", got)
	}
	h.post(fixture(t, "standby.json"))
	h.waitProcessed(1) // only the standby message is queued
	if len(h.handler.messages()) != 0 || len(h.graph.Messages()) != 0 {
		t.Fatal("the bot answered in a thread another app owns")
	}
	// The person did write: an agent may answer them.
	left, _, err := h.ch.WindowLeft(t.Context(), conv("2000000000000008"))
	if err != nil || left <= 0 {
		t.Fatalf("standby message did not open the window: %v, %v", left, err)
	}
}

func TestPostbackQuickReplyAttachmentsStringTimestamps(t *testing.T) {
	h := newHarness(t)
	h.start()
	for _, f := range []string{"postback_referral.json", "quick_reply.json", "attachments.json", "string_timestamps.json"} {
		if got := h.post(fixture(t, f)); got != http.StatusOK {
			t.Fatalf("%s: status %d", f, got)
		}
	}
	h.waitProcessed(4)
	waitFor(t, "four answers", func() bool { return len(h.graph.Messages()) == 4 })
	byID := map[string]guichet.Message{}
	for _, m := range h.handler.messages() {
		byID[m.ID] = m
	}
	if m := byID["m_postback_start"]; m.Payload != guichet.PayloadStart {
		t.Errorf("postback payload %q", m.Payload)
	}
	if m := byID["m_qr"]; m.Payload != "CHOICE:permis.refaire/0" || m.Text != "Perdu" {
		t.Errorf("quick reply: payload %q text %q", m.Payload, m.Text)
	}
	if m := byID["m_attach"]; m.Attachments != 2 {
		t.Errorf("attachments %d, want 2", m.Attachments)
	}
	if !contains(h.textsTo("2000000000000012"), "pièces jointes") {
		t.Errorf("attachment not answered politely: %q", h.textsTo("2000000000000012"))
	}
	if m := byID["m_string_ts"]; m.Time.UnixMilli() != 1767225600100 {
		t.Errorf("string timestamp decoded as %v", m.Time)
	}
}

// A body that arrives too slowly for the server's read timeout is answered
// 408, not 413 "larger than 1 MiB"; a body too large still gets 413.
func TestSlowWebhookBodyIsATimeoutNotTooLarge(t *testing.T) {
	h := newHarness(t)
	mux := http.NewServeMux()
	h.ch.Mount(mux)
	srv := httptest.NewUnstartedServer(mux)
	srv.Config.ReadTimeout = 300 * time.Millisecond
	srv.Start()
	t.Cleanup(srv.Close)
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// Headers, then a tenth of the body announced, then nothing.
	fmt.Fprintf(conn, "POST /webhooks/messenger HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"object\":")
	status, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		t.Fatalf("no answer to a slow body: %v", err)
	}
	if !strings.Contains(status, " 408 ") {
		t.Errorf("slow body answered %q, want 408 Request Timeout", strings.TrimSpace(status))
	}
	if got := h.post(bytes.Repeat([]byte("x"), 2<<20)); got != http.StatusRequestEntityTooLarge {
		t.Errorf("2 MiB body answered %d, want 413", got)
	}
}

// When the ingestion queue is full the webhook answers 503, so that Meta
// sends the events again later; every event acknowledged before is
// answered, and so is the refused one once Meta sends it again.
func TestFullQueueAnswers503AndLosesNothingAcknowledged(t *testing.T) {
	small := func(o *Options) {
		o.Config = testConfig("")
		o.Config.QueueCapacity = 2
	}
	for name, redisQueue := range map[string]bool{"memory": false, "redis": true} {
		t.Run(name, func(t *testing.T) {
			opts := []harnessOpt{withOptions(small)}
			if redisQueue {
				rdb, prefix, st := redisSetup(t)
				opts = append(opts, withRedis(rdb, prefix), withStore(st))
			}
			h := newHarness(t, opts...) // not started: nothing leaves the queue
			psids := []string{"2000000000000301", "2000000000000302", "2000000000000303"}
			for i, psid := range psids {
				want := http.StatusOK
				if i == 2 {
					want = http.StatusServiceUnavailable
				}
				if got := h.post(crashBody(psid, 1)); got != want {
					t.Fatalf("event %d into a queue of 2: status %d, want %d", i+1, got, want)
				}
			}
			h.start()
			waitFor(t, "the two acknowledged events answered", func() bool {
				return len(h.textsTo(psids[0])) == 1 && len(h.textsTo(psids[1])) == 1
			})
			h.waitProcessed(2) // answered, then taken out of the queue
			if got := h.post(crashBody(psids[2], 1)); got != http.StatusOK {
				t.Fatalf("the refused event sent again: status %d, want 200", got)
			}
			waitFor(t, "the refused event answered once sent again", func() bool { return len(h.textsTo(psids[2])) == 1 })
		})
	}
}
