package bot

import (
	"bytes"
	"encoding/json"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/guichet/guichet/internal/lang"
)

// A conversation's state is loaded and saved with every message, so it is
// stored compactly: version 2 of its encoding is JSON with short keys,
// times in Unix milliseconds, zero values left out, and the ids of the
// messages decided on written after their common prefix (a widget
// message's id starts with its conversation's, 37 bytes repeated up to 32
// times). Version 1, State's own JSON, was written until December 2026:
// such a state still loads, and is saved in version 2 the next time.

// stateV2 starts every state of version 2. No version 1 state starts so:
// its keys are State's JSON names.
var stateV2 = []byte(`{"v":2`)

// wireState is version 2. Every field of State has one here (the codec
// tests check it), plus V and DecidedPrefix.
type wireState struct {
	V             int               `json:"v"`
	Topic         string            `json:"t,omitempty"`
	TopicAt       int64             `json:"ta,omitempty"`
	Redirected    string            `json:"rd,omitempty"`
	Before        string            `json:"tb,omitempty"`
	Options       []Option          `json:"o,omitempty"`
	LowTurns      int               `json:"lt,omitempty"`
	Choices       []string          `json:"ch,omitempty"`
	MutedUntil    int64             `json:"mu,omitempty"`
	Form          *Form             `json:"f,omitempty"`
	LastQuestion  string            `json:"lq,omitempty"`
	TopicQuestion string            `json:"tq,omitempty"`
	Pending       *Pending          `json:"p,omitempty"`
	Slots         map[string]string `json:"s,omitempty"`
	Facet         string            `json:"fa,omitempty"`
	Reasked       []string          `json:"ra,omitempty"`
	Retry         *Held             `json:"r,omitempty"`
	Want          *Held             `json:"w,omitempty"`
	DecidedPrefix string            `json:"dp,omitempty"`
	Decided       []string          `json:"d,omitempty"`
	Rated         []string          `json:"rt,omitempty"`
	Request       *Request          `json:"rq,omitempty"`
	Escalated     string            `json:"e,omitempty"`
	Lang          lang.Lang         `json:"l,omitempty"`
	LangChosen    bool              `json:"lc,omitempty"`
}

// encodeState returns st in version 2.
func encodeState(st State) ([]byte, error) {
	w := toWire(st)
	size := 64 + len(w.Topic) + len(w.LastQuestion) + len(w.TopicQuestion) + len(w.DecidedPrefix)
	for _, id := range w.Decided {
		size += len(id) + 3
	}
	for _, o := range w.Options {
		size += 32 + len(o.Label) + len(o.Payload) + len(o.Short)
	}
	for k, v := range w.Slots {
		size += 6 + len(k) + len(v)
	}
	if w.Request != nil {
		size += 50 + len(w.Request.Text)
	}
	return appendWire(make([]byte, 0, size), &w)
}

// toWire is st as version 2 writes it.
func toWire(st State) wireState {
	prefix := commonPrefix(st.Decided)
	w := wireState{V: 2, Topic: st.Topic, TopicAt: unixMilli(st.TopicAt), Redirected: st.Redirected, Before: st.Before, Options: st.Options,
		LowTurns: st.LowTurns, Choices: st.Choices, MutedUntil: unixMilli(st.MutedUntil), Form: st.Form,
		LastQuestion: st.LastQuestion, TopicQuestion: st.TopicQuestion, Pending: st.Pending, Slots: st.Slots, Facet: st.Facet,
		Reasked: st.Reasked, Retry: st.Retry, Want: st.Want, DecidedPrefix: prefix, Rated: st.Rated,
		Request: st.Request, Escalated: st.Escalated, Lang: st.Lang, LangChosen: st.LangChosen}
	if len(st.Decided) > 0 {
		w.Decided = make([]string, len(st.Decided))
		for i, id := range st.Decided {
			w.Decided[i] = id[len(prefix):]
		}
	}
	return w
}

// decodeState reads a state of either version; no data is a new
// conversation's empty state.
func decodeState(data []byte) (State, error) {
	var s State
	if len(data) == 0 {
		return s, nil
	}
	if !bytes.HasPrefix(data, stateV2) {
		err := json.Unmarshal(data, &s) // version 1
		return s, err
	}
	var w wireState
	full, ok := decodeWire(data, &w)
	if !ok {
		w, full = wireState{}, false
		if err := json.Unmarshal(data, &w); err != nil {
			return s, err
		}
	}
	return fromWire(&w, full), nil
}

// fromWire is the state w holds. full says its decided ids are whole
// already (decodeWire adds the prefix as it reads them).
func fromWire(w *wireState, full bool) State {
	s := State{Topic: w.Topic, TopicAt: fromUnixMilli(w.TopicAt), Redirected: w.Redirected, Before: w.Before, Options: w.Options, LowTurns: w.LowTurns,
		Choices: w.Choices, MutedUntil: fromUnixMilli(w.MutedUntil), Form: w.Form, LastQuestion: w.LastQuestion,
		TopicQuestion: w.TopicQuestion,
		Pending:       w.Pending, Slots: w.Slots, Facet: w.Facet, Reasked: w.Reasked, Retry: w.Retry, Want: w.Want,
		Rated: w.Rated, Request: w.Request, Escalated: w.Escalated, Lang: w.Lang, LangChosen: w.LangChosen}
	switch {
	case full || len(w.Decided) == 0:
		if len(w.Decided) > 0 {
			s.Decided = w.Decided
		}
	default:
		s.Decided = make([]string, len(w.Decided))
		for i, id := range w.Decided {
			s.Decided[i] = w.DecidedPrefix + id
		}
	}
	return s
}

// commonPrefix is the longest prefix of every id that ends between two
// characters in each (JSON would mangle half a character).
func commonPrefix(ids []string) string {
	if len(ids) < 2 {
		return ""
	}
	n := len(ids[0])
	for _, id := range ids[1:] {
		n = min(n, len(id))
		for i := range n {
			if id[i] != ids[0][i] {
				n = i
				break
			}
		}
	}
	for n > 0 && slices.ContainsFunc(ids, func(id string) bool { return n < len(id) && !utf8.RuneStart(id[n]) }) {
		n--
	}
	return ids[0][:n]
}

// unixMilli is t in Unix milliseconds, 0 for the zero time.
func unixMilli(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func fromUnixMilli(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms).UTC()
}
