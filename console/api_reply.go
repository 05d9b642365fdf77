package console

import (
	"errors"
	"net/http"
	"regexp"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/handoff"
)

// replyRequest is the body of POST /api/v1/tickets/{id}/messages: exactly
// one of a text, a knowledge-base entry (one of the bot's candidates) or
// a canned response.
type replyRequest struct {
	Text   string `json:"text"`
	Entry  string `json:"entry"`
	Canned string `json:"canned"`
	// ID, chosen by the client, makes the request idempotent: sending it
	// again after a network error records nothing twice.
	ID string `json:"id"`
}

var replyID = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// replyText resolves a reply request to the text to send.
func (s *Console) replyText(req replyRequest) (string, error) {
	const op = "handoff: reply"
	if req.ID != "" && !replyID.MatchString(req.ID) {
		return "", guichet.Errorf(guichet.Invalid, op, `"id" must be 1 to 64 letters, digits, '-' or '_'`)
	}
	set := 0
	for _, v := range []string{req.Text, req.Entry, req.Canned} {
		if v != "" {
			set++
		}
	}
	if set != 1 {
		return "", guichet.Errorf(guichet.Invalid, op, `send exactly one of "text", "entry" or "canned"`)
	}
	switch {
	case req.Entry != "":
		if s.answers == nil {
			return "", guichet.Errorf(guichet.NotFound, op, "no knowledge base is available")
		}
		_, text, ok := s.answers.Answer(req.Entry)
		if !ok {
			return "", guichet.Errorf(guichet.NotFound, op, "no knowledge-base entry %q", req.Entry)
		}
		return text, nil
	case req.Canned != "":
		c, ok := s.cannedByID(req.Canned)
		if !ok {
			return "", guichet.Errorf(guichet.NotFound, op, "no canned response %q", req.Canned)
		}
		return c.Text, nil
	}
	return req.Text, nil
}

// handleMessage sends an agent's reply through the dispatcher: recorded in
// the transcript, published to every instance, delivered on the channel.
func (s *Console) handleMessage(w http.ResponseWriter, r *http.Request, p principal) {
	var req replyRequest
	if err := readJSON(r, &req); err != nil {
		writeError(w, s.log, err, "")
		return
	}
	text, err := s.replyText(req)
	if err != nil {
		writeError(w, s.log, err, "")
		return
	}
	if req.Entry != "" {
		t, err := s.tickets.Get(r.Context(), r.PathValue("id"))
		if err != nil {
			writeError(w, s.log, err, "")
			return
		}
		text = s.answerFor(t, req.Entry, text)
	}
	reply := guichet.Reply{Author: p.DisplayName, Text: text}
	if req.ID != "" {
		reply.ID = "agent-" + r.PathValue("id") + "-" + req.ID
	}
	t, ev, err := s.desk.Reply(r.Context(), r.PathValue("id"), p.Name, reply)
	var notYours *handoff.NotYoursError
	if errors.As(err, &notYours) {
		writeError(w, s.log, err, "not_your_ticket")
		return
	}
	if err != nil && t.ID == "" {
		writeError(w, s.log, err, "")
		return
	}
	s.replied(w, t, p, ev, err)
}

// replied answers a reply: 201 when delivered; 202 when recorded but not
// delivered (the agent must know the citizen has not got it); an error
// when refused before recording (outside the Messenger window).
func (s *Console) replied(w http.ResponseWriter, t handoff.Ticket, p principal, ev guichet.Event, err error) {
	code := ""
	if guichet.Is(err, guichet.Forbidden) {
		code = "channel_refused"
	}
	switch {
	case err == nil:
		s.metrics.replies.WithLabelValues("sent").Inc()
		s.log.Info("handoff: agent replied", "ticket", t.ID, "agent", p.Name, "channel", t.Conversation.Channel())
		writeJSON(w, http.StatusCreated, map[string]any{"event": ev, "delivered": true})
	case ev.Seq > 0:
		s.metrics.replies.WithLabelValues("undelivered").Inc()
		s.log.Warn("handoff: agent reply recorded, not delivered", "ticket", t.ID, "agent", p.Name, "err", err)
		writeJSON(w, http.StatusAccepted, map[string]any{"event": ev, "delivered": false,
			"error": apiError{Code: cmpOr(code, "delivery_failed"), Message: err.Error()}})
	default:
		s.metrics.replies.WithLabelValues("refused").Inc()
		s.log.Info("handoff: agent reply refused", "ticket", t.ID, "agent", p.Name, "err", err)
		writeError(w, s.log, err, code)
	}
}
