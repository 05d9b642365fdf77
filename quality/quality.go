// Package quality records what happens to conversations, so that the agency
// gets the figures it judges itself by: resolution by the bot, hand-off
// rates and waiting times, satisfaction by procedure, incident reports for
// stuck files, and the questions the bot could not answer.
//
// Facts are small, masked records (see package privacy): no message text
// is kept except the masked text of unanswered questions, for the review.
package quality

import (
	"context"
	"strings"
	"time"

	"github.com/guichet/guichet"
)

// Kind says what a fact records.
type Kind string

// Fact kinds.
const (
	KindConversation Kind = "conversation" // first message of a conversation
	KindAnswer       Kind = "answer"       // the bot answered an entry
	KindClarify      Kind = "clarify"      // the bot offered close entries
	KindFallback     Kind = "fallback"     // not understood; Text is the masked message
	KindHandoff      Kind = "handoff"      // a ticket opened; Reason
	KindPickup       Kind = "pickup"       // an agent claimed a ticket; Value = seconds waited
	KindFirstReply   Kind = "first_reply"  // first agent reply; Value = seconds since the ticket opened
	KindResolved     Kind = "resolved"     // a ticket resolved; Reason
	KindHelpful      Kind = "helpful"      // "Cette réponse vous a-t-elle aidé ?"; Value 1 yes, 0 no
	KindRating       Kind = "rating"       // 1-5 after a resolved ticket; Value, Ticket
	KindComment      Kind = "comment"      // the optional comment after a rating; Ticket, Comment (masked)
	KindIncident     Kind = "incident"     // an incident report; Fields
)

// Paths a conversation took.
const (
	PathBot       = "bot"       // the bot alone
	PathEscalated = "escalated" // a human took part
)

// Fact is one recorded event.
type Fact struct {
	Time         time.Time              `json:"time"`
	Kind         Kind                   `json:"kind"`
	Channel      guichet.Channel        `json:"channel,omitempty"`
	Conversation guichet.ConversationID `json:"conv,omitempty"` // so 'privacy forget' can find it; exports omit it
	Entry        string                 `json:"entry,omitempty"`
	Procedure    string                 `json:"procedure,omitempty"` // ProcedureOf(Entry)
	Path         string                 `json:"path,omitempty"`
	Reason       string                 `json:"reason,omitempty"`
	Ticket       string                 `json:"ticket,omitempty"`
	Value        float64                `json:"value,omitempty"`
	Confidence   float64                `json:"confidence,omitempty"`
	Candidates   []string               `json:"candidates,omitempty"`
	Text         string                 `json:"text,omitempty"`    // masked
	Comment      string                 `json:"comment,omitempty"` // masked
	Fields       map[string]string      `json:"fields,omitempty"`
}

// Recorder records facts. Recording is best effort for the conversation:
// a failure is logged by the caller, never shown to the citizen.
type Recorder interface {
	Record(ctx context.Context, f Fact) error
}

// recordAll records fs in one step when r can (Redis: one round trip),
// else one by one.
func recordAll(ctx context.Context, r Recorder, fs []Fact) error {
	if all, ok := r.(interface {
		RecordAll(context.Context, []Fact) error
	}); ok {
		return all.RecordAll(ctx, fs)
	}
	return recordEach(ctx, r, fs)
}

// recordEach records fs one by one and returns the first error; the
// other facts are recorded all the same.
func recordEach(ctx context.Context, r Recorder, fs []Fact) error {
	var first error
	for _, f := range fs {
		if err := r.Record(ctx, f); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Store keeps facts for the dashboard, the exports and the review.
type Store interface {
	Recorder
	// Facts returns the facts of the given kinds (all kinds when none)
	// recorded at or after since, oldest first.
	Facts(ctx context.Context, since time.Time, kinds ...Kind) ([]Fact, error)
	// Forget deletes every fact about conv and says how many it removed.
	Forget(ctx context.Context, conv guichet.ConversationID) (int, error)
}

// Procedures, as the agency's satisfaction survey groups them.
const (
	ProcPermis          = "permis"
	ProcImmatriculation = "immatriculation"
	ProcCNI             = "cni"
	ProcPasseport       = "passeport"
	ProcAutre           = "autre"
)

// ProcedureOf maps an entry id to its procedure.
func ProcedureOf(entry string) string {
	prefix, _, _ := strings.Cut(entry, ".")
	switch prefix {
	case "permis":
		return ProcPermis
	case "civ":
		return ProcImmatriculation
	case "cni":
		return ProcCNI
	case "passeport":
		return ProcPasseport
	}
	return ProcAutre
}
