package handoff

import (
	"context"
	"math/rand/v2"

	"github.com/guichet/guichet"
)

// ClaimNext claims for actor the first ticket of the queue that nobody
// else takes meanwhile. Agents claiming at the same moment on this
// instance start at different places among the first tickets, so that
// they do not all collide on the head of the queue; a lone agent always
// gets the head.
//
// Errors: NotFound (no ticket is waiting), Unavailable.
func (s *Service) ClaimNext(ctx context.Context, actor Actor) (Ticket, error) {
	inflight := int(s.claiming.Add(1))
	defer s.claiming.Add(-1)
	for range 3 {
		queue, _, err := s.tickets.List(ctx, Waiting, 20+inflight)
		if err != nil {
			return Ticket{}, err
		}
		if len(queue) == 0 {
			break
		}
		first := rand.IntN(min(len(queue), inflight))
		for _, q := range append(queue[first:], queue[:first]...) {
			t, err := s.Change(ctx, q.ID, Change{Action: ActClaim, Actor: actor})
			if guichet.Is(err, guichet.Conflict) || guichet.Is(err, guichet.NotFound) {
				continue // taken meanwhile: try the next
			}
			return t, err
		}
	}
	return Ticket{}, guichet.Errorf(guichet.NotFound, "handoff: claim next", "no ticket is waiting")
}

// Reply sends an agent's reply r on ticket id through the dispatcher:
// recorded in the transcript, published to every instance, delivered on
// the channel. The ticket must be assigned to agent. The first reply of a
// ticket is remembered for the quality records.
//
// The returned event has Seq > 0 when the reply was recorded, even if
// delivery then failed (err is then the delivery error).
//
// Errors: NotFound, Forbidden (not assigned to agent; or the channel
// refused before recording, e.g. outside the Messenger window),
// Unavailable.
func (s *Service) Reply(ctx context.Context, id, agent string, r guichet.Reply) (Ticket, guichet.Event, error) {
	const op = "handoff: reply"
	t, err := s.tickets.Get(ctx, id)
	if err != nil {
		return Ticket{}, guichet.Event{}, err
	}
	if t.Status != Assigned || t.Agent != agent {
		return t, guichet.Event{}, guichet.E(guichet.Forbidden, op, &NotYoursError{Ticket: t.ID, Status: t.Status})
	}
	r.Role = guichet.RoleAgent
	if r.Meta == nil {
		r.Meta = &guichet.Meta{}
	}
	r.Meta.Ticket = t.ID
	if r.Meta.Lang == "" {
		r.Meta.Lang = replyLang(t, r.Text)
	}
	ev, err := s.sender.Send(ctx, t.Conversation, r)
	if err == nil {
		s.firstReply(ctx, t)
	}
	return t, ev, err
}

// NotYoursError says that an agent acted on a ticket they do not hold.
type NotYoursError struct {
	Ticket string
	Status Status
}

func (e *NotYoursError) Error() string {
	return "ticket " + e.Ticket + " is " + string(e.Status) + " and not assigned to you: claim it first"
}
