package console

import (
	"cmp"
	"context"
	"net/http"
	"slices"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/handoff"
)

// agentView is one colleague: who, whether a console of theirs is open,
// and how many tickets they hold.
type agentView struct {
	Name        string    `json:"name"`
	DisplayName string    `json:"display_name"`
	Role        Role      `json:"role"`
	Online      bool      `json:"online"`
	LastSeen    time.Time `json:"last_seen,omitzero"`
	Assigned    int       `json:"assigned"`
	Priority    int       `json:"priority_assigned"`
}

// maxTeamTickets bounds the tickets read to count each agent's load.
const maxTeamTickets = 1000

// team lists every account with its presence and load, online first,
// then by name. An agent is online when seen within handoff.agent_offline,
// the delay after which their tickets go back to the queue.
func (s *Console) team(ctx context.Context) ([]agentView, []handoff.Ticket, error) {
	acc, err := s.accounts.current()
	if err != nil {
		return nil, nil, err
	}
	seen, err := s.tickets.AgentsSeen(ctx)
	if err != nil {
		return nil, nil, err
	}
	assigned, _, err := s.tickets.List(ctx, handoff.Assigned, maxTeamTickets)
	if err != nil {
		return nil, nil, err
	}
	load, prio := map[string]int{}, map[string]int{}
	for _, t := range assigned {
		load[t.Agent]++
		if t.Priority {
			prio[t.Agent]++
		}
	}
	now := s.now()
	out := make([]agentView, 0, len(acc.Agents))
	for _, a := range acc.Agents {
		last := seen[a.Name]
		out = append(out, agentView{Name: a.Name, DisplayName: cmpOr(a.DisplayName, a.Name), Role: a.Role,
			Online: !last.IsZero() && now.Sub(last) <= s.cfg.AgentOffline, LastSeen: last,
			Assigned: load[a.Name], Priority: prio[a.Name]})
	}
	slices.SortFunc(out, func(x, y agentView) int {
		if x.Online != y.Online {
			if x.Online {
				return -1
			}
			return 1
		}
		return cmp.Compare(x.Name, y.Name)
	})
	return out, assigned, nil
}

// handleAgents serves GET /api/v1/agents: the colleagues a ticket can be
// transferred to.
func (s *Console) handleAgents(w http.ResponseWriter, r *http.Request, _ principal) {
	agents, _, err := s.team(r.Context())
	if err != nil {
		writeError(w, s.log, err, "")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"agents": agents})
}

// queueView is the supervisors' view of the queue.
type queueView struct {
	Waiting         int   `json:"waiting"`
	PriorityWaiting int   `json:"priority_waiting"`
	Assigned        int   `json:"assigned"`
	OldestWait      int64 `json:"oldest_wait_seconds"`
	AgentsOnline    int   `json:"agents_online"`
}

// maxSupervisionQueue is how many waiting tickets the supervision lists.
const maxSupervisionQueue = 200

// handleSupervision serves GET /api/v1/supervision to supervisors: the
// live queue, the agents online and their load.
func (s *Console) handleSupervision(w http.ResponseWriter, r *http.Request, p principal) {
	if p.Role != RoleSupervisor {
		writeError(w, s.log, guichet.Errorf(guichet.Forbidden, "console: supervision", "the supervision is for supervisors"), "")
		return
	}
	ctx := r.Context()
	agents, assigned, err := s.team(ctx)
	if err != nil {
		writeError(w, s.log, err, "")
		return
	}
	waiting, total, err := s.tickets.List(ctx, handoff.Waiting, maxSupervisionQueue)
	if err != nil {
		writeError(w, s.log, err, "")
		return
	}
	q := queueView{Waiting: total, Assigned: len(assigned)}
	list := make([]ticketSummary, 0, len(waiting))
	for i, t := range waiting {
		v := s.summary(ctx, t)
		v.Position = i + 1
		list = append(list, v)
		if t.Priority {
			q.PriorityWaiting++
		}
		q.OldestWait = max(q.OldestWait, v.WaitSeconds)
	}
	for _, a := range agents {
		if a.Online {
			q.AgentsOnline++
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"queue": q, "waiting": list, "agents": agents})
}
