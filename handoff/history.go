package handoff

import (
	"cmp"
	"context"
	"slices"

	"github.com/guichet/guichet"
)

// History implements Tickets.
func (m *Memory) History(_ context.Context, conv guichet.ConversationID, limit int) ([]Ticket, error) {
	if err := checkLimit("handoff: history", limit); err != nil {
		return nil, err
	}
	m.mu.Lock()
	out := make([]Ticket, 0, len(m.byConv[conv]))
	for _, id := range m.byConv[conv] {
		out = append(out, m.tickets[id].clone())
	}
	m.mu.Unlock()
	return newestFirst(out, limit), nil
}

// History implements Tickets. Like Forget it scans the tickets hash: the
// console asks for one person's history when an agent opens a ticket,
// and the hash holds only the retention period's tickets.
func (r *Redis) History(ctx context.Context, conv guichet.ConversationID, limit int) ([]Ticket, error) {
	const op = "handoff: history"
	if err := checkLimit(op, limit); err != nil {
		return nil, err
	}
	ids, err := r.ticketsOf(ctx, conv)
	if err != nil {
		return nil, unavailable(op, err)
	}
	tickets, err := r.getMany(ctx, op, ids)
	if err != nil {
		return nil, err
	}
	return newestFirst(tickets, limit), nil
}

func checkLimit(op string, limit int) error {
	if limit < 1 {
		return guichet.Errorf(guichet.Invalid, op, "limit must be at least 1, got %d", limit)
	}
	return nil
}

// newestFirst sorts tickets by creation, newest first (ids break ties),
// and keeps limit of them.
func newestFirst(ts []Ticket, limit int) []Ticket {
	slices.SortFunc(ts, func(a, b Ticket) int {
		if c := b.Created.Compare(a.Created); c != 0 {
			return c
		}
		return cmp.Compare(b.ID, a.ID)
	})
	return ts[:min(len(ts), limit)]
}
