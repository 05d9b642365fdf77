package console

import (
	"context"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/handoff"
)

// The JSON shapes of the API (docs/api.md). Times are RFC 3339.

type convView struct {
	ID      guichet.ConversationID `json:"id"`
	Channel guichet.Channel        `json:"channel"`
	Subject string                 `json:"subject"` // the person's id on that channel
}

type ticketSummary struct {
	ID           string         `json:"id"`
	Conversation convView       `json:"conversation"`
	Status       handoff.Status `json:"status"`
	Version      int64          `json:"version"`
	Reason       guichet.Reason `json:"reason"`
	Priority     bool           `json:"priority"`
	Summary      string         `json:"summary,omitempty"`
	// Headline is what the citizen asked before the hand-off (headline.go).
	Headline     string    `json:"headline"`
	Labels       []string  `json:"labels"`
	Agent        string    `json:"agent,omitempty"`
	AgentName    string    `json:"agent_name,omitempty"`
	Position     int       `json:"position,omitempty"`
	Created      time.Time `json:"created"`
	Activity     time.Time `json:"activity"`
	Claimed      time.Time `json:"claimed,omitzero"`
	Closed       time.Time `json:"closed,omitzero"`
	Resolution   string    `json:"resolution,omitempty"`
	Lang         string    `json:"lang"`         // the conversation's language: fr or en
	WaitSeconds  int64     `json:"wait_seconds"` // in the queue: so far, or until claimed
	LastActivity int64     `json:"idle_seconds"` // since the citizen's last message
}

type ticketDetail struct {
	ticketSummary
	Context ticketContext `json:"context"`
}

type ticketContext struct {
	Candidates []candidateView `json:"candidates"`
	LastEntry  *entryView      `json:"last_entry,omitempty"`
	Choices    []string        `json:"choices"`
	// Asked are the citizen's substantive messages before the hand-off.
	Asked      []string          `json:"asked"`
	RequestSeq int64             `json:"request_seq,omitempty"` // the first of them
	Notes      []handoff.Note    `json:"notes"`
	Fields     map[string]string `json:"fields,omitempty"`
	Window     *windowView       `json:"window,omitempty"`
	Transcript []guichet.Event   `json:"transcript"`
	// Truncated is true when only the latest events are included.
	Truncated bool `json:"truncated,omitempty"`
}

type candidateView struct {
	Entry      string  `json:"entry"`
	Title      string  `json:"title,omitempty"`
	Confidence float64 `json:"confidence"`
	Answer     string  `json:"answer,omitempty"` // the entry's text, for one-click sending
}

type entryView struct {
	ID    string `json:"id"`
	Title string `json:"title,omitempty"`
}

// windowView is the Messenger messaging window: how long an agent may
// still answer.
type windowView struct {
	Open        bool   `json:"open"`
	SecondsLeft int64  `json:"seconds_left"`
	Error       string `json:"error,omitempty"`
}

// summary is the list form of t.
func (s *Console) summary(ctx context.Context, t handoff.Ticket) ticketSummary {
	now := s.now()
	v := ticketSummary{ID: t.ID, Conversation: convView{ID: t.Conversation, Channel: t.Conversation.Channel(),
		Subject: t.Conversation.Subject()}, Status: t.Status, Version: t.Version, Reason: t.Reason,
		Priority: t.Priority, Summary: t.Summary, Agent: t.Agent, Created: t.Created, Activity: t.Activity,
		Claimed: t.Claimed, Closed: t.Closed, Resolution: t.Resolution, Headline: s.asked(ctx, t).headline(t), Lang: handoff.TicketLang(t),
		Labels:       append([]string{}, t.Labels...),
		LastActivity: int64(now.Sub(t.Activity) / time.Second)}
	switch {
	case t.Status == handoff.Waiting:
		v.WaitSeconds = int64(now.Sub(t.Created) / time.Second)
	case !t.Claimed.IsZero():
		v.WaitSeconds = int64(t.Claimed.Sub(t.Created) / time.Second)
	}
	if t.Agent != "" {
		v.AgentName = t.Agent
		if ac, ok := s.accounts.get(t.Agent); ok {
			v.AgentName = ac.DisplayName
		}
	}
	return v
}

// maxTranscript is how many of the latest events a ticket's context holds.
const maxTranscript = 500

// detail is t with everything an agent needs to answer without asking
// the citizen again.
func (s *Console) detail(ctx context.Context, t handoff.Ticket) (ticketDetail, error) {
	d := ticketDetail{ticketSummary: s.summary(ctx, t)}
	if t.Status == handoff.Waiting {
		d.Position, _ = s.tickets.Position(ctx, t.ID)
	}
	c := &d.Context
	var err error
	c.Transcript, c.Truncated, err = s.transcript(ctx, t.Conversation)
	if err != nil {
		return d, err
	}
	a := s.asked(ctx, t)
	c.Asked, c.RequestSeq = append([]string{}, a.Messages...), a.FirstSeq
	c.Notes = append([]handoff.Note{}, t.Notes...)
	c.Choices = append([]string{}, t.Choices...)
	c.Fields = t.Fields
	cands := t.Candidates
	if len(a.Messages) > 0 {
		cands = a.Candidates
	}
	c.Candidates = make([]candidateView, 0, len(cands))
	for _, cand := range cands {
		cv := candidateView{Entry: cand.Entry, Title: cand.Title, Confidence: cand.Confidence}
		if s.answers != nil {
			if title, text, ok := s.answers.Answer(cand.Entry); ok {
				cv.Answer, cv.Title = s.answerFor(t, cand.Entry, text), cmpOr(cv.Title, title)
			}
		}
		c.Candidates = append(c.Candidates, cv)
	}
	if t.LastEntry != "" {
		c.LastEntry = &entryView{ID: t.LastEntry}
		if s.answers != nil {
			c.LastEntry.Title, _, _ = s.answers.Answer(t.LastEntry)
		}
	}
	c.Window = s.window(ctx, t.Conversation)
	return d, nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// window asks the channel how long an agent may still answer.
func (s *Console) window(ctx context.Context, conv guichet.ConversationID) *windowView {
	if s.windows == nil {
		return nil
	}
	left, ok, err := s.windows.WindowLeft(ctx, conv)
	if err != nil {
		return &windowView{Error: err.Error()}
	}
	if !ok {
		return nil
	}
	return &windowView{Open: left > 0, SecondsLeft: int64(max(left, 0) / time.Second)}
}

// transcript reads the whole conversation, keeping the latest events.
func (s *Console) transcript(ctx context.Context, conv guichet.ConversationID) ([]guichet.Event, bool, error) {
	const page = 500
	var all []guichet.Event
	truncated := false
	after := int64(0)
	for range 20 {
		evs, err := s.store.Events(ctx, conv, after, page)
		if err != nil {
			return nil, false, guichet.E(guichet.KindOf(err), "handoff: transcript", err)
		}
		all = append(all, evs...)
		if len(all) > maxTranscript {
			all, truncated = all[len(all)-maxTranscript:], true
		}
		if len(evs) < page {
			break
		}
		after = evs[len(evs)-1].Seq
	}
	if all == nil {
		all = []guichet.Event{}
	}
	return all, truncated, nil
}
