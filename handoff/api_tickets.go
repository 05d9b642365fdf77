package handoff

import (
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"

	"github.com/guichet/guichet"
)

func (s *Service) handleMe(w http.ResponseWriter, r *http.Request, p principal) {
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
func (s *Service) handleList(w http.ResponseWriter, r *http.Request, p principal) {
	const op = "handoff: list tickets"
	q := r.URL.Query()
	status := Status(q.Get("status"))
	if status == "" {
		status = Waiting
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
		v := s.summary(t)
		if status == Waiting {
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
func (s *Service) counts(r *http.Request, listed Status, known int) map[Status]int {
	out := map[Status]int{}
	for _, st := range []Status{Waiting, Assigned} {
		if st == listed {
			out[st] = known
		} else if _, n, err := s.tickets.List(r.Context(), st, 1); err == nil {
			out[st] = n
		}
	}
	return out
}

func (s *Service) handleGet(w http.ResponseWriter, r *http.Request, _ principal) {
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
func (s *Service) handleEvents(w http.ResponseWriter, r *http.Request, _ principal) {
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

func (s *Service) handleClaim(w http.ResponseWriter, r *http.Request, p principal) {
	start := time.Now()
	t, err := s.Change(r.Context(), r.PathValue("id"), Change{Action: ActClaim, Actor: p.actor()})
	s.metrics.claim.Observe(time.Since(start).Seconds())
	s.respondChange(w, t, err, "already_claimed")
}

// handleClaimNext claims the first ticket of the queue that nobody else
// takes meanwhile. Agents claiming at the same moment on this instance
// start at different places among the first tickets, so that they do not
// all collide on the head of the queue; a lone agent always gets the head.
func (s *Service) handleClaimNext(w http.ResponseWriter, r *http.Request, p principal) {
	start := time.Now()
	defer func() { s.metrics.claim.Observe(time.Since(start).Seconds()) }()
	inflight := int(s.claiming.Add(1))
	defer s.claiming.Add(-1)
	for range 3 {
		queue, _, err := s.tickets.List(r.Context(), Waiting, 20+inflight)
		if err != nil {
			writeError(w, s.log, err, "")
			return
		}
		if len(queue) == 0 {
			break
		}
		first := rand.IntN(min(len(queue), inflight))
		for _, q := range append(queue[first:], queue[:first]...) {
			t, err := s.Change(r.Context(), q.ID, Change{Action: ActClaim, Actor: p.actor()})
			if guichet.Is(err, guichet.Conflict) || guichet.Is(err, guichet.NotFound) {
				continue // taken meanwhile: try the next
			}
			s.respondChange(w, t, err, "")
			return
		}
	}
	writeError(w, s.log, guichet.Errorf(guichet.NotFound, "handoff: claim next", "no ticket is waiting"), "queue_empty")
}

func (s *Service) handleRelease(w http.ResponseWriter, r *http.Request, p principal) {
	t, err := s.Change(r.Context(), r.PathValue("id"), Change{Action: ActRelease, Actor: p.actor()})
	s.respondChange(w, t, err, "")
}

// closeRequest is the body of resolve and return.
type closeRequest struct {
	Reason string `json:"reason"`
}

const maxReason = 200

func (s *Service) handleResolve(w http.ResponseWriter, r *http.Request, p principal) {
	s.closeTicket(w, r, p, ActResolve, true)
}

func (s *Service) handleReturn(w http.ResponseWriter, r *http.Request, p principal) {
	s.closeTicket(w, r, p, ActReturn, false)
}

func (s *Service) closeTicket(w http.ResponseWriter, r *http.Request, p principal, a Action, needReason bool) {
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
	t, err := s.Change(r.Context(), r.PathValue("id"), Change{Action: a, Actor: p.actor(), Reason: req.Reason})
	s.respondChange(w, t, err, "")
}

// respondChange answers a state change. Forbidden means the ticket is
// someone else's; conflictCode names the conflict for claims.
func (s *Service) respondChange(w http.ResponseWriter, t Ticket, err error, conflictCode string) {
	switch {
	case err == nil:
		writeJSON(w, http.StatusOK, map[string]any{"ticket": s.summary(t)})
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

func (s *Service) handleCanned(w http.ResponseWriter, _ *http.Request, _ principal) {
	writeJSON(w, http.StatusOK, map[string]any{"canned": s.canned})
}
