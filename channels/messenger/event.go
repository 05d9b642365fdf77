package messenger

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
)

// eventKind says what an inbound event is.
type eventKind string

const (
	kindMessage  eventKind = "message"  // text, quick-reply tap, attachments
	kindPostback eventKind = "postback" // button, menu, get started, ice breaker
	kindEcho     eventKind = "echo"     // a message the page sent
	kindDelivery eventKind = "delivery"
	kindRead     eventKind = "read"
	kindOther    eventKind = "other" // reactions, referrals, optins: not handled
)

// inbound is one webhook event, normalised and validated, as the ingestion
// queue stores it.
type inbound struct {
	Kind        eventKind `json:"k"`
	Standby     bool      `json:"sb,omitempty"` // another app owns the thread
	PSID        string    `json:"p"`            // the person (recipient of an echo)
	Time        int64     `json:"t"`            // milliseconds since the epoch
	MID         string    `json:"m,omitempty"`
	Text        string    `json:"x,omitempty"`
	Payload     string    `json:"y,omitempty"`
	Attachments int       `json:"a,omitempty"`
	Ours        bool      `json:"o,omitempty"` // echo of a message this app sent
}

// webhookBody is the POST body Meta sends.
type webhookBody struct {
	Object string `json:"object"`
	Entry  []struct {
		ID        flexString `json:"id"`
		Messaging []rawEvent `json:"messaging"`
		Standby   []rawEvent `json:"standby"`
	} `json:"entry"`
}

type rawEvent struct {
	Sender    struct{ ID flexString } `json:"sender"`
	Recipient struct{ ID flexString } `json:"recipient"`
	Timestamp flexInt                 `json:"timestamp"`
	Message   *struct {
		MID        string     `json:"mid"`
		Text       string     `json:"text"`
		IsEcho     bool       `json:"is_echo"`
		AppID      flexString `json:"app_id"`
		Metadata   string     `json:"metadata"`
		QuickReply *struct {
			Payload string `json:"payload"`
		} `json:"quick_reply"`
		Attachments []json.RawMessage `json:"attachments"`
	} `json:"message"`
	Postback *struct {
		MID     string `json:"mid"`
		Title   string `json:"title"`
		Payload string `json:"payload"`
	} `json:"postback"`
	Delivery *json.RawMessage `json:"delivery"`
	Read     *json.RawMessage `json:"read"`
}

// flexInt decodes a number or a string of digits: some sample payloads
// carry timestamps as strings.
type flexInt int64

func (f *flexInt) UnmarshalJSON(b []byte) error {
	s := string(bytes.Trim(b, `"`))
	if s == "" || s == "null" {
		*f = 0
		return nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return fmt.Errorf("want an integer timestamp, got %s", b)
	}
	*f = flexInt(n)
	return nil
}

// flexString decodes a string or a number: ids such as app_id arrive as
// numbers.
type flexString string

func (f *flexString) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flexString(s)
		return nil
	}
	if string(b) == "null" {
		*f = ""
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("want an id, got %s", b)
	}
	*f = flexString(n.String())
	return nil
}

// normalise turns a raw event into an inbound one. appID identifies our
// own echoes.
func normalise(r rawEvent, standby bool, appID string) inbound {
	in := inbound{Standby: standby, PSID: string(r.Sender.ID), Time: int64(r.Timestamp)}
	switch {
	case r.Message != nil && r.Message.IsEcho:
		m := r.Message
		in.Kind, in.PSID, in.MID = kindEcho, string(r.Recipient.ID), m.MID
		in.Ours = isOurEcho(string(m.AppID), m.Metadata, appID)
	case r.Message != nil:
		m := r.Message
		in.Kind, in.MID, in.Text, in.Attachments = kindMessage, m.MID, m.Text, len(m.Attachments)
		if m.QuickReply != nil {
			in.Payload = m.QuickReply.Payload
		}
	case r.Postback != nil:
		p := r.Postback
		in.Kind, in.MID, in.Text, in.Payload = kindPostback, p.MID, p.Title, p.Payload
		if in.MID == "" {
			// Older postbacks carry no mid; sender and time identify them.
			in.MID = "pb." + in.PSID + "." + strconv.FormatInt(in.Time, 10)
		}
	case r.Delivery != nil:
		in.Kind = kindDelivery
	case r.Read != nil:
		in.Kind = kindRead
	default:
		in.Kind = kindOther
	}
	return in
}

// isOurEcho: every message this app sends carries metadataPrefix, which
// the echo repeats; app_id confirms it when the app id is configured.
func isOurEcho(echoApp, metadata, ourApp string) bool {
	if ourApp != "" && echoApp == ourApp {
		return true
	}
	return len(metadata) >= len(metadataPrefix) && metadata[:len(metadataPrefix)] == metadataPrefix
}

// metadataPrefix marks the messages Guichet sends (message.metadata).
const metadataPrefix = "guichet:"
