package handoff

import (
	"maps"
	"slices"
	"time"

	"github.com/guichet/guichet"
)

// Status is where a ticket stands. A conversation without an open ticket
// (waiting or assigned) belongs to the bot.
type Status string

// Ticket statuses. Waiting and Assigned are open; the others are closed for
// good (a new escalation opens a new ticket).
const (
	Waiting   Status = "waiting"   // in the queue, no agent yet
	Assigned  Status = "assigned"  // an agent holds it
	Resolved  Status = "resolved"  // closed by an agent with a reason
	Returned  Status = "returned"  // handed back to the bot by an agent
	Abandoned Status = "abandoned" // the citizen stopped writing while waiting
)

// Statuses lists every status, open ones first.
var Statuses = []Status{Waiting, Assigned, Resolved, Returned, Abandoned}

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return slices.Contains(Statuses, s) }

// Open reports whether a ticket in s keeps the bot quiet.
func (s Status) Open() bool { return s == Waiting || s == Assigned }

// Ticket is one request for a human, with everything the bot knew when it
// gave up. Version grows by one on every stored change (optimistic
// concurrency: see TicketStore.Update).
type Ticket struct {
	ID           string                 `json:"id"`
	Conversation guichet.ConversationID `json:"conv"`
	Status       Status                 `json:"status"`
	Version      int64                  `json:"version"`

	Reason     guichet.Reason      `json:"reason"`
	Priority   bool                `json:"priority,omitempty"`
	Summary    string              `json:"summary,omitempty"`
	Candidates []guichet.Candidate `json:"candidates,omitempty"`
	LastEntry  string              `json:"last_entry,omitempty"`
	Choices    []string            `json:"choices,omitempty"`
	Fields     map[string]string   `json:"fields,omitempty"`
	// Lang is the conversation's language ("fr", "en"; empty: French):
	// notices follow it, the console shows it (notices_en.go).
	Lang string `json:"lang,omitempty"`

	// Agent is the name of the agent holding the ticket, or of the one who
	// closed it.
	Agent string `json:"agent,omitempty"`
	// Created orders the queue: a released ticket goes back to its place.
	Created  time.Time `json:"created"`
	Activity time.Time `json:"activity"` // the citizen's last message
	Claimed  time.Time `json:"claimed,omitzero"`
	Closed   time.Time `json:"closed,omitzero"`
	// FirstReply is when an agent first answered (quality records).
	FirstReply time.Time `json:"first_reply,omitzero"`
	// Resolution says why the ticket was closed.
	Resolution string `json:"resolution,omitempty"`
	Claims     int    `json:"claims,omitempty"`

	// Notes are the agents' internal notes, oldest first: they stay in the
	// console and are never sent to the citizen.
	Notes []Note `json:"notes,omitempty"`
	// Labels sort tickets for agents ("urgent", "ants-panne"), kept sorted.
	Labels []string `json:"labels,omitempty"`

	// Bookkeeping that keeps the citizen from being flooded, shared by all
	// instances through the store.
	NotifiedPosition int       `json:"notified_position,omitempty"`
	NotifiedAt       time.Time `json:"notified_at,omitzero"`
	AckedAt          time.Time `json:"acked_at,omitzero"`
}

// clone returns a deep copy, so that stores never share slices or maps
// with their callers.
func (t Ticket) clone() Ticket {
	t.Candidates = slices.Clone(t.Candidates)
	t.Choices = slices.Clone(t.Choices)
	t.Fields = maps.Clone(t.Fields)
	t.Notes = slices.Clone(t.Notes)
	t.Labels = slices.Clone(t.Labels)
	return t
}

// Clone returns a deep copy of t.
func (t Ticket) Clone() Ticket { return t.clone() }

// queueScore orders the waiting queue: priority tickets first, then the
// oldest. Both stores use it; Redis keeps it as a sorted-set score, which
// holds integers exactly up to 2^53 (milliseconds since 1970 are about
// 1.8e12, the priority offset 1e13).
func (t Ticket) queueScore() float64 {
	ms := float64(t.Created.UnixMilli())
	if t.Priority {
		return ms
	}
	return ms + 1e13
}

// Pickup records how long a ticket waited before an agent claimed it; the
// recent ones estimate the wait announced to citizens.
type Pickup struct {
	At     time.Time     `json:"at"`
	Waited time.Duration `json:"waited"`
}
