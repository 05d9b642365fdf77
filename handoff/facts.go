package handoff

import (
	"context"
	"strconv"
	"time"

	"github.com/guichet/guichet"
)

// Milestones of a ticket for the quality records. Only the instance whose
// compare-and-set moved a ticket reports its milestone, so nothing is
// counted twice; a lost record is logged, never shown to anyone.

// Milestone names a step of a ticket's life that the records count.
type Milestone string

// The milestones a Recorder hears.
const (
	MilestoneOpened     Milestone = "opened"      // a ticket was opened (Ticket.Reason says why)
	MilestonePickup     Milestone = "pickup"      // first claim; Seconds is the wait
	MilestoneFirstReply Milestone = "first_reply" // first agent reply; Seconds since opening
	MilestoneResolved   Milestone = "resolved"    // closed by an agent (Ticket.Resolution says why)
)

// Record is one milestone of one ticket.
type Record struct {
	Milestone Milestone
	Time      time.Time
	Ticket    Ticket
	// Seconds is the duration the milestone measures, when it measures one.
	Seconds float64
}

// Recorder keeps the milestones (console.TicketFacts turns them into
// quality facts). Errors are logged by the service.
type Recorder interface {
	RecordTicket(ctx context.Context, r Record) error
}

// textRating is asked after the closing notice of a resolved ticket.
const textRating = "Comment évaluez-vous l'aide reçue ? (1 = pas du tout satisfait, 5 = très satisfait)"

// record reports milestone m of ticket t, when a recorder is set.
func (s *Service) record(ctx context.Context, t Ticket, m Milestone, seconds float64) {
	if s.recorder == nil {
		return
	}
	r := Record{Milestone: m, Time: s.now(), Ticket: t.Clone(), Seconds: seconds}
	if err := s.recorder.RecordTicket(ctx, r); err != nil {
		s.log.Warn("handoff: quality record lost", "milestone", string(m), "ticket", t.ID, "err", err)
	}
}

// recordChange records the milestone of a transition that just happened.
func (s *Service) recordChange(ctx context.Context, t Ticket, c Change) {
	switch {
	case c.Action == ActClaim && t.Claims == 1:
		// Only the first claim: a released ticket's second wait includes
		// the time the first agent held it.
		s.record(ctx, t, MilestonePickup, c.Now.Sub(t.Created).Seconds())
	case c.Action == ActResolve:
		s.record(ctx, t, MilestoneResolved, 0)
	}
}

// askRating asks the citizen of a resolved ticket to rate the help, with
// buttons 1 to 5. Only when an agent took part: a supervisor closing an
// unclaimed ticket gave no help to rate.
func (s *Service) askRating(ctx context.Context, t Ticket) {
	if t.Claims == 0 {
		return
	}
	qr := make([]guichet.QuickReply, 0, 5)
	for n := 1; n <= 5; n++ {
		v := strconv.Itoa(n)
		qr = append(qr, guichet.QuickReply{Title: v, Payload: guichet.PayloadRatingPrefix + t.ID + ":" + v})
	}
	r := guichet.Reply{ID: "rating-" + t.ID, Role: guichet.RoleSystem, Text: localize(t, textRating), QuickReplies: qr,
		Meta: &guichet.Meta{Status: string(t.Status), Ticket: t.ID, Lang: noticeLang(t)}}
	if _, err := s.sender.Send(ctx, t.Conversation, r); err != nil {
		s.log.Info("handoff: rating question not delivered", "ticket", t.ID, "channel", t.Conversation.Channel(), "err", err)
	}
}

// firstReply records the first agent reply of ticket t: the ticket
// remembers it (compare-and-set), so that of two replies racing on two
// instances only one is the first.
func (s *Service) firstReply(ctx context.Context, t Ticket) {
	if !t.FirstReply.IsZero() {
		return
	}
	id := t.ID
	for attempt := 0; attempt <= maxAttempts; attempt++ {
		t, err := s.tickets.Get(ctx, id)
		if err != nil || !t.FirstReply.IsZero() {
			return
		}
		t.FirstReply = s.now()
		stored, err := s.tickets.Update(ctx, t)
		if guichet.Is(err, guichet.Conflict) {
			continue
		}
		if err != nil {
			s.log.Warn("handoff: remember first reply", "ticket", id, "err", err)
			return
		}
		s.record(ctx, stored, MilestoneFirstReply, stored.FirstReply.Sub(stored.Created).Seconds())
		return
	}
}
