package handoff

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/dispatch"
)

// Limits on what an escalation may carry, so that one conversation cannot
// bloat the queue every agent loads.
const (
	maxSummary    = 280
	maxCandidates = 5
	maxChoices    = 20
	maxFields     = 20
	maxFieldChars = 1000
)

// Escalate opens a ticket for e.Conversation and tells the citizen where
// they stand, or, when the conversation already has an open ticket, does
// nothing. Either way it names the ticket that holds the conversation, so
// that what the bot records with the escalation (an incident report) can
// point at it.
//
// Errors: Invalid (bad conversation id or reason), Unavailable.
func (s *Service) Escalate(ctx context.Context, e guichet.Escalation) (guichet.Escalated, error) {
	const op = "handoff: escalate"
	if err := checkEscalation(e); err != nil {
		return guichet.Escalated{}, guichet.E(guichet.Invalid, op, err)
	}
	now := s.now()
	t := Ticket{ID: dispatch.NewID(), Conversation: e.Conversation, Status: Waiting, Reason: e.Reason,
		Priority: e.Priority, Summary: truncate(e.Summary, maxSummary), Candidates: e.Candidates,
		LastEntry: e.LastEntry, Choices: e.Choices, Fields: e.Fields, Created: now, Activity: now,
		Lang: noticeLang(Ticket{Lang: e.Lang})}
	stored, created, err := s.tickets.Create(ctx, t)
	if err != nil {
		return guichet.Escalated{}, guichet.E(guichet.KindOf(err), op, err)
	}
	if !created {
		return guichet.Escalated{Ticket: stored.ID}, nil
	}
	s.metrics.opened.WithLabelValues(string(e.Reason)).Inc()
	s.log.Info("handoff: ticket opened", "ticket", stored.ID, "channel", e.Conversation.Channel(),
		"reason", string(e.Reason), "priority", e.Priority, "open_hours", s.hours.IsOpen(now))
	s.publish(ctx, stored)
	s.record(ctx, stored, MilestoneOpened, 0)
	s.announce(ctx, stored)
	return guichet.Escalated{Ticket: stored.ID, Created: true}, nil
}

func checkEscalation(e guichet.Escalation) error {
	if _, err := guichet.ParseConversationID(string(e.Conversation)); err != nil {
		return err
	}
	switch {
	case !e.Reason.Valid():
		return errorf("reason %q is not one of %s", e.Reason, reasonList())
	case len(e.Candidates) > maxCandidates:
		return errorf("%d candidates, at most %d", len(e.Candidates), maxCandidates)
	case len(e.Choices) > maxChoices:
		return errorf("%d choices, at most %d", len(e.Choices), maxChoices)
	case len(e.Fields) > maxFields:
		return errorf("%d fields, at most %d", len(e.Fields), maxFields)
	}
	for k, v := range e.Fields {
		if utf8.RuneCountInString(k)+utf8.RuneCountInString(v) > maxFieldChars {
			return errorf("field %q is longer than %d characters", k, maxFieldChars)
		}
	}
	return nil
}

// reasonList names the valid reasons for an error message.
func reasonList() string {
	names := make([]string, len(guichet.Reasons))
	for i, r := range guichet.Reasons {
		names[i] = string(r)
	}
	return strings.Join(names, ", ")
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// Take reports whether a human owns conv, in which case the citizen's
// message ev (already recorded) is the agent's: the ticket's activity is
// bumped, consoles are told, and a waiting citizen gets an acknowledgement
// at most every few minutes. When it returns false the bot answers.
//
// Errors: Unavailable.
func (s *Service) Take(ctx context.Context, conv guichet.ConversationID, ev guichet.Event) (bool, error) {
	const op = "handoff: take"
	for attempt := 0; ; attempt++ {
		t, ok, err := s.tickets.OpenFor(ctx, conv)
		if err != nil || !ok {
			return false, guichet.E(guichet.KindOf(err), op, err)
		}
		ack := t.Status == Waiting && s.now().Sub(t.AckedAt) >= ackEvery
		t.Activity = later(ev.Time, t.Activity)
		if ack {
			t.AckedAt = s.now()
		}
		stored, err := s.tickets.Update(ctx, t)
		if guichet.Is(err, guichet.Conflict) && attempt < maxAttempts {
			continue
		}
		if err != nil {
			return false, guichet.E(guichet.KindOf(err), op, err)
		}
		s.publish(ctx, stored)
		if ack {
			s.tell(ctx, stored, textAck, Waiting, 0)
		}
		return true, nil
	}
}

// RatingAsked reports whether ticket id is conv's, resolved, and was asked
// to be rated (an agent took part: see askRating), so that the bot counts
// only ratings the hand-off asked for. Errors: Unavailable.
func (s *Service) RatingAsked(ctx context.Context, conv guichet.ConversationID, id string) (bool, error) {
	t, err := s.tickets.Get(ctx, id)
	if guichet.Is(err, guichet.NotFound) {
		return false, nil
	}
	if err != nil {
		return false, guichet.E(guichet.KindOf(err), "handoff: rating asked", err)
	}
	return t.Conversation == conv && t.Status == Resolved && t.Claims > 0, nil
}
