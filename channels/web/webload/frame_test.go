package webload

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

var frameSamples = []string{
	`{"type":"welcome","conversation":"c-1","resumed":false,"reset":false,"max_chars":2000}`,
	`{"type":"ack","id":"s3-4","seq":7}`,
	`{"type":"error","code":"unavailable","message":"Trop de messages, réessayez.","id":"s1-2","retry_after":3000}`,
	`{"type":"events","events":[{"seq":1,"role":"user","client_id":"s0-0","text":"j'ai perdu mon permis \"vite\" \\ \u00e9","at":"2026-12-06T14:00:00Z"},` +
		`{"seq":2,"role":"bot","text":"Si vous avez perdu votre permis…\nhttps://a.b/?x=1&y=2","quick_replies":[{"title":"Oui, merci","payload":"HELPFUL:yes"},{"title":"Non","payload":null}],` +
		`"meta":{"entry":"permis.perte","confidence":0.93,"nested":[[1,-2.5e-3,true,false,null],{}]}}]}`,
	` { "events" : [ ] , "type" : "events" } `,
	`{"type":"events","events":null}`,
	`{"type":null,"id":"a\u0041\/b","events":[{"role":"b\u00f4t","client_id":"x\ty"}]}`,
	`{"type":"typing","on":true}`,
	`{"type":"events","events":[{"role":"bot","client_id":"","meta":{"decision":"handoff","position":3}},{"role":"bot","meta":null}]}`,
	`{}`,
}

// TestParseFrameAsUnmarshal: the generator's reader finds what
// json.Unmarshal finds in the frames the server sends.
func TestParseFrameAsUnmarshal(t *testing.T) {
	for _, s := range frameSamples {
		checkFrame(t, []byte(s))
	}
}

func TestParseFrameRefusesBrokenJSON(t *testing.T) {
	for _, s := range []string{``, `{`, `{"type":"events"`, `{"type":"events",}`, `{"type" "x"}`, `{"type":"a"} x`,
		`{"events":[{"role":"user"]}`, `{"text":"a` + "\n" + `b"}`, `[1,2]`, `{"on":tru}`} {
		if f, err := parseFrame([]byte(s)); err == nil {
			t.Errorf("parseFrame(%q) = %+v, want an error", s, f)
		}
	}
}

func FuzzParseFrame(f *testing.F) {
	for _, s := range frameSamples {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if json.Valid(data) && bytes.HasPrefix(bytes.TrimLeft(data, " \t\r\n"), []byte("{")) {
			checkFrame(t, data)
		}
	})
}

func checkFrame(t *testing.T, data []byte) {
	t.Helper()
	var want frame
	werr := json.Unmarshal(data, &want)
	if werr != nil {
		return // a frame of the wrong shape (such as "type":1): the generator skips it either way
	}
	got, err := parseFrame(data)
	if err != nil {
		t.Fatalf("parseFrame(%s): %v, json.Unmarshal read %+v", data, err, want)
	}
	if len(got.Events) == 0 && len(want.Events) == 0 {
		got.Events, want.Events = nil, nil
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("parseFrame(%s) = %+v, json.Unmarshal reads %+v", data, got, want)
	}
}

// TestMessageFrame: the question frame is the bytes json.Marshal wrote.
func TestMessageFrame(t *testing.T) {
	for _, text := range []string{"j'ai perdu mon permis", `un "guillemet" \ <b> & é` + "\n\u2028", "\xff invalide"} {
		want, _ := json.Marshal(map[string]string{"type": "message", "id": "s12-345", "text": text})
		if got := messageFrame("s12-345", text); !bytes.Equal(got, want) {
			t.Errorf("messageFrame(%q) = %s, want %s", text, got, want)
		}
	}
	if got := questionID(12, 345); got != "s12-345" {
		t.Errorf("questionID(12, 345) = %q", got)
	}
}

func BenchmarkParseFrame(b *testing.B) {
	data := []byte(frameSamples[3])
	b.Run("parseFrame", func(b *testing.B) {
		for b.Loop() {
			parseFrame(data)
		}
	})
	b.Run("json.Unmarshal", func(b *testing.B) {
		for b.Loop() {
			var f frame
			json.Unmarshal(data, &f)
		}
	})
}
