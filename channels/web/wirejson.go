package web

import (
	"strconv"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/internal/jsonw"
)

// The frames written for every answer are encoded by hand: the same bytes
// as encoding/json gives the frame types (TestWireJSONMatchesEncodingJSON),
// without its reflection, which cost more than the socket writes and grew
// each writer goroutine's stack.

// encodeEvents is the events frame of evs for a client whose message ids
// the channel prefixed with prefix.
func encodeEvents(evs []guichet.Event, prefix string) []byte {
	size := 32
	for _, ev := range evs {
		size += 160 + len(ev.ID) + len(ev.Author) + len(ev.Text)
		for _, q := range ev.QuickReplies {
			size += 40 + len(q.Title) + len(q.Payload) + len(q.Short)
		}
	}
	b := make([]byte, 0, size)
	b = append(b, `{"type":"events","events":[`...)
	for i, ev := range evs {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendWireEvent(b, toWire(ev, prefix))
	}
	return append(b, "]}"...)
}

// encodeAck is the JSON of an ackFrame.
func encodeAck(id string, seq int64) []byte {
	b := make([]byte, 0, 40+len(id))
	b = append(b, `{"type":"ack","id":`...)
	b = appendJSONString(b, id)
	b = append(b, `,"seq":`...)
	b = strconv.AppendInt(b, seq, 10)
	return append(b, '}')
}

func appendWireEvent(b []byte, w wireEvent) []byte {
	b = append(b, `{"seq":`...)
	b = strconv.AppendInt(b, w.Seq, 10)
	b = appendField(b, "id", w.ID)
	if w.ClientID != "" {
		b = appendField(b, "client_id", w.ClientID)
	}
	b = appendField(b, "role", string(w.Role))
	if w.Author != "" {
		b = appendField(b, "author", w.Author)
	}
	b = appendField(b, "text", w.Text)
	if len(w.QuickReplies) > 0 {
		b = append(b, `,"quick_replies":[`...)
		for i, q := range w.QuickReplies {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"title":`...)
			b = appendJSONString(b, q.Title)
			b = appendField(b, "payload", q.Payload)
			if q.Short != "" {
				b = appendField(b, "short", q.Short)
			}
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	b = append(b, `,"time":`...)
	b = appendJSONTime(b, w.Time)
	if m := w.Meta; m != nil {
		b = appendWireMeta(b, m)
	}
	return append(b, '}')
}

func appendWireMeta(b []byte, m *wireMeta) []byte {
	b = append(b, `,"meta":{`...)
	n := len(b)
	if m.Decision != "" {
		b = appendField(b, "decision", m.Decision)
	}
	if m.Status != "" {
		b = appendField(b, "status", m.Status)
	}
	if m.Position != 0 {
		b = append(b, `,"position":`...)
		b = strconv.AppendInt(b, int64(m.Position), 10)
	}
	if m.Lang != "" {
		b = appendField(b, "lang", m.Lang)
	}
	if len(b) > n {
		b = append(b[:n], b[n+1:]...) // the first field's comma
	}
	return append(b, '}')
}

// appendField appends ,"name":"value"; name needs no escaping.
func appendField(b []byte, name, value string) []byte {
	b = append(b, ',', '"')
	b = append(b, name...)
	b = append(b, '"', ':')
	return appendJSONString(b, value)
}

// appendJSONTime is time.Time's MarshalJSON, which fails only for years
// outside 0-9999, which no event has (they are stamped with the clock):
// such a time is written as the zero time rather than break the frame.
func appendJSONTime(b []byte, t time.Time) []byte {
	if y := t.Year(); y < 0 || y > 9999 {
		t = time.Time{}
	}
	b = append(b, '"')
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b, '"')
}

// appendJSONString quotes s as encoding/json does (internal/jsonw).
func appendJSONString(b []byte, s string) []byte { return jsonw.AppendString(b, s) }
