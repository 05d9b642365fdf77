package bot

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/lang"
)

// typicalState is a widget conversation's state after a few questions.
func typicalState() State {
	st := State{Topic: "permis.perte", TopicAt: time.UnixMilli(1764930000123).UTC(),
		LastQuestion: "j'ai perdu mon permis de conduire, que faire ?", TopicQuestion: "permis perdu",
		Options: []Option{{Label: "Permis volé", Payload: "ENTRY:permis.vol", Short: "Volé"},
			{Label: "Parler à un conseiller", Payload: "HANDOFF"}},
		Slots:   map[string]string{"document": "permis", "evenement": "perte"},
		Request: &Request{Text: "j'ai perdu mon permis", At: time.UnixMilli(1764930000123).UTC()}, Lang: lang.French}
	for i := range 12 {
		st.decided("web:2ef537ff9ecd8c83b2de226e726efec3/s19-" + string(rune('a'+i)))
	}
	return st
}

func mustEncode(t testing.TB, st State) []byte {
	t.Helper()
	data, err := encodeState(st)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// checkDecodeWire fails if decodeWire accepts data and reads anything but
// what encoding/json reads.
func checkDecodeWire(t *testing.T, data []byte) bool {
	t.Helper()
	var w wireState
	full, ok := decodeWire(data, &w)
	if !ok {
		return false
	}
	got := fromWire(&w, full)
	var ref wireState
	if err := json.Unmarshal(data, &ref); err != nil {
		t.Fatalf("decodeWire accepted %s, which encoding/json refuses: %v", data, err)
	}
	if want := fromWire(&ref, false); !reflect.DeepEqual(got, want) {
		t.Fatalf("decodeWire(%s) = %+v\nencoding/json reads %+v", data, got, want)
	}
	return true
}

// The states the engine writes take the hand-written path, and read as
// encoding/json reads them.
func TestDecodeWireReadsWhatEncodeStateWrites(t *testing.T) {
	escapes := typicalState()
	escapes.LastQuestion = "il a dit \"<perdu>\" & \\ puis\nrien\u2028 é\x00"
	escapes.Slots["pays"] = "Côte d'Ivoire \u00e9\U0001F600"
	bad := typicalState()
	bad.LastQuestion = "octet invalide \xff ici"
	empty := typicalState()
	empty.Options, empty.Slots, empty.Choices = []Option{}, map[string]string{}, []string{}
	for _, st := range []State{{}, fullState(), typicalState(), escapes, bad, empty} {
		data := mustEncode(t, st)
		if !checkDecodeWire(t, data) {
			t.Errorf("decodeWire refuses %s: the engine's states should not need encoding/json", data)
		}
	}
	// The prefix after the ids: read as encoding/json reads it.
	if !checkDecodeWire(t, []byte(`{"v":2,"d":["a","b"],"dp":"web:"}`)) {
		t.Error("decodeWire refuses decided ids before their prefix")
	}
}

// What encodeState never writes goes to encoding/json, which is then the
// reference.
func TestDecodeWireLeavesOddInputToEncodingJSON(t *testing.T) {
	for _, in := range []string{
		`{"v":2,"s":{"a":"b"},"s":{"c":"d"}}`,       // repeated: encoding/json merges maps
		`{"v":2,"f":{"kind":"x"},"f":{"step":"y"}}`, // and pointed-to structs
		`{"v":2,"t":null}`,
		`{"v":2,"T":"permis"}`, // encoding/json matches keys without case
		`{"v":2,"x":1}`,
		`{"v":2,"lt":1.0}`,
		`{"v":2,"lt":1e2}`,
		`{"v":2,"lt":01}`,
		`{"v":2,"ta":99999999999999999999}`,
		`{"v":2}x`,
		`{"v":2,}`,
		`{"v":2,"o":[{"label":"a","Label":"b"}]}`,
		`{"v":2,"o":[{"label":"a","x":1}]}`,
		`{"v":2,"rq":{"text":"a","at":null}}`,
		`{"v":2,"rq":{"text":"a","at":"hier"}}`,
		`{"v":2,"t":"a` + "\x01" + `"}`,
		`{"v":2,"p":{"message":"m","replies":[}}`,
		`{"v":2,"lc":tru}`,
		`{"v":2,"d":["a",]}`,
	} {
		if checkDecodeWire(t, []byte(in)) {
			t.Errorf("decodeWire accepts %s: it should leave it to encoding/json", in)
		}
	}
}

func FuzzDecodeWire(f *testing.F) {
	for _, st := range []State{{}, fullState(), typicalState()} {
		f.Add(mustEncode(f, st))
	}
	f.Add([]byte(`{"v":2,"t":"a\"b\u00e9","lt":-0,"lc":true,"s":{},"o":[],"rq":{"at":"2026-01-02T03:04:05Z","text":"x"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkDecodeWire(t, data)
		// And the whole decoder: the same state, or a failure where
		// encoding/json fails.
		got, err := decodeState(data)
		if len(data) == 0 {
			return
		}
		if isV2(data) {
			var w wireState
			if werr := json.Unmarshal(data, &w); (err == nil) != (werr == nil) {
				t.Fatalf("decodeState(%q): %v; encoding/json: %v", data, err, werr)
			}
			return
		}
		var want State
		werr := json.Unmarshal(data, &want)
		if (err == nil) != (werr == nil) || !reflect.DeepEqual(got, want) {
			t.Fatalf("decodeState(%q) = %+v, %v; encoding/json: %+v, %v", data, got, err, want, werr)
		}
	})
}

func isV2(data []byte) bool {
	return len(data) >= len(stateV2) && string(data[:len(stateV2)]) == string(stateV2)
}

// BenchmarkDecodeState: a typical widget state, as the engine loads it
// with every message, and through encoding/json as before.
func BenchmarkDecodeState(b *testing.B) {
	data := mustEncode(b, typicalState())
	b.Run("hand", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := decodeState(data); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var w wireState
			if err := json.Unmarshal(data, &w); err != nil {
				b.Fatal(err)
			}
			_ = fromWire(&w, false)
		}
	})
}

// BenchmarkEncodeState: the same state saved, and through encoding/json
// as before.
func BenchmarkEncodeState(b *testing.B) {
	st := typicalState()
	b.Run("hand", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := encodeState(st); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := json.Marshal(toWire(st)); err != nil {
				b.Fatal(err)
			}
		}
	})
}
