package bot

import (
	"encoding/json"
	"slices"
	"strconv"

	"github.com/guichet/guichet/internal/jsonw"
)

// appendWire writes w as encoding/json does (json.Marshal(w) is the
// reference: TestAppendWireMatchesEncodingJSON and its fuzz test), field
// by field: the state is saved with every answer, and reflection made
// that about a thirtieth of the server's CPU per answer. The rare nested
// parts (Form, Pending, Retry, Want) still go through encoding/json.
func appendWire(b []byte, w *wireState) ([]byte, error) {
	b = append(b, `{"v":`...)
	b = strconv.AppendInt(b, int64(w.V), 10)
	b = appendStr(b, "t", w.Topic)
	b = appendInt(b, "ta", w.TopicAt)
	b = appendStr(b, "rd", w.Redirected)
	b = appendStr(b, "tb", w.Before)
	if len(w.Options) > 0 {
		b = append(b, `,"o":[`...)
		for i, o := range w.Options {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"label":`...)
			b = jsonw.AppendString(b, o.Label)
			b = append(b, `,"payload":`...)
			b = jsonw.AppendString(b, o.Payload)
			b = appendStr(b, "short", o.Short)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	b = appendInt(b, "lt", int64(w.LowTurns))
	b = appendStrs(b, "ch", w.Choices)
	b = appendInt(b, "mu", w.MutedUntil)
	var err error
	if w.Form != nil {
		if b, err = appendJSON(b, "f", w.Form); err != nil {
			return nil, err
		}
	}
	b = appendStr(b, "lq", w.LastQuestion)
	b = appendStr(b, "tq", w.TopicQuestion)
	if w.Pending != nil {
		if b, err = appendJSON(b, "p", w.Pending); err != nil {
			return nil, err
		}
	}
	if len(w.Slots) > 0 {
		b = append(b, `,"s":{`...)
		var keys [16]string
		ks := keys[:0]
		for k := range w.Slots {
			ks = append(ks, k)
		}
		slices.Sort(ks)
		for i, k := range ks {
			if i > 0 {
				b = append(b, ',')
			}
			b = jsonw.AppendString(b, k)
			b = append(b, ':')
			b = jsonw.AppendString(b, w.Slots[k])
		}
		b = append(b, '}')
	}
	b = appendStr(b, "fa", w.Facet)
	b = appendStrs(b, "ra", w.Reasked)
	if w.Retry != nil {
		if b, err = appendJSON(b, "r", w.Retry); err != nil {
			return nil, err
		}
	}
	if w.Want != nil {
		if b, err = appendJSON(b, "w", w.Want); err != nil {
			return nil, err
		}
	}
	b = appendStr(b, "dp", w.DecidedPrefix)
	b = appendStrs(b, "d", w.Decided)
	b = appendStrs(b, "rt", w.Rated)
	if r := w.Request; r != nil {
		at, err := r.At.MarshalJSON()
		if err != nil {
			return nil, err
		}
		b = append(b, `,"rq":{"text":`...)
		b = jsonw.AppendString(b, r.Text)
		b = append(b, `,"at":`...)
		b = append(b, at...)
		b = append(b, '}')
	}
	b = appendStr(b, "e", w.Escalated)
	b = appendStr(b, "l", string(w.Lang))
	if w.LangChosen {
		b = append(b, `,"lc":true`...)
	}
	return append(b, '}'), nil
}

// appendStr appends ,"key":"s", unless s is empty (omitempty).
func appendStr(b []byte, key, s string) []byte {
	if s == "" {
		return b
	}
	b = append(b, ',', '"')
	b = append(b, key...)
	b = append(b, '"', ':')
	return jsonw.AppendString(b, s)
}

func appendInt(b []byte, key string, n int64) []byte {
	if n == 0 {
		return b
	}
	b = append(b, ',', '"')
	b = append(b, key...)
	b = append(b, '"', ':')
	return strconv.AppendInt(b, n, 10)
}

func appendStrs(b []byte, key string, ss []string) []byte {
	if len(ss) == 0 {
		return b
	}
	b = append(b, ',', '"')
	b = append(b, key...)
	b = append(b, '"', ':', '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsonw.AppendString(b, s)
	}
	return append(b, ']')
}

func appendJSON(b []byte, key string, v any) ([]byte, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	b = append(b, ',', '"')
	b = append(b, key...)
	b = append(b, '"', ':')
	return append(b, data...), nil
}
