package handoff

import (
	"context"
	"encoding/json"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/store"
)

// maxAttempts bounds the compare-and-set retries of one change. Conflicts
// come from citizens' messages bumping activity or another instance's
// timers; a handful of retries absorbs them.
const maxAttempts = 8

// Change applies c to ticket id atomically: read, move through the state
// machine, compare-and-set; on a conflict it reads again, so a claim that
// lost the race reports "already claimed" rather than overwriting. When
// the ticket moved, consoles and the citizen are told.
//
// Errors: NotFound, Conflict (already claimed, already closed), Forbidden
// (not this agent's ticket), Unavailable.
func (s *Service) Change(ctx context.Context, id string, c Change) (Ticket, error) {
	if c.Now.IsZero() {
		c.Now = s.now()
	}
	for attempt := 0; ; attempt++ {
		t, err := s.tickets.Get(ctx, id)
		if err != nil {
			return Ticket{}, err
		}
		changed, err := apply(&t, c)
		if err != nil || !changed {
			return t, err
		}
		stored, err := s.tickets.Update(ctx, t)
		if guichet.Is(err, guichet.Conflict) && attempt < maxAttempts {
			continue
		}
		if err != nil {
			return Ticket{}, err
		}
		s.after(ctx, stored, c)
		return stored, nil
	}
}

// after tells everyone about a transition that just happened. Only the
// instance whose compare-and-set won gets here, so nothing is said twice.
func (s *Service) after(ctx context.Context, t Ticket, c Change) {
	s.metrics.transitions.WithLabelValues(string(c.Action)).Inc()
	s.log.Info("handoff: ticket "+string(c.Action), "ticket", t.ID, "agent", c.Actor.Name,
		"status", string(t.Status), "channel", t.Conversation.Channel())
	s.publish(ctx, t)
	s.recordChange(ctx, t, c)
	switch c.Action {
	case ActClaim:
		waited := c.Now.Sub(t.Created)
		s.metrics.pickupWait.Observe(waited.Seconds())
		if err := s.tickets.RecordPickup(ctx, Pickup{At: c.Now, Waited: waited}); err != nil {
			s.log.Warn("handoff: record pickup", "ticket", t.ID, "err", err)
		}
		s.tell(ctx, t, c.Actor.display()+" a rejoint la conversation.", Assigned, 0)
	case ActTransfer:
		s.tell(ctx, t, "Votre demande est confiée à "+c.To.colleague()+", qui vous répond ici.", Assigned, 0)
	case ActRelease, ActOffline:
		pos, _ := s.tickets.Position(ctx, t.ID)
		s.tell(ctx, t, textResumed+" "+s.queueText(ctx, pos), Waiting, pos)
	case ActResolve:
		s.tell(ctx, t, textClosed, t.Status, 0)
		s.askRating(ctx, t)
	case ActReturn:
		s.tell(ctx, t, textClosed, t.Status, 0)
	case ActAbandon:
		s.tell(ctx, t, textAbandon, t.Status, 0)
	}
}

// display is how the citizen sees an agent.
func (a Actor) display() string {
	if a.Display != "" {
		return a.Display
	}
	return "Un conseiller"
}

// colleague is how the citizen hears of the agent a ticket goes to.
func (a Actor) colleague() string {
	if a.Display != "" {
		return a.Display
	}
	return "un autre conseiller"
}

// TicketNotice is the data of a TopicTicket notice: consoles read the
// ticket again when they hear it.
type TicketNotice struct {
	ID      string `json:"id"`
	Status  Status `json:"status"`
	Version int64  `json:"version"`
}

// publish tells every instance's consoles that t changed. A lost notice
// only delays a console, which reloads the queue on reconnect.
func (s *Service) publish(ctx context.Context, t Ticket) {
	data, _ := json.Marshal(TicketNotice{ID: t.ID, Status: t.Status, Version: t.Version})
	n := store.Notice{Topic: store.TopicTicket, Conversation: t.Conversation, Data: data}
	if err := s.store.Publish(ctx, n); err != nil {
		s.log.Warn("handoff: publish ticket notice", "ticket", t.ID, "err", err)
	}
}
