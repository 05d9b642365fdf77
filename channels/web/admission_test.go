package web_test

import (
	"testing"
	"time"

	"github.com/guichet/guichet/channels/web"
)

// Beyond its capacity the widget refuses a message at once with
// `unavailable` and a retry_after, before recording it, instead of making
// every message wait; the same message sent again once there is room is
// handled normally.
func TestOverloadRefusesWithRetryAfter(t *testing.T) {
	noLeaks(t)
	s := newServerWith(t, nil, testConfig(), func(o *web.Options) {
		// One message in hand; a waiting one gives up at once, since the
		// slot is held until the test opens the gate.
		o.Admission = web.Admission{Slots: 1, Queue: 1, Wait: time.Nanosecond}
	})
	gate := make(chan struct{})
	s.bot.setGate(gate)
	a := connect(t, s.url, "", 0)
	b := connect(t, s.url, "", 0)
	a.say("a1", "première question")
	s.waitTranscript(t, a.conv, 1) // recorded, its handler holds the slot

	b.say("b1", "deuxième question")
	b.until("a refusal", func() bool { return len(b.errors) > 0 })
	if e := b.errors[0]; e.Code != "unavailable" || e.ID != "b1" || e.RetryAfter <= 0 {
		t.Errorf("error = %s, want unavailable for b1 with retry_after", e.raw)
	}
	if n := len(s.transcript(t, b.conv)); n != 0 {
		t.Errorf("the refused message left %d events in the transcript, want none", n)
	}
	if n := s.counter("guichet_widget_messages_total", map[string]string{"result": "busy"}); n != 1 {
		t.Errorf("busy messages counted %g, want 1", n)
	}

	s.bot.setGate(nil)
	close(gate)
	a.until("a1 acknowledged", a.acked("a1"))
	// a1's handler may still hold the slot a moment after its
	// acknowledgement: the widget sends a refused message again after
	// retry_after, so does the test, until it is taken.
	for try := 0; ; try++ {
		refused := len(b.errors)
		b.say("b1", "deuxième question")
		b.until("b1 acknowledged or refused", func() bool { return b.acked("b1")() || len(b.errors) > refused })
		if b.acked("b1")() {
			break
		}
		if e := b.errors[refused]; e.Code != "unavailable" || try == 50 {
			t.Fatalf("b1 sent again once there is room: %s", e.raw)
		}
		time.Sleep(20 * time.Millisecond)
	}
	b.until("b1 answered", b.hasText("Réponse: deuxième question"))
}
