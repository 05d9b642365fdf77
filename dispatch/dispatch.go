// Package dispatch is the one road every message takes: it records an
// event in the conversation's transcript (which the store announces to
// every instance on its bus), and hands outgoing replies to the transport
// of the conversation's channel. The bot and the hand-off both send through it, so
// a reply written by an agent on one instance reaches a widget connected to
// another, and nothing reaches a citizen without being in the transcript.
package dispatch

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/store"
)

// Transport delivers a recorded event to a person over a channel.
// Channels whose clients read the transcript themselves (the widget follows
// bus notices) register none.
type Transport interface {
	// Deliver sends ev, already recorded, to conv. Errors: Forbidden
	// (refused for good: window closed, person blocked the page),
	// Unavailable (may succeed later).
	Deliver(ctx context.Context, conv guichet.ConversationID, ev guichet.Event) error
}

// Admitter is implemented by transports that can refuse a reply before it
// is recorded (the Messenger windows): an agent is told at once instead of
// seeing a reply in the transcript that never left.
type Admitter interface {
	Admit(ctx context.Context, conv guichet.ConversationID, r guichet.Reply) error
}

// FirstDeliverer is implemented by transports that guard against
// delivering an event twice (the Messenger sent log): DeliverFirst is
// Deliver for an event Send has just recorded for the first time, which
// cannot have been delivered before, so the guard need not be consulted.
type FirstDeliverer interface {
	DeliverFirst(ctx context.Context, conv guichet.ConversationID, ev guichet.Event) error
}

// MaxReplyChars bounds one reply; channels split further if they need to.
const MaxReplyChars = 8000

// Dispatcher records and sends events. It implements guichet.Sender.
type Dispatcher struct {
	store store.Store
	log   *slog.Logger
	now   func() time.Time

	mu         sync.RWMutex
	transports map[guichet.Channel]Transport
}

var _ guichet.Sender = (*Dispatcher)(nil)

// New returns a Dispatcher over st.
func New(st store.Store, log *slog.Logger) *Dispatcher {
	return &Dispatcher{store: st, log: log, now: time.Now, transports: map[guichet.Channel]Transport{}}
}

// Register sets the transport for a channel.
func (d *Dispatcher) Register(ch guichet.Channel, t Transport) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.transports[ch] = t
}

func (d *Dispatcher) transport(ch guichet.Channel) Transport {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.transports[ch]
}

// Record appends ev to conv's transcript, which the store announces on
// its bus. It does not deliver: use it for what the citizen wrote.
// created is false when an event with the same ID was already recorded (a
// duplicate delivery).
func (d *Dispatcher) Record(ctx context.Context, conv guichet.ConversationID, ev guichet.Event) (guichet.Event, bool, error) {
	if ev.Time.IsZero() {
		ev.Time = d.now()
	}
	stored, created, err := d.store.Append(ctx, conv, ev)
	if err != nil {
		return guichet.Event{}, false, guichet.E(guichet.KindOf(err), "dispatch: record", err)
	}
	return stored, created, nil
}

// RecordLoad is Record, then the conversation's bot state and its version
// (nil and 0 when it has none), in one step when the store allows it
// (store.AppendLoader): one round trip before the bot decides.
func (d *Dispatcher) RecordLoad(ctx context.Context, conv guichet.ConversationID, ev guichet.Event) (stored guichet.Event, created bool, state []byte, version int64, err error) {
	const op = "dispatch: record"
	if ev.Time.IsZero() {
		ev.Time = d.now()
	}
	if al, ok := d.store.(store.AppendLoader); ok {
		stored, created, state, version, err = al.AppendLoad(ctx, conv, ev)
	} else if stored, created, err = d.store.Append(ctx, conv, ev); err == nil {
		state, version, err = d.store.LoadState(ctx, conv)
	}
	if err != nil {
		return guichet.Event{}, false, nil, 0, guichet.E(guichet.KindOf(err), op, err)
	}
	return stored, created, state, version, nil
}

// Commit records replies and saves conv's bot state over version in one
// step (store.Commits), for a channel whose clients read the transcript
// (no transport: the widget): there recording a reply is delivering it, so
// nothing is left half done by a crash and the state need not remember
// replies still to send. done is false, and nothing is stored, for a
// channel with a transport: use Send. Errors: Invalid (a reply Send
// would refuse), Conflict (the state changed meanwhile), Unavailable.
func (d *Dispatcher) Commit(ctx context.Context, conv guichet.ConversationID, rs []guichet.Reply, state []byte, version int64) (saved int64, done bool, err error) {
	const op = "dispatch: commit"
	if d.transport(conv.Channel()) != nil {
		return 0, false, nil
	}
	evs := make([]guichet.Event, len(rs))
	now := d.now()
	for i, r := range rs {
		if err := checkReply(r); err != nil {
			return 0, false, guichet.E(guichet.Invalid, op, err)
		}
		evs[i] = replyEvent(r)
		evs[i].Time = now
	}
	if _, saved, err = d.store.Commit(ctx, conv, evs, state, version); err != nil {
		return 0, false, guichet.E(guichet.KindOf(err), op, err)
	}
	return saved, true, nil
}

// Delivers reports whether ch has a transport that delivers each reply
// (Messenger), rather than clients that read the transcript (the widget):
// use CommitPending for its replies, not Commit.
func (d *Dispatcher) Delivers(ch guichet.Channel) bool { return d.transport(ch) != nil }

// CommitPending records replies that the transport of conv's channel must
// still deliver, and saves conv's bot state over version, in one step
// (store.Commits), for the channels with a transport (Messenger): state
// must hold the replies as still to send, so that a crash before they all
// left is resumed from it. It returns the events it created, to hand to
// DeliverRecorded in order; a reply whose id was already recorded is not
// among them (use Send for it, which checks whether it left). done is
// false, and nothing is stored, when the transport refuses a reply
// (Admitter: Send then reports why) or the channel has no transport (use
// Commit). Errors: Invalid, Conflict (the state changed meanwhile),
// Unavailable.
func (d *Dispatcher) CommitPending(ctx context.Context, conv guichet.ConversationID, rs []guichet.Reply, state []byte, version int64) (saved int64, created []guichet.Event, done bool, err error) {
	const op = "dispatch: commit pending"
	t := d.transport(conv.Channel())
	if t == nil {
		return 0, nil, false, nil
	}
	a, _ := t.(Admitter)
	evs := make([]guichet.Event, len(rs))
	now := d.now()
	for i, r := range rs {
		if err := checkReply(r); err != nil {
			return 0, nil, false, guichet.E(guichet.Invalid, op, err)
		}
		if a != nil && a.Admit(ctx, conv, r) != nil {
			return 0, nil, false, nil
		}
		evs[i] = replyEvent(r)
		evs[i].Time = now
	}
	if created, saved, err = d.store.Commit(ctx, conv, evs, state, version); err != nil {
		return 0, nil, false, guichet.E(guichet.KindOf(err), op, err)
	}
	return saved, created, true, nil
}

// DeliverRecorded hands ev, which CommitPending has just created, to the
// transport of conv's channel: it cannot have left before, so the
// transport need not check (FirstDeliverer). Errors: as Send's.
func (d *Dispatcher) DeliverRecorded(ctx context.Context, conv guichet.ConversationID, ev guichet.Event) error {
	t := d.transport(conv.Channel())
	if t == nil {
		return nil
	}
	if err := deliver(ctx, t, conv, ev, true); err != nil {
		return guichet.E(guichet.KindOf(err), "dispatch: send", err)
	}
	return nil
}

// replyEvent is the transcript event of r, with a new id if it has none.
func replyEvent(r guichet.Reply) guichet.Event {
	id := r.ID
	if id == "" {
		id = NewID()
	}
	return guichet.Event{ID: id, Role: r.Role, Author: r.Author, Text: r.Text,
		QuickReplies: r.QuickReplies, Meta: r.Meta}
}

// Send checks r, lets the channel refuse it, records it and delivers it.
func (d *Dispatcher) Send(ctx context.Context, conv guichet.ConversationID, r guichet.Reply) (guichet.Event, error) {
	const op = "dispatch: send"
	if err := checkReply(r); err != nil {
		return guichet.Event{}, guichet.E(guichet.Invalid, op, err)
	}
	t := d.transport(conv.Channel())
	if a, ok := t.(Admitter); ok {
		if err := a.Admit(ctx, conv, r); err != nil {
			return guichet.Event{}, guichet.E(guichet.KindOf(err), op, err)
		}
	}
	stored, created, err := d.Record(ctx, conv, replyEvent(r))
	if err != nil {
		return guichet.Event{}, err
	}
	if t != nil {
		if err := deliver(ctx, t, conv, stored, created); err != nil {
			return stored, guichet.E(guichet.KindOf(err), op, err)
		}
	}
	return stored, nil
}

// deliver hands ev to t, with DeliverFirst when ev was created by this
// very Send and t can make use of it.
func deliver(ctx context.Context, t Transport, conv guichet.ConversationID, ev guichet.Event, created bool) error {
	if f, ok := t.(FirstDeliverer); ok && created {
		return f.DeliverFirst(ctx, conv, ev)
	}
	return t.Deliver(ctx, conv, ev)
}

func checkReply(r guichet.Reply) error {
	switch r.Role {
	case guichet.RoleBot, guichet.RoleAgent, guichet.RoleSystem:
	default:
		return guichet.Errorf(guichet.Invalid, "", "reply role must be bot, agent or system, not %q", r.Role)
	}
	if strings.TrimSpace(r.Text) == "" {
		return guichet.Errorf(guichet.Invalid, "", "reply text is empty")
	}
	if !utf8.ValidString(r.Text) {
		return guichet.Errorf(guichet.Invalid, "", "reply text is not valid UTF-8")
	}
	if n := utf8.RuneCountInString(r.Text); n > MaxReplyChars {
		return guichet.Errorf(guichet.Invalid, "", "reply has %d characters, at most %d", n, MaxReplyChars)
	}
	return nil
}

// NewID returns a random 128-bit id in hex, for events and conversations.
func NewID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("dispatch: crypto/rand failed: " + err.Error())
	}
	return hex.EncodeToString(b[:])
}
