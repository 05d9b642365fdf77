package console

import (
	"net/http"
	"strconv"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/handoff"
)

func (s *Console) handleMe(w http.ResponseWriter, r *http.Request, p principal) {
	body := map[string]any{"name": p.Name, "display_name": p.DisplayName, "role": p.Role}
	if p.sess != nil {
		body["csrf"] = s.sessions.csrf(*p.sess)
	}
	writeJSON(w, http.StatusOK, body)
}

const (
	defaultListLimit = 100
	maxListLimit     = 1000
)

// handleList serves GET /api/v1/tickets?status=…&limit=…&mine=true.
func (s *Console) handleList(w http.ResponseWriter, r *http.Request, p principal) {
	const op = "handoff: list tickets"
	q := r.URL.Query()
	status := handoff.Status(q.Get("status"))
	if status == "" {
		status = handoff.Waiting
	}
	limit := defaultListLimit
	if l := q.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > maxListLimit {
			writeError(w, s.log, guichet.Errorf(guichet.Invalid, op, "limit must be a number from 1 to %d", maxListLimit), "")
			return
		}
		limit = n
	}
	mine := q.Get("mine") == "true"
	if mine {
		limit = maxListLimit // filtered below; an agent holds few tickets
	}
	tickets, total, err := s.tickets.List(r.Context(), status, limit)
	if err != nil {
		writeError(w, s.log, err, "")
		return
	}
	out := make([]ticketSummary, 0, len(tickets))
	for i, t := range tickets {
		if mine && t.Agent != p.Name {
			continue
		}
		v := s.summary(r.Context(), t)
		if status == handoff.Waiting {
			v.Position = i + 1
		}
		out = append(out, v)
	}
	counts := s.counts(r, status, total)
	if mine {
		total = len(out)
	}
	writeJSON(w, http.StatusOK, map[string]any{"tickets": out, "total": total, "counts": counts})
}

// counts are the queue sizes shown above the list; known is the total of
// the status just listed.
func (s *Console) counts(r *http.Request, listed handoff.Status, known int) map[handoff.Status]int {
	out := map[handoff.Status]int{}
	for _, st := range []handoff.Status{handoff.Waiting, handoff.Assigned} {
		if st == listed {
			out[st] = known
		} else if _, n, err := s.tickets.List(r.Context(), st, 1); err == nil {
			out[st] = n
		}
	}
	return out
}

func (s *Console) handleGet(w http.ResponseWriter, r *http.Request, _ principal) {
	t, err := s.tickets.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		writeError(w, s.log, err, "")
		return
	}
	d, err := s.detail(r.Context(), t)
	if err != nil {
		writeError(w, s.log, err, "")
		return
	}
	writeJSON(w, http.StatusOK, d)
}

// handleEvents serves the transcript after a sequence number, for consoles
// catching up after a stream event.
func (s *Console) handleEvents(w http.ResponseWriter, r *http.Request, _ principal) {
	t, err := s.tickets.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		writeError(w, s.log, err, "")
		return
	}
	after, err := strconv.ParseInt(r.URL.Query().Get("after"), 10, 64)
	if err != nil && r.URL.Query().Get("after") != "" {
		writeError(w, s.log, guichet.Errorf(guichet.Invalid, "handoff: events", "after must be a sequence number"), "")
		return
	}
	evs, err := s.store.Events(r.Context(), t.Conversation, after, 200)
	if err != nil {
		writeError(w, s.log, guichet.E(guichet.KindOf(err), "handoff: events", err), "")
		return
	}
	if evs == nil {
		evs = []guichet.Event{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"events": evs})
}

func (s *Console) handleClaim(w http.ResponseWriter, r *http.Request, p principal) {
	start := time.Now()
	t, err := s.desk.Change(r.Context(), r.PathValue("id"), handoff.Change{Action: handoff.ActClaim, Actor: p.actor()})
	s.metrics.claim.Observe(time.Since(start).Seconds())
	s.respondChange(w, r, t, err, "already_claimed")
}

// handleClaimNext claims the first ticket of the queue that nobody else
// takes meanwhile (handoff.Service.ClaimNext).
func (s *Console) handleClaimNext(w http.ResponseWriter, r *http.Request, p principal) {
	start := time.Now()
	t, err := s.desk.ClaimNext(r.Context(), p.actor())
	s.metrics.claim.Observe(time.Since(start).Seconds())
	if guichet.Is(err, guichet.NotFound) {
		writeError(w, s.log, err, "queue_empty")
		return
	}
	s.respondChange(w, r, t, err, "")
}

func (s *Console) handleRelease(w http.ResponseWriter, r *http.Request, p principal) {
	t, err := s.desk.Change(r.Context(), r.PathValue("id"), handoff.Change{Action: handoff.ActRelease, Actor: p.actor()})
	s.respondChange(w, r, t, err, "")
}

// closeRequest is the body of resolve and return.
type closeRequest struct {
	Reason string `json:"reason"`
}

const maxReason = 200

func (s *Console) handleResolve(w http.ResponseWriter, r *http.Request, p principal) {
	s.closeTicket(w, r, p, handoff.ActResolve, true)
}

func (s *Console) handleReturn(w http.ResponseWriter, r *http.Request, p principal) {
	s.closeTicket(w, r, p, handoff.ActReturn, false)
}

func (s *Console) closeTicket(w http.ResponseWriter, r *http.Request, p principal, a handoff.Action, needReason bool) {
	const op = "handoff: close ticket"
	var req closeRequest
	if err := readJSON(r, &req); err != nil {
		writeError(w, s.log, err, "")
		return
	}
	switch n := len([]rune(req.Reason)); {
	case needReason && n == 0:
		writeError(w, s.log, guichet.Errorf(guichet.Invalid, op, `"reason" is required: say why the ticket is resolved`), "")
		return
	case n > maxReason:
		writeError(w, s.log, guichet.Errorf(guichet.Invalid, op, `"reason" is longer than %d characters`, maxReason), "")
		return
	}
	if req.Reason == "" {
		req.Reason = "returned_to_bot"
	}
	t, err := s.desk.Change(r.Context(), r.PathValue("id"), handoff.Change{Action: a, Actor: p.actor(), Reason: req.Reason})
	s.respondChange(w, r, t, err, "")
}

// respondChange answers a state change. Forbidden means the ticket is
// someone else's; conflictCode names the conflict for claims.
func (s *Console) respondChange(w http.ResponseWriter, r *http.Request, t handoff.Ticket, err error, conflictCode string) {
	switch {
	case err == nil:
		writeJSON(w, http.StatusOK, map[string]any{"ticket": s.summary(r.Context(), t)})
	case guichet.Is(err, guichet.Forbidden):
		writeError(w, s.log, err, "not_your_ticket")
	case guichet.Is(err, guichet.Conflict) && conflictCode != "":
		writeError(w, s.log, err, conflictCode)
	case guichet.Is(err, guichet.Conflict):
		writeError(w, s.log, err, "wrong_status")
	default:
		writeError(w, s.log, err, "")
	}
}

func (s *Console) handleCanned(w http.ResponseWriter, _ *http.Request, _ principal) {
	writeJSON(w, http.StatusOK, map[string]any{"canned": s.canned})
}
