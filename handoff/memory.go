package handoff

import (
	"cmp"
	"context"
	"slices"
	"sync"
	"time"

	"github.com/guichet/guichet"
)

// Memory is the single-instance TicketStore. Beside the tickets it keeps
// what its reads would otherwise scan every ticket for, closed ones
// included: the ids of each status, the waiting queue in order (a
// citizen's place is asked on every notice) and each conversation's
// tickets.
type Memory struct {
	opts StoreOptions

	mu       sync.Mutex
	tickets  map[string]Ticket
	open     map[guichet.ConversationID]string
	byStatus map[Status]map[string]struct{}
	queue    []queued // the waiting tickets, in queue order
	byConv   map[guichet.ConversationID][]string
	pickups  []Pickup // newest last
	seen     map[string]time.Time
	expired  time.Time // last sweep of closed tickets
}

// queued is a waiting ticket's place: its queue score, then its id, as in
// Redis's sorted set.
type queued struct {
	score float64
	id    string
}

func (q queued) compare(o queued) int {
	return cmp.Or(cmp.Compare(q.score, o.score), cmp.Compare(q.id, o.id))
}

var _ TicketStore = (*Memory)(nil)

// NewMemoryTickets returns an empty in-memory ticket store.
func NewMemoryTickets(opts StoreOptions) *Memory {
	m := &Memory{opts: opts.withDefaults(), tickets: map[string]Ticket{},
		open: map[guichet.ConversationID]string{}, byStatus: map[Status]map[string]struct{}{},
		byConv: map[guichet.ConversationID][]string{}, seen: map[string]time.Time{}}
	for _, s := range Statuses {
		m.byStatus[s] = map[string]struct{}{}
	}
	return m
}

// put stores t, replacing the ticket of its id, and keeps the indexes.
func (m *Memory) put(t Ticket) {
	cur, had := m.tickets[t.ID]
	if had {
		m.unindex(cur)
	}
	m.tickets[t.ID] = t
	m.byStatus[t.Status][t.ID] = struct{}{}
	if t.Status == Waiting {
		q := queued{t.queueScore(), t.ID}
		i, _ := slices.BinarySearchFunc(m.queue, q, queued.compare)
		m.queue = slices.Insert(m.queue, i, q)
	}
	if had && cur.Conversation != t.Conversation {
		m.dropFromConversation(cur.Conversation, t.ID)
	}
	if !had || cur.Conversation != t.Conversation {
		m.byConv[t.Conversation] = append(m.byConv[t.Conversation], t.ID)
	}
}

func (m *Memory) dropFromConversation(conv guichet.ConversationID, id string) {
	ids := slices.DeleteFunc(m.byConv[conv], func(o string) bool { return o == id })
	if len(ids) == 0 {
		delete(m.byConv, conv)
	} else {
		m.byConv[conv] = ids
	}
}

// remove forgets the ticket of id and its place in the indexes.
func (m *Memory) remove(id string) {
	t, ok := m.tickets[id]
	if !ok {
		return
	}
	m.unindex(t)
	delete(m.tickets, id)
	m.dropFromConversation(t.Conversation, id)
}

// unindex takes t out of the status indexes (not of its conversation's:
// the ticket keeps its conversation when it changes).
func (m *Memory) unindex(t Ticket) {
	delete(m.byStatus[t.Status], t.ID)
	if t.Status == Waiting {
		if i, ok := slices.BinarySearchFunc(m.queue, queued{t.queueScore(), t.ID}, queued.compare); ok {
			m.queue = slices.Delete(m.queue, i, i+1)
		}
	}
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
	m.put(t)
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
	if err := checkUpdate(op, t); err != nil {
		return Ticket{}, err
	}
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
	m.put(t)
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
	for _, s := range Statuses {
		if s.Open() {
			continue
		}
		for id := range m.byStatus[s] {
			if m.tickets[id].Closed.Before(limit) {
				m.remove(id)
			}
		}
	}
}

// List implements Tickets.
func (m *Memory) List(_ context.Context, s Status, limit int) ([]Ticket, int, error) {
	if err := checkList("handoff: list tickets", s, limit); err != nil {
		return nil, 0, err
	}
	m.mu.Lock()
	if s == Waiting {
		// The queue is kept in order: no ticket past the limit is read.
		out := make([]Ticket, 0, min(limit, len(m.queue)))
		for _, q := range m.queue[:min(limit, len(m.queue))] {
			out = append(out, m.tickets[q.id].clone())
		}
		m.mu.Unlock()
		return out, len(m.queue), nil
	}
	all := make([]Ticket, 0, len(m.byStatus[s]))
	for id := range m.byStatus[s] {
		all = append(all, m.tickets[id])
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
	i, _ := slices.BinarySearchFunc(m.queue, queued{t.queueScore(), t.ID}, queued.compare)
	m.mu.Unlock()
	return i + 1, nil
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
