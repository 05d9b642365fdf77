package store

import (
	"strings"
	"time"

	"github.com/guichet/guichet"
)

// DefaultRetention is how long a conversation lives after its last write
// when Options.Retention is zero.
const DefaultRetention = 30 * 24 * time.Hour

// DefaultMaxConversations is the memory store's cap on conversations when
// Options.MaxConversations is zero.
const DefaultMaxConversations = 100_000

// busBuffer is how many notices a subscriber may leave unread before it is
// told to resync. Large enough to absorb a burst, small enough that a stuck
// consumer costs little memory.
const busBuffer = 256

// withDefaults fills the zero fields of o.
func (o Options) withDefaults() Options {
	if o.Retention <= 0 {
		o.Retention = DefaultRetention
	}
	if o.MaxConversations <= 0 {
		o.MaxConversations = DefaultMaxConversations
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// checkConv rejects ids that cannot be stored. Braces are refused because
// the Redis store puts the id in a hash tag; both stores refuse them so that
// they keep one contract.
func checkConv(op string, conv guichet.ConversationID) error {
	if conv == "" {
		return guichet.Errorf(guichet.Invalid, op, "empty conversation id")
	}
	if strings.ContainsAny(string(conv), "{}") {
		return guichet.Errorf(guichet.Invalid, op, "conversation id %q contains a brace", conv)
	}
	return nil
}

// checkPage validates the arguments of Events.
func checkPage(op string, after int64, limit int) (int64, error) {
	if limit <= 0 {
		return 0, guichet.Errorf(guichet.Invalid, op, "limit must be positive, got %d", limit)
	}
	return max(after, 0), nil
}

// checkClaim validates the arguments of Claim.
func checkClaim(op, key string, ttl time.Duration) error {
	if key == "" {
		return guichet.Errorf(guichet.Invalid, op, "empty key")
	}
	if ttl <= 0 {
		return guichet.Errorf(guichet.Invalid, op, "ttl must be positive, got %v", ttl)
	}
	return nil
}

// prepare gives ev the fields Append fills in. Times are kept in UTC
// without a monotonic reading so that both stores return equal events.
func prepare(ev guichet.Event, now func() time.Time) guichet.Event {
	ev.Seq = 0
	if ev.Time.IsZero() {
		ev.Time = now()
	}
	ev.Time = ev.Time.UTC()
	return ev
}

// eventNotice announces evs, created in this order.
func eventNotice(conv guichet.ConversationID, evs []guichet.Event) Notice {
	return Notice{Topic: TopicEvent, Conversation: conv, Seq: evs[len(evs)-1].Seq, Events: evs}
}

// cloneEvent copies the parts of ev that are shared through pointers and
// slices, so that callers cannot change a stored event behind the store's back.
func cloneEvent(ev guichet.Event) guichet.Event {
	if ev.QuickReplies != nil {
		ev.QuickReplies = append([]guichet.QuickReply(nil), ev.QuickReplies...)
	}
	if ev.Meta != nil {
		m := *ev.Meta
		if m.Candidates != nil {
			m.Candidates = append([]guichet.Candidate(nil), m.Candidates...)
		}
		ev.Meta = &m
	}
	return ev
}

// refreshSlack is how much of a conversation's time to live the Redis
// store lets run out before pushing its expiry back: the keys' PEXPIRE
// then costs one write per hour of a conversation instead of three per
// write, and a conversation goes at most this much before its time.
func refreshSlack(retention time.Duration) time.Duration {
	return min(retention/100, time.Hour)
}

// cloneEvents is cloneEvent of each of evs.
func cloneEvents(evs []guichet.Event) []guichet.Event {
	out := make([]guichet.Event, len(evs))
	for i, ev := range evs {
		out[i] = cloneEvent(ev)
	}
	return out
}
