package handoff

import (
	"context"
	"time"

	"github.com/guichet/guichet"
)

// Tickets keeps tickets and the waiting queue. Implementations: Memory
// (one instance) and Redis (shared by every instance); both pass the
// suite in handoff/ticketstest.
type Tickets interface {
	// Create stores t, which must be Waiting with version 0, unless its
	// conversation already has an open ticket: then nothing is stored and
	// the open ticket is returned with created=false. The stored ticket
	// has version 1.
	//
	// Errors: Invalid (missing id or conversation, not waiting), Unavailable.
	Create(ctx context.Context, t Ticket) (stored Ticket, created bool, err error)

	// Get returns one ticket. Errors: NotFound, Unavailable.
	Get(ctx context.Context, id string) (Ticket, error)

	// OpenFor returns the conversation's open ticket, if any.
	// Errors: Unavailable.
	OpenFor(ctx context.Context, conv guichet.ConversationID) (Ticket, bool, error)

	// Update replaces the stored ticket if its version is still t.Version,
	// moves it between the queue, the assigned set and the closed lists
	// according to t.Status in the same atomic step, and returns it with
	// the next version. This compare-and-set is what makes a claim atomic:
	// of two agents claiming the same version, one gets Conflict.
	//
	// Errors: NotFound, Conflict (changed meanwhile: read it again),
	// Unavailable.
	Update(ctx context.Context, t Ticket) (Ticket, error)

	// List returns up to limit tickets in status s and how many there are:
	// waiting in queue order (priority first, then oldest), assigned by
	// claim time, closed ones newest first. Closed tickets are kept for
	// the store's retention.
	//
	// Errors: Invalid (unknown status, limit < 1), Unavailable.
	List(ctx context.Context, s Status, limit int) (tickets []Ticket, total int, err error)

	// Position returns the ticket's 1-based place in the waiting queue, 0
	// when it is not waiting. Errors: Unavailable.
	Position(ctx context.Context, id string) (int, error)

	// History returns the stored tickets of conv, open and closed, newest
	// first, at most limit of them: the person's previous requests.
	//
	// Errors: Invalid (limit < 1), Unavailable.
	History(ctx context.Context, conv guichet.ConversationID, limit int) ([]Ticket, error)
}

// Stats remembers recent pick-ups for the wait estimate.
type Stats interface {
	// RecordPickup adds p; only the latest MaxPickups are kept.
	RecordPickup(ctx context.Context, p Pickup) error
	// Pickups returns up to limit pick-ups, newest first.
	Pickups(ctx context.Context, limit int) ([]Pickup, error)
}

// Presence remembers when each agent was last seen, so that any instance
// can put the tickets of an agent who went away back in the queue.
type Presence interface {
	SeeAgent(ctx context.Context, name string, at time.Time) error
	// AgentsSeen returns agents seen within the last day.
	AgentsSeen(ctx context.Context) (map[string]time.Time, error)
}

// TicketStore is everything the hand-off keeps.
type TicketStore interface {
	Tickets
	Stats
	Presence
	// Forget deletes every ticket of conv, open or closed, and reports how
	// many it removed ('guichet privacy forget'). The conversation can
	// escalate again afterwards. Errors: Unavailable.
	Forget(ctx context.Context, conv guichet.ConversationID) (int, error)
}

// MaxPickups is how many pick-ups the stores keep.
const MaxPickups = 100

// presenceTTL bounds how long an agent stays in the presence list.
const presenceTTL = 24 * time.Hour

// StoreOptions tune a ticket store.
type StoreOptions struct {
	// ClosedRetention is how long closed tickets stay listable (default 30
	// days, like transcripts).
	ClosedRetention time.Duration
	// Now is the clock; tests replace it.
	Now func() time.Time
}

func (o StoreOptions) withDefaults() StoreOptions {
	if o.ClosedRetention <= 0 {
		o.ClosedRetention = 30 * 24 * time.Hour
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// checkCreate validates a ticket handed to Create.
func checkCreate(op string, t Ticket) error {
	switch {
	case t.ID == "":
		return guichet.Errorf(guichet.Invalid, op, "ticket has no id")
	case t.Conversation == "":
		return guichet.Errorf(guichet.Invalid, op, "ticket %s has no conversation", t.ID)
	case t.Status != Waiting:
		return guichet.Errorf(guichet.Invalid, op, "a new ticket must be waiting, not %q", t.Status)
	case t.Version != 0:
		return guichet.Errorf(guichet.Invalid, op, "a new ticket must have version 0")
	}
	return nil
}

func checkUpdate(op string, t Ticket) error {
	if !t.Status.Valid() {
		return guichet.Errorf(guichet.Invalid, op, "ticket %s: unknown status %q (want waiting, assigned, resolved, returned or abandoned)", t.ID, t.Status)
	}
	return nil
}

func checkList(op string, s Status, limit int) error {
	if !s.Valid() {
		return guichet.Errorf(guichet.Invalid, op, "unknown status %q (want waiting, assigned, resolved, returned or abandoned)", s)
	}
	if limit < 1 {
		return guichet.Errorf(guichet.Invalid, op, "limit must be at least 1, got %d", limit)
	}
	return nil
}
