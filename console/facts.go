package console

import (
	"context"

	"github.com/guichet/guichet/handoff"
	"github.com/guichet/guichet/quality"
)

// TicketFacts turns the hand-off's ticket milestones into quality facts:
// the figures /console/stats shows. It lives here, beside the page that
// reads them, so that package handoff knows nothing of quality.
type TicketFacts struct {
	Store quality.Store
}

var _ handoff.Recorder = TicketFacts{}

var milestoneKinds = map[handoff.Milestone]quality.Kind{
	handoff.MilestoneOpened:     quality.KindHandoff,
	handoff.MilestonePickup:     quality.KindPickup,
	handoff.MilestoneFirstReply: quality.KindFirstReply,
	handoff.MilestoneResolved:   quality.KindResolved,
}

// RecordTicket records r as a quality fact. Milestones it does not know
// are ignored.
func (tf TicketFacts) RecordTicket(ctx context.Context, r handoff.Record) error {
	kind, ok := milestoneKinds[r.Milestone]
	if !ok {
		return nil
	}
	t := r.Ticket
	f := quality.Fact{Time: r.Time, Kind: kind, Channel: t.Conversation.Channel(), Conversation: t.Conversation,
		Ticket: t.ID, Entry: t.LastEntry, Procedure: procedureOf(t), Path: quality.PathEscalated, Value: r.Seconds}
	switch r.Milestone {
	case handoff.MilestoneOpened:
		f.Reason = string(t.Reason)
	case handoff.MilestoneResolved:
		f.Reason = t.Resolution
	}
	return tf.Store.Record(ctx, f)
}

// procedureOf is the ticket's procedure: the one the incident form
// collected when it names one, else the last entry's.
func procedureOf(t handoff.Ticket) string {
	if p, ok := quality.ParseProcedure(t.Fields["procedure"]); ok {
		return p
	}
	return quality.ProcedureOf(t.LastEntry)
}
