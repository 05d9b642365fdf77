package web

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/guichet/guichet"
)

// Frame types of the widget protocol (docs/widget-protocol.md).
const (
	typeHello   = "hello"
	typeMessage = "message"
	typePing    = "ping"
	typeWelcome = "welcome"
	typeEvents  = "events"
	typeAck     = "ack"
	typeError   = "error"
	typeTyping  = "typing"
	typePong    = "pong"
)

// Error codes sent to the client. Retryable ones keep the message in the
// client's outbox.
const (
	codeBadRequest  = "bad_request" // not a frame of the protocol; not retried
	codeInvalid     = "invalid"     // the message was refused; not retried
	codeTooMany     = "too_many"    // rate limited; retry after retry_after ms
	codeUnavailable = "unavailable" // the service failed; retry later
)

// inbound is every frame a client may send; Type says which fields count.
type inbound struct {
	Type         string `json:"type"`
	Conversation string `json:"conversation,omitempty"` // hello
	After        int64  `json:"after,omitempty"`        // hello
	ID           string `json:"id,omitempty"`           // message
	Text         string `json:"text,omitempty"`         // message
	Payload      string `json:"payload,omitempty"`      // message
	On           bool   `json:"on,omitempty"`           // typing
}

type welcomeFrame struct {
	Type         string `json:"type"`
	Conversation string `json:"conversation"`
	Resumed      bool   `json:"resumed"`
	Reset        bool   `json:"reset,omitempty"`
	MaxChars     int    `json:"max_chars"`
}

type eventsFrame struct {
	Type   string      `json:"type"`
	Events []wireEvent `json:"events"`
}

type ackFrame struct {
	Type string `json:"type"`
	ID   string `json:"id"`
	Seq  int64  `json:"seq"`
}

type errorFrame struct {
	Type       string `json:"type"`
	Code       string `json:"code"`
	Message    string `json:"message"`
	ID         string `json:"id,omitempty"`
	RetryAfter int64  `json:"retry_after,omitempty"` // milliseconds
}

type typingFrame struct {
	Type string `json:"type"`
	On   bool   `json:"on"`
}

// wireEvent is a transcript event as the widget sees it: the bot's
// reasoning (candidates, confidence, entry) stays on the server.
type wireEvent struct {
	Seq          int64                `json:"seq"`
	ID           string               `json:"id"`
	ClientID     string               `json:"client_id,omitempty"`
	Role         guichet.Role         `json:"role"`
	Author       string               `json:"author,omitempty"`
	Text         string               `json:"text"`
	QuickReplies []guichet.QuickReply `json:"quick_replies,omitempty"`
	Time         time.Time            `json:"time"`
	Meta         *wireMeta            `json:"meta,omitempty"`
}

type wireMeta struct {
	Decision string `json:"decision,omitempty"`
	Status   string `json:"status,omitempty"`
	Position int    `json:"position,omitempty"`
	Lang     string `json:"lang,omitempty"` // the language the text is in: fr or en
}

// toWire trims ev for the client. prefix is what the channel put before the
// client's message ids ("web:abc…/"); a user event carrying one gets its
// client id back so that the client can match it with what it sent.
func toWire(ev guichet.Event, prefix string) wireEvent {
	w := wireEvent{Seq: ev.Seq, ID: ev.ID, Role: ev.Role, Author: ev.Author, Text: ev.Text,
		QuickReplies: ev.QuickReplies, Time: ev.Time}
	if ev.Role == guichet.RoleUser {
		if id, ok := strings.CutPrefix(ev.ID, prefix); ok {
			w.ClientID = id
		}
	}
	if m := ev.Meta; m != nil && (m.Decision != "" || m.Status != "" || m.Position != 0 || m.Lang != "") {
		w.Meta = &wireMeta{Decision: m.Decision, Status: m.Status, Position: m.Position, Lang: m.Lang}
	}
	return w
}

// mustJSON encodes frames made only of strings, numbers, slices and times,
// which cannot fail.
func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic("web: encode frame: " + err.Error())
	}
	return b
}

var pongFrame = mustJSON(struct {
	Type string `json:"type"`
}{typePong})

func newErrorFrame(code, id, message string, retryAfter time.Duration) []byte {
	return mustJSON(errorFrame{Type: typeError, Code: code, Message: message, ID: id,
		RetryAfter: retryAfter.Milliseconds()})
}

// Citizen-facing error texts.
const (
	msgBadJSON     = "Message illisible : le widget doit envoyer du JSON."
	msgBadType     = "Type de message inconnu."
	msgTooMany     = "Vous envoyez beaucoup de messages : le vôtre partira dans quelques secondes."
	msgUnavailable = "Le service est momentanément indisponible : votre message sera renvoyé automatiquement."
	msgRefused     = "Votre message n'a pas pu être pris en compte."
)
