// Package store keeps conversation data: transcripts, bot state, dedupe keys
// and a notice bus between instances. Two implementations honour one
// contract (see storetest): Memory, the single-process default, and Redis,
// the production store shared by several instances.
//
// Redis keys that one operation touches together share a hash tag (the
// conversation id in braces) so that Redis Cluster works as well as a single
// server.
package store

import (
	"context"
	"encoding/json"
	"time"

	"github.com/guichet/guichet"
)

// Transcripts is the append-only log of each conversation.
type Transcripts interface {
	// Append adds ev to conv's transcript with the next sequence number
	// (starting at 1) and ev.Time set to now when zero. When ev.ID is not
	// empty and an event with the same ID is already in the transcript,
	// Append stores nothing and returns the stored event with created=false:
	// retries and duplicate deliveries are harmless. A created event is
	// announced on the Bus (a TopicEvent notice with its Seq) in the same
	// step, so that no append goes unannounced. The transcript's expiry is
	// pushed back by the configured retention on every append (see
	// Options.Retention for its precision).
	//
	// Errors: Invalid (empty conversation, or one containing a brace,
	// which would break Redis hash tags), Unavailable.
	Append(ctx context.Context, conv guichet.ConversationID, ev guichet.Event) (stored guichet.Event, created bool, err error)

	// Events returns up to limit events with Seq > after, oldest first.
	// A conversation that does not exist has no events (no error).
	//
	// Errors: Invalid (limit not positive), Unavailable.
	Events(ctx context.Context, conv guichet.ConversationID, after int64, limit int) ([]guichet.Event, error)

	// Forget deletes everything stored about conv (transcript, state, ids)
	// and reports how many transcript events were removed.
	Forget(ctx context.Context, conv guichet.ConversationID) (int, error)
}

// States keeps the bot's opaque per-conversation state with optimistic
// concurrency: two instances handling the same conversation never
// overwrite each other's changes silently.
type States interface {
	// LoadState returns the state and its version. A conversation with no
	// state returns nil data and version 0.
	LoadState(ctx context.Context, conv guichet.ConversationID) (data []byte, version int64, err error)

	// SaveState stores data if the stored version is still version and
	// returns the new version. Like Append, it pushes the conversation's
	// expiry back. Errors: Conflict (someone saved meanwhile; load again
	// and redo), Invalid (as for Append), Unavailable.
	SaveState(ctx context.Context, conv guichet.ConversationID, data []byte, version int64) (int64, error)
}

// Commits records a conversation's events and the state they follow from
// in one step: the bot's replies with the state that no longer needs to
// send them.
type Commits interface {
	// Commit saves data over version and appends evs, all or nothing: if
	// the stored version is no longer version it stores nothing and fails
	// with Conflict (load again and redo). Each event follows Append's
	// rules (numbered in order, Time set when zero, an ID already in the
	// transcript stores nothing); Commit returns the events it created,
	// as stored, in order (not those whose ID was already there), and the
	// new version, announces the last created event's Seq with one
	// TopicEvent notice, and pushes the conversation's expiry back.
	// Errors: Conflict, Invalid (as for Append), Unavailable.
	Commit(ctx context.Context, conv guichet.ConversationID, evs []guichet.Event, data []byte, version int64) ([]guichet.Event, int64, error)
}

// AppendLoader records a message and reads the state it will be decided
// on in one step: one round trip to the store where Append then LoadState
// would take two.
type AppendLoader interface {
	// AppendLoad is Append, then LoadState of the same conversation, as
	// one step. Errors: as for Append.
	AppendLoad(ctx context.Context, conv guichet.ConversationID, ev guichet.Event) (stored guichet.Event, created bool, data []byte, version int64, err error)
}

// Dedup remembers keys for a while.
type Dedup interface {
	// Claim returns true the first time key is claimed within ttl, false
	// afterwards. Errors: Invalid (empty key, ttl not positive),
	// Unavailable.
	Claim(ctx context.Context, key string, ttl time.Duration) (bool, error)
}

// Notice tells every instance that something changed. Notices are hints:
// delivery is at most once, so a consumer reconciles with the store
// (Transcripts.Events after the last Seq it saw) rather than trusting that
// it saw every notice.
type Notice struct {
	// Topic: TopicEvent (a transcript grew), TopicTicket (hand-off queue
	// changed), TopicTyping (the citizen is typing, Data {"on":bool}),
	// TopicResync (this subscriber missed notices: reconcile all).
	Topic        string                 `json:"topic"`
	Conversation guichet.ConversationID `json:"conv,omitempty"`
	Seq          int64                  `json:"seq,omitempty"`
	Data         json.RawMessage        `json:"data,omitempty"`
	// Events, in a TopicEvent notice on the instance that appended them,
	// are the events announced (Seq ascending, the last one Seq), so that
	// a subscriber holding everything before them need not read the
	// transcript. Other instances get the notice without them. Subscribers
	// share them: read only.
	Events []guichet.Event `json:"-"`
}

// Notice topics.
const (
	TopicEvent  = "event"
	TopicTicket = "ticket"
	TopicResync = "resync"
	// TopicTyping says that the citizen of Conversation started or
	// stopped typing (Data: TypingNotice), for the agent who reads it.
	TopicTyping = "typing"
)

// TypingNotice is the data of a TopicTyping notice.
type TypingNotice struct {
	On bool `json:"on"`
}

// Bus carries notices between the components of all instances.
type Bus interface {
	// Publish sends n to every current subscriber on every instance.
	// Errors: Unavailable.
	Publish(ctx context.Context, n Notice) error

	// Subscribe returns notices published from now on until ctx ends or
	// the store is closed, when the channel is closed. A subscriber that
	// falls behind receives a TopicResync notice instead of the ones it
	// missed. Errors: Unavailable.
	Subscribe(ctx context.Context) (<-chan Notice, error)
}

// Store is everything a Guichet instance keeps.
type Store interface {
	Transcripts
	States
	Commits
	Dedup
	Bus
	// Ping reports whether the store is reachable (readiness).
	Ping(ctx context.Context) error
	Close() error
}

// Options tune a store.
type Options struct {
	// KeyPrefix namespaces every Redis key ("guichet:"); tests use a
	// random one so that they can share a server.
	KeyPrefix string
	// Retention is how long a transcript and its state live after their
	// last append or state save (default 30 days). The Redis store pushes
	// the expiry back at most once an hour (once per hundredth of
	// Retention when that is shorter), rather than on every write, so a
	// conversation may go up to that much before its time: never after.
	Retention time.Duration
	// MaxConversations bounds the conversations the memory store holds
	// (default DefaultMaxConversations); beyond it, the one idle for longest
	// is forgotten, transcript and state. The Redis store leaves memory to
	// Redis's own limits and ignores it.
	MaxConversations int
	// Now is the clock (time.Now by default); tests replace it.
	Now func() time.Time
}
