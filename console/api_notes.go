package console

import (
	"net/http"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/handoff"
)

// noteRequest is the body of POST /api/v1/tickets/{id}/notes.
type noteRequest struct {
	Text string `json:"text"`
}

// handleNote adds an internal note: agents see it, the citizen never does.
func (s *Console) handleNote(w http.ResponseWriter, r *http.Request, p principal) {
	var req noteRequest
	if err := readJSON(r, &req); err != nil {
		writeError(w, s.log, err, "")
		return
	}
	t, note, err := s.desk.AddNote(r.Context(), r.PathValue("id"), p.actor(), req.Text)
	if err != nil {
		writeError(w, s.log, err, "")
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"note": note, "ticket": s.summary(r.Context(), t)})
}

// labelsRequest is the body of PUT /api/v1/tickets/{id}/labels.
type labelsRequest struct {
	Labels *[]string `json:"labels"`
}

// handleLabels replaces a ticket's labels.
func (s *Console) handleLabels(w http.ResponseWriter, r *http.Request, p principal) {
	var req labelsRequest
	if err := readJSON(r, &req); err != nil {
		writeError(w, s.log, err, "")
		return
	}
	if req.Labels == nil {
		writeError(w, s.log, guichet.Errorf(guichet.Invalid, "console: labels", `"labels" is required: a list of labels, [] to remove them all`), "")
		return
	}
	t, err := s.desk.SetLabels(r.Context(), r.PathValue("id"), p.actor(), *req.Labels)
	if err != nil {
		writeError(w, s.log, err, "")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"ticket": s.summary(r.Context(), t)})
}

// transferRequest is the body of POST /api/v1/tickets/{id}/transfer.
type transferRequest struct {
	Agent string `json:"agent"`
}

// handleTransfer hands a ticket to a named colleague, who must have an
// account.
func (s *Console) handleTransfer(w http.ResponseWriter, r *http.Request, p principal) {
	const op = "console: transfer"
	var req transferRequest
	if err := readJSON(r, &req); err != nil {
		writeError(w, s.log, err, "")
		return
	}
	if req.Agent == "" {
		writeError(w, s.log, guichet.Errorf(guichet.Invalid, op, `"agent" is required: the name of the colleague who takes the ticket`), "")
		return
	}
	to, ok := s.accounts.get(req.Agent)
	if !ok {
		writeError(w, s.log, guichet.Errorf(guichet.Invalid, op, "no agent named %q", req.Agent), "unknown_agent")
		return
	}
	// The hand-off puts back in the queue the tickets of an agent not seen
	// for agent_offline: a ticket given to an absent colleague would come
	// back to the queue, and the citizen be told twice.
	seen, err := s.tickets.AgentsSeen(r.Context())
	if err != nil {
		writeError(w, s.log, err, "")
		return
	}
	if last := seen[to.Name]; last.IsZero() || s.now().Sub(last) > s.cfg.AgentOffline {
		writeError(w, s.log, guichet.Errorf(guichet.Conflict, op, "%s is not online: transfer to a colleague whose console is open", to.Name), "agent_offline")
		return
	}
	target := principal{Account: to}.actor()
	t, err := s.desk.Change(r.Context(), r.PathValue("id"), handoff.Change{Action: handoff.ActTransfer, Actor: p.actor(), To: target})
	s.respondChange(w, r, t, err, "")
}

// maxHistory is how many earlier tickets of a person the console shows.
const maxHistory = 20

// handleHistory lists the other tickets of the ticket's conversation,
// newest first: what this person asked before.
func (s *Console) handleHistory(w http.ResponseWriter, r *http.Request, _ principal) {
	t, err := s.tickets.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		writeError(w, s.log, err, "")
		return
	}
	all, err := s.tickets.History(r.Context(), t.Conversation, maxHistory+1)
	if err != nil {
		writeError(w, s.log, err, "")
		return
	}
	out := make([]historyItem, 0, len(all))
	for _, o := range all {
		if o.ID != t.ID && len(out) < maxHistory {
			out = append(out, historyItem{ticketSummary: s.summary(r.Context(), o), Notes: len(o.Notes)})
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"conversation": t.Conversation, "tickets": out})
}

// historyItem is an earlier ticket of the same person.
type historyItem struct {
	ticketSummary
	Notes int `json:"notes"`
}
