package console

import "net/http"

// teamPage is what team.html needs.
type teamPage struct {
	Agent     Account
	CSRF      string
	Page      string
	Forbidden bool
}

// handleTeamPage serves GET /console/team: the supervisors' live view of
// the queue, the agents online and their load (console-team.js reads
// GET /api/v1/supervision and follows the stream).
func (s *Console) handleTeamPage(w http.ResponseWriter, r *http.Request) {
	sess, ac, ok := s.sessionOf(r)
	if !ok {
		toLogin(w, r)
		return
	}
	s.see(r.Context(), ac.Name)
	p := teamPage{Agent: ac, CSRF: s.sessions.csrf(sess), Page: "team"}
	status := http.StatusOK
	if ac.Role != RoleSupervisor {
		p.Forbidden, status = true, http.StatusForbidden
	}
	s.render(w, s.assets.team, status, p)
}
