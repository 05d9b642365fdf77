package messenger

import (
	"net/http"
	"testing"

	"github.com/guichet/guichet"
)

// Forget removes one person's window record and the events of theirs
// still queued, and nothing of anyone else.
func TestForgetRemovesWindowAndQueuedEvents(t *testing.T) {
	rdb, prefix, st := redisSetup(t)
	h := newHarness(t, withRedis(rdb, prefix), withStore(st))
	// Two people wrote; the workers are not running yet, so their events
	// wait in the stream (text_batch.json: persons ...1 twice, ...2, ...3).
	if got := h.post(fixture(t, "text_batch.json")); got != http.StatusOK {
		t.Fatalf("webhook status %d", got)
	}
	gone, kept := conv("2000000000000001"), conv("2000000000000002")
	got, err := Forget(t.Context(), rdb, prefix, gone)
	if err != nil || got.Queued != 2 || got.Window {
		t.Fatalf("Forget with queued events = %+v, %v; want 2 queued events and no window yet", got, err)
	}
	h.start()
	h.waitProcessed(2)
	waitFor(t, "answers to the others", func() bool { return len(h.graph.Messages()) == 2 })
	if texts := h.textsTo(gone.Subject()); len(texts) != 0 {
		t.Fatalf("the forgotten person's queued messages were still answered: %q", texts)
	}
	if evs, _ := st.Events(t.Context(), gone, 0, 10); len(evs) != 0 {
		t.Fatalf("a transcript was made from forgotten events: %+v", evs)
	}

	// Once the other person has a window, forgetting them removes it.
	if left, _, _ := h.ch.WindowLeft(t.Context(), kept); left == 0 {
		t.Fatal("no window after a message")
	}
	got, err = Forget(t.Context(), rdb, prefix, kept)
	if err != nil || !got.Window || got.Queued != 0 {
		t.Fatalf("Forget after processing = %+v, %v; want the window record", got, err)
	}
	if left, _, _ := h.ch.WindowLeft(t.Context(), kept); left != 0 {
		t.Fatalf("window still open after Forget: %v", left)
	}
	if left, _, _ := h.ch.WindowLeft(t.Context(), conv("2000000000000003")); left == 0 {
		t.Fatal("Forget removed someone else's window")
	}
	if got, err := Forget(t.Context(), rdb, prefix, guichet.NewConversationID(guichet.ChannelWeb, "abc")); got != (Forgotten{}) || err != nil {
		t.Fatalf("Forget(web conversation) = %+v, %v; want nothing", got, err)
	}
}
