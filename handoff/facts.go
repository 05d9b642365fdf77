package handoff

import (
	"context"
	"strconv"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/quality"
)

// Facts for the quality records (package quality). Only the instance
// whose compare-and-set moved a ticket records its fact, so nothing is
// counted twice; a lost record is logged, never shown to anyone.

// textRating is asked after the closing notice of a resolved ticket.
const textRating = "Comment évaluez-vous l'aide reçue ? (1 = pas du tout satisfait, 5 = très satisfait)"

// RatingPayloadPrefix starts the payload of the rating buttons:
// "RATING:<ticket id>:<1-5>". The bot records the rating.
const RatingPayloadPrefix = "RATING:"

// fact records a fact about ticket t, when a quality store is set.
func (s *Service) fact(ctx context.Context, t Ticket, kind quality.Kind, edit func(*quality.Fact)) {
	if s.quality == nil {
		return
	}
	f := quality.Fact{Time: s.now(), Kind: kind, Channel: t.Conversation.Channel(), Conversation: t.Conversation,
		Ticket: t.ID, Entry: t.LastEntry, Procedure: procedureOf(t), Path: quality.PathEscalated}
	if edit != nil {
		edit(&f)
	}
	if err := s.quality.Record(ctx, f); err != nil {
		s.log.Warn("handoff: quality record lost", "kind", string(kind), "ticket", t.ID, "err", err)
	}
}

// procedureOf is the ticket's procedure: the one the incident form
// collected when it names one, else the last entry's.
func procedureOf(t Ticket) string {
	if p, ok := quality.ParseProcedure(t.Fields["procedure"]); ok {
		return p
	}
	return quality.ProcedureOf(t.LastEntry)
}

// recordChange records the fact of a transition that just happened.
func (s *Service) recordChange(ctx context.Context, t Ticket, c Change) {
	switch {
	case c.Action == ActClaim && t.Claims == 1:
		// Only the first claim: a released ticket's second wait includes
		// the time the first agent held it.
		s.fact(ctx, t, quality.KindPickup, func(f *quality.Fact) { f.Value = c.Now.Sub(t.Created).Seconds() })
	case c.Action == ActResolve:
		s.fact(ctx, t, quality.KindResolved, func(f *quality.Fact) { f.Reason = t.Resolution })
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
		qr = append(qr, guichet.QuickReply{Title: v, Payload: RatingPayloadPrefix + t.ID + ":" + v})
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
		s.fact(ctx, stored, quality.KindFirstReply, func(f *quality.Fact) {
			f.Value = stored.FirstReply.Sub(stored.Created).Seconds()
		})
		return
	}
}
