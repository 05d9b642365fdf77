package handoff

import (
	"context"
	"time"

	"github.com/guichet/guichet"
)

// sweepLimit bounds how many tickets of one status a sweep looks at.
const sweepLimit = 10000

// Run runs the timers until ctx ends: abandoned waits, agents gone
// offline, queue positions. Every instance may run it: each transition is
// a compare-and-set, so two instances never do the same one twice.
func (s *Service) Run(ctx context.Context) error {
	tick := time.NewTicker(s.tick)
	defer tick.Stop()
	for {
		s.Sweep(ctx)
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
	}
}

// Sweep runs the timers once. Run calls it every tick; tests call it
// after moving their clock.
func (s *Service) Sweep(ctx context.Context) {
	waiting, nWaiting, err := s.tickets.List(ctx, Waiting, sweepLimit)
	if err != nil {
		s.log.Warn("handoff: sweep waiting", "err", err)
		return
	}
	assigned, nAssigned, err := s.tickets.List(ctx, Assigned, sweepLimit)
	if err != nil {
		s.log.Warn("handoff: sweep assigned", "err", err)
		return
	}
	s.metrics.waiting.Set(float64(nWaiting))
	s.metrics.assigned.Set(float64(nAssigned))
	waiting = s.abandon(ctx, waiting)
	s.offline(ctx, assigned)
	s.updatePositions(ctx, waiting)
}

// abandon closes the waiting tickets whose citizen has been silent for
// AbandonAfter of opening time, and returns the others in queue order.
func (s *Service) abandon(ctx context.Context, waiting []Ticket) []Ticket {
	now := s.now()
	kept := waiting[:0]
	for _, t := range waiting {
		if s.hours.openBetween(t.Activity, now) < s.cfg.AbandonAfter {
			kept = append(kept, t)
			continue
		}
		_, err := s.Change(ctx, t.ID, Change{Action: ActAbandon, Actor: SystemActor, Reason: "no_reply", Now: now})
		if err != nil && !guichet.Is(err, guichet.Conflict) {
			s.log.Warn("handoff: abandon", "ticket", t.ID, "err", err)
		}
	}
	return kept
}

// offline puts back in the queue the tickets of agents not seen for
// AgentOffline (closed the console, lost the network).
func (s *Service) offline(ctx context.Context, assigned []Ticket) {
	if len(assigned) == 0 {
		return
	}
	seen, err := s.tickets.AgentsSeen(ctx)
	if err != nil {
		s.log.Warn("handoff: agents seen", "err", err)
		return
	}
	now := s.now()
	for _, t := range assigned {
		last := later(seen[t.Agent], t.Claimed)
		if now.Sub(last) < s.cfg.AgentOffline {
			continue
		}
		_, err := s.Change(ctx, t.ID, Change{Action: ActOffline, Actor: SystemActor, Now: now})
		if err != nil && !guichet.Is(err, guichet.Conflict) {
			s.log.Warn("handoff: agent offline", "ticket", t.ID, "agent", t.Agent, "err", err)
		}
	}
}

// updatePositions tells waiting citizens their new place, at most once a
// minute each, and only while agents are at work (outside hours the first
// notice said when they come back; nothing moves meanwhile worth a ping).
func (s *Service) updatePositions(ctx context.Context, waiting []Ticket) {
	now := s.now()
	if !s.hours.IsOpen(now) {
		return
	}
	for i, t := range waiting {
		pos := i + 1
		told := t.NotifiedAt
		if told.IsZero() {
			told = t.Created // Escalate is telling the position right now
		}
		if pos == t.NotifiedPosition || now.Sub(told) < positionEvery {
			continue
		}
		t.NotifiedPosition, t.NotifiedAt = pos, now
		stored, err := s.tickets.Update(ctx, t)
		if err != nil {
			continue // changed meanwhile (or store down): the next sweep sees it
		}
		s.tell(ctx, stored, s.queueText(ctx, pos), Waiting, pos)
	}
}
