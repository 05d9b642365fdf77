package bot_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/guichet/guichet"
)

// stateV1 is a state as the engine saved it until December 2026 (State's
// own JSON): the conversation has just been answered about a lost licence.
const stateV1 = `{"topic":"permis.perte","topic_at":"2026-11-23T09:59:00.123456789Z",` +
	`"options":[{"label":"Permis volé","payload":"ENTRY:permis.vol"},{"label":"Permis abîmé","payload":"ENTRY:permis.deterioration"},` +
	`{"label":"Parler à un conseiller","payload":"HANDOFF"}],"muted_until":"0001-01-01T00:00:00Z",` +
	`"last_question":"j'ai perdu mon permis de conduire","slots":{"document":"permis","evenement":"perte"},` +
	`"decided":["m1"],"lang":"fr"}`

// A state saved in the first encoding still loads after an upgrade: the
// follow-up is answered in its context, the message decided on is not
// answered twice, and the state is then saved in the compact encoding.
func TestStateOfVersion1Loads(t *testing.T) {
	ctx := context.Background()
	alone := newHarness(t).say("et combien ça coûte ?")
	if entryOf(alone) == "permis.perte" {
		t.Fatal("the follow-up alone is answered about the lost licence: the test needs the state to tell")
	}
	h := newHarness(t)
	if _, err := h.st.SaveState(ctx, h.conv, []byte(stateV1), 0); err != nil {
		t.Fatal(err)
	}
	h.n = 1 // the next message is m2
	if got := entryOf(h.say("et combien ça coûte ?")); got != "permis.perte" {
		t.Errorf("follow-up after a version 1 state answered %q, want permis.perte", got)
	}
	before := len(h.events())
	m1 := guichet.Message{ID: "m1", Conversation: h.conv, Text: "j'ai perdu mon permis de conduire", Time: h.now}
	if err := h.eng.Handle(ctx, m1); err != nil {
		t.Fatal(err)
	}
	if n := len(h.events()) - before; n != 1 {
		t.Errorf("message m1, decided on in the version 1 state, got %d replies, want none", n-1)
	}
	data, _, _ := h.st.LoadState(ctx, h.conv)
	if !bytes.HasPrefix(data, []byte(`{"v":2`)) {
		t.Errorf("state saved after the upgrade: %s, want version 2", data)
	}
}

// A conversation muted in a version 1 state (a person answered from Meta's
// inbox) stays quiet.
func TestMutedStateOfVersion1StaysQuiet(t *testing.T) {
	h := newHarness(t)
	muted := `{"muted_until":"2026-11-23T22:00:00Z","decided":["m0"],"lang":"fr"}`
	if _, err := h.st.SaveState(context.Background(), h.conv, []byte(muted), 0); err != nil {
		t.Fatal(err)
	}
	if r := h.say("j'ai perdu mon permis de conduire"); len(r) != 0 {
		t.Errorf("muted conversation answered %q", r[0].Text)
	}
}
