package handoff

import (
	"cmp"
	"context"
	"slices"
	"sync"
	"time"

	"github.com/guichet/guichet"
)

// Memory is the single-instance TicketStore.
type Memory struct {
	opts StoreOptions

	mu      sync.Mutex
	tickets map[string]Ticket
	open    map[guichet.ConversationID]string
	pickups []Pickup // newest last
	seen    map[string]time.Time
	expired time.Time // last sweep of closed tickets
}

var _ TicketStore = (*Memory)(nil)

// NewMemoryTickets returns an empty in-memory ticket store.
func NewMemoryTickets(opts StoreOptions) *Memory {
	return &Memory{opts: opts.withDefaults(), tickets: map[string]Ticket{},
		open: map[guichet.ConversationID]string{}, seen: map[string]time.Time{}}
}

// Create implements Tickets.
func (m *Memory) Create(_ context.Context, t Ticket) (Ticket, bool, error) {
	if err := checkCreate("handoff: create ticket", t); err != nil {
		return Ticket{}, false, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if id, ok := m.open[t.Conversation]; ok {
		return m.tickets[id].clone(), false, nil
	}
	if _, ok := m.tickets[t.ID]; ok {
		return Ticket{}, false, guichet.Errorf(guichet.Conflict, "handoff: create ticket", "id %s is taken", t.ID)
	}
	t = t.clone()
	t.Version = 1
	m.tickets[t.ID] = t
	m.open[t.Conversation] = t.ID
	return t.clone(), true, nil
}

// Get implements Tickets.
func (m *Memory) Get(_ context.Context, id string) (Ticket, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, ok := m.tickets[id]
	if !ok {
		return Ticket{}, guichet.Errorf(guichet.NotFound, "handoff: get ticket", "no ticket %q", id)
	}
	return t.clone(), nil
}

// OpenFor implements Tickets.
func (m *Memory) OpenFor(_ context.Context, conv guichet.ConversationID) (Ticket, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	id, ok := m.open[conv]
	if !ok {
		return Ticket{}, false, nil
	}
	return m.tickets[id].clone(), true, nil
}

// Update implements Tickets.
func (m *Memory) Update(_ context.Context, t Ticket) (Ticket, error) {
	const op = "handoff: update ticket"
	m.mu.Lock()
	defer m.mu.Unlock()
	cur, ok := m.tickets[t.ID]
	if !ok {
		return Ticket{}, guichet.Errorf(guichet.NotFound, op, "no ticket %q", t.ID)
	}
	if cur.Version != t.Version {
		return Ticket{}, guichet.Errorf(guichet.Conflict, op, "ticket %s changed meanwhile (version %d, not %d)", t.ID, cur.Version, t.Version)
	}
	t = t.clone()
	t.Version++
	m.tickets[t.ID] = t
	if t.Status.Open() {
		m.open[t.Conversation] = t.ID
	} else if m.open[t.Conversation] == t.ID {
		delete(m.open, t.Conversation)
	}
	m.expire()
	return t.clone(), nil
}

// expire drops closed tickets past the retention.
func (m *Memory) expire() {
	now := m.opts.Now()
	if now.Sub(m.expired) < time.Minute {
		return
	}
	m.expired = now
	limit := now.Add(-m.opts.ClosedRetention)
	for id, t := range m.tickets {
		if !t.Status.Open() && t.Closed.Before(limit) {
			delete(m.tickets, id)
		}
	}
}

// List implements Tickets.
func (m *Memory) List(_ context.Context, s Status, limit int) ([]Ticket, int, error) {
	if err := checkList("handoff: list tickets", s, limit); err != nil {
		return nil, 0, err
	}
	m.mu.Lock()
	var all []Ticket
	for _, t := range m.tickets {
		if t.Status == s {
			all = append(all, t)
		}
	}
	m.mu.Unlock()
	// Sort indexes, not tickets: swapping large structs dominated the cost
	// of listing a long queue.
	order := make([]int, len(all))
	for i := range order {
		order[i] = i
	}
	less := listOrder(s)
	slices.SortFunc(order, func(a, b int) int { return less(all[a], all[b]) })
	out := make([]Ticket, 0, min(limit, len(all)))
	for _, i := range order[:min(limit, len(all))] {
		out = append(out, all[i].clone())
	}
	return out, len(all), nil
}

// listOrder is the order List promises for status s; ids break ties so
// that the order is total, like Redis's sorted sets.
func listOrder(s Status) func(a, b Ticket) int {
	return func(a, b Ticket) int {
		var c int
		switch s {
		case Waiting:
			c = cmp.Compare(a.queueScore(), b.queueScore())
		case Assigned:
			c = a.Claimed.Compare(b.Claimed)
		default:
			c = b.Closed.Compare(a.Closed)
		}
		return cmp.Or(c, cmp.Compare(a.ID, b.ID))
	}
}

// Position implements Tickets.
func (m *Memory) Position(ctx context.Context, id string) (int, error) {
	m.mu.Lock()
	t, ok := m.tickets[id]
	if !ok || t.Status != Waiting {
		m.mu.Unlock()
		return 0, nil
	}
	ahead := 1
	for _, o := range m.tickets {
		if o.Status == Waiting && listOrder(Waiting)(o, t) < 0 {
			ahead++
		}
	}
	m.mu.Unlock()
	return ahead, nil
}

// RecordPickup implements Stats.
func (m *Memory) RecordPickup(_ context.Context, p Pickup) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.pickups = append(m.pickups, p)
	if len(m.pickups) > MaxPickups {
		m.pickups = slices.Clone(m.pickups[len(m.pickups)-MaxPickups:])
	}
	return nil
}

// Pickups implements Stats.
func (m *Memory) Pickups(_ context.Context, limit int) ([]Pickup, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]Pickup, 0, min(limit, len(m.pickups)))
	for i := len(m.pickups) - 1; i >= 0 && len(out) < limit; i-- {
		out = append(out, m.pickups[i])
	}
	return out, nil
}

// SeeAgent implements Presence.
func (m *Memory) SeeAgent(_ context.Context, name string, at time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if at.After(m.seen[name]) {
		m.seen[name] = at
	}
	return nil
}

// AgentsSeen implements Presence.
func (m *Memory) AgentsSeen(context.Context) (map[string]time.Time, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	limit := m.opts.Now().Add(-presenceTTL)
	out := map[string]time.Time{}
	for name, at := range m.seen {
		if at.After(limit) {
			out[name] = at
		} else {
			delete(m.seen, name)
		}
	}
	return out, nil
}
