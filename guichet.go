// Package guichet holds the domain vocabulary shared by every part of the
// service: conversations and channels, the messages citizens send, the events
// recorded in a transcript, and the small interfaces that adapters implement.
//
// It has no dependencies beyond the standard library. Technology lives in
// subpackages (kb, bot, store, channels/..., handoff, console) and only
// internal/app wires them together (for cmd/guichet and cmd/guichet-load).
package guichet

import (
	"context"
	"strings"
	"time"
)

// Channel names the transport a conversation happens on.
type Channel string

// The channels Guichet speaks.
const (
	ChannelWeb       Channel = "web"       // the website chat widget
	ChannelMessenger Channel = "messenger" // the agency's Facebook page
	ChannelCLI       Channel = "cli"       // guichet ask / guichet chat, and tests
)

// Valid reports whether c is one of the known channels.
func (c Channel) Valid() bool {
	switch c {
	case ChannelWeb, ChannelMessenger, ChannelCLI:
		return true
	}
	return false
}

// ConversationID identifies one person's conversation on one channel. Its
// text form is "channel:subject", where subject is the person's id on that
// channel (the widget's random conversation id, the Messenger PSID). It is
// safe to use in URLs and Redis keys.
type ConversationID string

// NewConversationID joins a channel and the person's id on that channel.
func NewConversationID(ch Channel, subject string) ConversationID {
	return ConversationID(string(ch) + ":" + subject)
}

// ParseConversationID checks the text form of a conversation id.
func ParseConversationID(s string) (ConversationID, error) {
	ch, subject, ok := strings.Cut(s, ":")
	if !ok || !Channel(ch).Valid() {
		return "", Errorf(Invalid, "parse conversation id", "want channel:subject with channel web, messenger or cli")
	}
	if subject == "" || len(subject) > 128 {
		return "", Errorf(Invalid, "parse conversation id", "subject must be 1 to 128 characters")
	}
	for _, r := range subject {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return "", Errorf(Invalid, "parse conversation id", "subject may hold only letters, digits, '-' and '_'")
		}
	}
	return ConversationID(s), nil
}

// Channel returns the channel part of the id.
func (c ConversationID) Channel() Channel {
	ch, _, _ := strings.Cut(string(c), ":")
	return Channel(ch)
}

// Subject returns the person's id on the channel.
func (c ConversationID) Subject() string {
	_, s, _ := strings.Cut(string(c), ":")
	return s
}

// Role says who wrote an event of a transcript.
type Role string

// Authors of transcript events.
const (
	RoleUser   Role = "user"   // the citizen
	RoleBot    Role = "bot"    // the assistant
	RoleAgent  Role = "agent"  // a human agent of the contact centre
	RoleSystem Role = "system" // status notices: hand-off, queue position, agent joined
)

// QuickReply is a suggested answer shown as a button. Payload is what comes
// back when the person taps it; Title is what they see.
type QuickReply struct {
	Title   string `json:"title"`
	Payload string `json:"payload"`
	// Short is the title where buttons are small (Messenger: at most 20
	// characters, distinct within one message); Title when empty. The
	// widget shows Title.
	Short string `json:"short,omitempty"`
}

// Message is what a citizen sent, as a channel adapter hands it to the bot.
type Message struct {
	// ID is the channel's own id for the message (Messenger mid, widget
	// client message id). Messages are deduplicated on it.
	ID           string
	Conversation ConversationID
	Text         string
	// Payload is set when the person tapped a quick reply or a postback.
	Payload string
	// Attachments counts files, images or stickers the assistant cannot read.
	Attachments int
	Time        time.Time
	// Redelivered says that the channel hands the message over again
	// because the process that was handling it stopped before finishing
	// (a crash): if it was recorded but never decided on, the bot decides
	// now, however old it is.
	Redelivered bool
}

// Reply is one message to send to a citizen.
type Reply struct {
	// ID, when set, makes sending idempotent: a reply whose ID is already
	// in the transcript is not recorded twice (it is delivered again, so
	// that a reply interrupted by a crash still reaches the person).
	ID           string
	Role         Role
	Author       string // agent display name, for RoleAgent
	Text         string
	QuickReplies []QuickReply
	// Meta carries the bot's decision for the transcript and the agent console.
	Meta *Meta
}

// Meta records why the bot said what it said.
type Meta struct {
	Decision   string      `json:"decision,omitempty"` // answer, clarify, handoff, fallback, smalltalk...
	Entry      string      `json:"entry,omitempty"`    // knowledge-base entry acted on
	Facet      string      `json:"facet,omitempty"`    // the facet of Entry answered (kb.FacetNames), "" for the whole answer
	Confidence float64     `json:"confidence,omitempty"`
	Candidates []Candidate `json:"candidates,omitempty"`
	Ticket     string      `json:"ticket,omitempty"`
	Status     string      `json:"status,omitempty"` // system notices: waiting, assigned, resolved...
	Position   int         `json:"position,omitempty"`
	// Lang is the language the reply is written in ("fr", "en"): the
	// conversation's, for bot replies and notices.
	Lang string `json:"lang,omitempty"`
}

// Candidate is a knowledge-base entry the matcher considered.
type Candidate struct {
	Entry      string  `json:"entry"`
	Title      string  `json:"title,omitempty"`
	Confidence float64 `json:"confidence"`
}

// Event is one line of a conversation's transcript. Seq numbers start at 1
// and grow by one per conversation; clients resume from the last Seq seen.
type Event struct {
	Seq          int64        `json:"seq"`
	ID           string       `json:"id"`
	Role         Role         `json:"role"`
	Author       string       `json:"author,omitempty"`
	Text         string       `json:"text"`
	QuickReplies []QuickReply `json:"quick_replies,omitempty"`
	Time         time.Time    `json:"time"`
	Meta         *Meta        `json:"meta,omitempty"`
}

// Sender sends a reply into a conversation on its own channel and records
// it in the transcript. Both the bot and the hand-off use it.
//
// Errors: Invalid (empty or oversized reply), Forbidden (the channel refuses:
// outside the Messenger window, person blocked the page), Unavailable
// (transport or store down; the caller may retry).
type Sender interface {
	Send(ctx context.Context, conv ConversationID, r Reply) (Event, error)
}

// Handler takes a citizen's message from a channel adapter. It records it,
// then answers through a Sender (bot) or passes it to a human (hand-off).
//
// Errors: Invalid (message rejected, with a text to show), Unavailable.
type Handler interface {
	Handle(ctx context.Context, m Message) error
}

// Escalation asks for a human. The bot builds it with everything an agent
// needs to pick the conversation up without asking the person again.
type Escalation struct {
	Conversation ConversationID
	Reason       Reason
	// Priority puts the ticket ahead of the others (incident reports).
	Priority   bool
	Candidates []Candidate       // the bot's best guesses, best first
	LastEntry  string            // the entry last answered, if any
	Choices    []string          // the quick replies the person picked, in order
	Fields     map[string]string // structured data collected (incident report)
	Summary    string            // one line for the queue: the person's question
	// Lang is the conversation's language ("fr", "en"): hand-off notices
	// follow it and the agent console shows it.
	Lang string
}

// Reason says why the bot hands a conversation to a human. Tickets,
// metrics, quality facts and the statistics page carry it.
type Reason string

// Escalation reasons.
const (
	ReasonExplicitRequest  Reason = "explicit_request"  // the person asked for a human
	ReasonLowConfidence    Reason = "low_confidence"    // the bot did not understand, the person chose a human
	ReasonEntryAction      Reason = "entry_action"      // the entry answered needs an agent (handoff action)
	ReasonIncident         Reason = "incident"          // an incident report, with priority
	ReasonRepeatedFallback Reason = "repeated_fallback" // several turns not understood in a row
)

// Reasons lists every reason.
var Reasons = []Reason{ReasonExplicitRequest, ReasonLowConfidence, ReasonEntryAction, ReasonIncident, ReasonRepeatedFallback}

// reasonLabels are the reasons as supervisors read them.
var reasonLabels = map[Reason]string{
	ReasonExplicitRequest:  "Demande explicite d'un conseiller",
	ReasonLowConfidence:    "Question mal comprise",
	ReasonEntryAction:      "Démarche nécessitant un conseiller",
	ReasonIncident:         "Signalement d'incident",
	ReasonRepeatedFallback: "Incompréhensions répétées",
}

// Valid reports whether r is one of Reasons.
func (r Reason) Valid() bool { _, ok := reasonLabels[r]; return ok }

// Label is r in French for supervisors, or r itself when unknown.
func (r Reason) Label() string {
	if l, ok := reasonLabels[r]; ok {
		return l
	}
	return string(r)
}

// Escalated is what an Escalation led to: the ticket that now holds the
// conversation, just opened or already open.
type Escalated struct {
	Ticket  string // the ticket's id
	Created bool   // false when the conversation already had an open ticket
}

// Payloads the bot understands from any channel's buttons and menus.
const (
	PayloadStart   = "GET_STARTED" // Messenger "Get started", widget first open
	PayloadHandoff = "HANDOFF"     // "Parler à un conseiller"
	PayloadOther   = "OTHER"       // "Autre question"
	PayloadTrack   = "TRACK"       // "Suivre ma demande"
	// PayloadRatingPrefix starts the payload of the rating buttons asked
	// after a resolved ticket: "RATING:<ticket id>:<1-5>".
	PayloadRatingPrefix = "RATING:"
	// PayloadEntryPrefix + entry id asks for that entry's answer
	// ("Vouliez-vous dire" choices, related entries, menus).
	PayloadEntryPrefix = "ENTRY:"
	// PayloadChoicePrefix + entry id + "/" + choice path (indexes joined
	// by ".") picks a branch of an entry's decision tree.
	PayloadChoicePrefix = "CHOICE:"
)
