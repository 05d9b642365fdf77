package handoff

import (
	"context"
	"unicode/utf8"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/dispatch"
	"github.com/guichet/guichet/quality"
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

var reasons = map[string]bool{"explicit_request": true, "low_confidence": true, "entry_action": true,
	"incident": true, "repeated_fallback": true}

// Escalate opens a ticket for e.Conversation, or does nothing when one is
// already open, and tells the citizen where they stand.
//
// Errors: Invalid (bad conversation id or reason), Unavailable.
func (s *Service) Escalate(ctx context.Context, e guichet.Escalation) error {
	const op = "handoff: escalate"
	if err := checkEscalation(e); err != nil {
		return guichet.E(guichet.Invalid, op, err)
	}
	now := s.now()
	t := Ticket{ID: dispatch.NewID(), Conversation: e.Conversation, Status: Waiting, Reason: e.Reason,
		Priority: e.Priority, Summary: truncate(e.Summary, maxSummary), Candidates: e.Candidates,
		LastEntry: e.LastEntry, Choices: e.Choices, Fields: e.Fields, Created: now, Activity: now,
		Lang: noticeLang(Ticket{Lang: e.Lang})}
	stored, created, err := s.tickets.Create(ctx, t)
	if err != nil {
		return guichet.E(guichet.KindOf(err), op, err)
	}
	if !created {
		return nil
	}
	s.metrics.opened.WithLabelValues(e.Reason).Inc()
	s.log.Info("handoff: ticket opened", "ticket", stored.ID, "channel", e.Conversation.Channel(),
		"reason", e.Reason, "priority", e.Priority, "open_hours", s.hours.IsOpen(now))
	s.publish(ctx, stored)
	s.fact(ctx, stored, quality.KindHandoff, func(f *quality.Fact) { f.Reason = stored.Reason })
	s.announce(ctx, stored)
	return nil
}

func checkEscalation(e guichet.Escalation) error {
	if _, err := guichet.ParseConversationID(string(e.Conversation)); err != nil {
		return err
	}
	switch {
	case !reasons[e.Reason]:
		return errorf("reason %q is not one of explicit_request, low_confidence, entry_action, incident, repeated_fallback", e.Reason)
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
