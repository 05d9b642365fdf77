package web

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/guichet/guichet"
)

// reference is the frame as encoding/json writes it, which the widget
// has always parsed.
func reference(evs []guichet.Event, prefix string) []byte {
	f := eventsFrame{Type: typeEvents, Events: make([]wireEvent, len(evs))}
	for i, ev := range evs {
		f.Events[i] = toWire(ev, prefix)
	}
	return mustJSON(f)
}

// TestWireJSONMatchesEncodingJSON: the hand-written frames are byte for
// byte what encoding/json gives, for texts with every kind of character
// and events with and without each optional field.
func TestWireJSONMatchesEncodingJSON(t *testing.T) {
	var all []byte
	for c := range 256 {
		all = append(all, byte(c))
	}
	texts := []string{"", "Bonjour, voici la démarche : <b>ANTS</b> & co.", "ligne 1\nligne 2\t\"cité\" \\ fin",
		string(all), "\u2028\u2029 é 🚗 \xff\xfe invalid", "\x00\x1f\x7f", "https://ants.gouv.fr/?a=1&b=2"}
	prefix := "web:abc/"
	zone := time.FixedZone("x", 5*3600+30*60)
	times := []time.Time{{}, time.Date(2026, 12, 6, 7, 0, 0, 0, time.UTC), time.Date(2026, 1, 2, 3, 4, 5, 123456789, zone),
		time.Date(2026, 1, 2, 3, 4, 5, 120000000, time.UTC)}
	metas := []*guichet.Meta{nil, {}, {Decision: "answer", Entry: "permis.perte", Confidence: 0.9},
		{Status: "waiting", Position: 3, Lang: "en"}, {Position: -1}}
	rng := rand.New(rand.NewPCG(1, 2))
	pick := func() string { return texts[rng.IntN(len(texts))] }
	for n := range 500 {
		evs := make([]guichet.Event, 1+rng.IntN(3))
		for i := range evs {
			ev := guichet.Event{Seq: rng.Int64N(1 << 40), ID: pick(), Role: guichet.RoleBot, Text: pick(),
				Time: times[rng.IntN(len(times))], Meta: metas[rng.IntN(len(metas))]}
			switch rng.IntN(3) {
			case 0:
				ev.Role, ev.ID = guichet.RoleUser, prefix+pick()
			case 1:
				ev.Role, ev.Author = guichet.RoleAgent, pick()
			}
			for range rng.IntN(3) {
				ev.QuickReplies = append(ev.QuickReplies, guichet.QuickReply{Title: pick(), Payload: pick(), Short: pick()})
			}
			evs[i] = ev
		}
		if got, want := encodeEvents(evs, prefix), reference(evs, prefix); !bytes.Equal(got, want) {
			t.Fatalf("case %d: encodeEvents\n%s\nencoding/json\n%s", n, got, want)
		}
		id, seq := pick(), rng.Int64N(1<<40)
		if got, want := encodeAck(id, seq), mustJSON(ackFrame{Type: typeAck, ID: id, Seq: seq}); !bytes.Equal(got, want) {
			t.Fatalf("case %d: encodeAck\n%s\nencoding/json\n%s", n, got, want)
		}
	}
	if !json.Valid(encodeEvents([]guichet.Event{{Text: string(all)}}, prefix)) {
		t.Error("a frame is not valid JSON")
	}
}

func BenchmarkEncodeEvents(b *testing.B) {
	evs := []guichet.Event{{Seq: 12, ID: "web:abc/m1", Role: guichet.RoleBot, Time: time.Now(),
		Text:         "Pour refaire votre permis de conduire après une perte, faites la demande en ligne sur le site de l'ANTS : https://ants.gouv.fr. Il vous faut une photo-signature numérique & un justificatif de domicile.",
		QuickReplies: []guichet.QuickReply{{Title: "Oui", Payload: "FEEDBACK_YES"}, {Title: "Non", Payload: "FEEDBACK_NO"}},
		Meta:         &guichet.Meta{Decision: "answer", Lang: "fr"}}}
	b.Run("hand", func(b *testing.B) {
		for b.Loop() {
			encodeEvents(evs, "web:abc/")
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		for b.Loop() {
			reference(evs, "web:abc/")
		}
	})
}
