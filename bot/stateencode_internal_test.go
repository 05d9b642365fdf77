package bot

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/lang"
)

func checkEncodeState(t *testing.T, st State) {
	t.Helper()
	got, err := encodeState(st)
	want, werr := json.Marshal(toWire(st))
	if (err == nil) != (werr == nil) || !bytes.Equal(got, want) {
		t.Fatalf("encodeState = %s, %v\nencoding/json gives %s, %v", got, err, want, werr)
	}
}

// The hand-written encoding is encoding/json's, byte for byte.
func TestAppendWireMatchesEncodingJSON(t *testing.T) {
	escapes := typicalState()
	escapes.LastQuestion = "il a dit \"<perdu>\" & \\ puis\nrien\u2028\u2029 é\x00\x1f\t"
	escapes.Slots["pays"] = "Côte d'Ivoire \U0001F600 \xff\xfe"
	escapes.Options[0].Short = "a<b>"
	many := typicalState()
	for _, k := range []string{"zone", "vehicule", "pour", "lieu", "evenement", "numero", "a", "ç"} {
		many.Slots[k] = k + "!"
	}
	held := fullState()
	held.Retry, held.Want = &Held{Text: "r"}, &Held{Text: "w", Slot: "pays"}
	badTime := typicalState()
	badTime.Request.At = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
	local := typicalState()
	local.Request.At = time.Date(2026, 1, 2, 3, 4, 5, 6, time.FixedZone("x", 3600))
	for _, st := range []State{{}, fullState(), typicalState(), escapes, many, held, badTime, local,
		{Lang: lang.English, LangChosen: true, LowTurns: -2, TopicAt: time.UnixMilli(-5)}} {
		checkEncodeState(t, st)
	}
}

func FuzzEncodeState(f *testing.F) {
	f.Add("permis.perte", "j'ai perdu <mon> permis", "pays", "Côte d'Ivoire", "web:c/s1-0", "web:c/s1-1", 3, int64(1764930000123))
	f.Add("", "\xff\u2028\"", "", "", "a", "", 0, int64(-1))
	f.Fuzz(func(t *testing.T, topic, question, key, value, id1, id2 string, low int, at int64) {
		st := typicalState()
		st.Topic, st.LastQuestion, st.LowTurns, st.TopicAt = topic, question, low, time.UnixMilli(at).UTC()
		st.Slots[key] = value
		st.Options = append(st.Options, Option{Label: value, Payload: key, Short: question})
		st.Decided = []string{id1, id2}
		st.Request.Text = question
		checkEncodeState(t, st)
		// And what it writes reads back as encoding/json reads it.
		if data, err := encodeState(st); err == nil {
			checkDecodeWire(t, data)
			if _, err := decodeState(data); err != nil {
				t.Fatalf("decodeState(%s): %v", data, err)
			}
		}
	})
}
