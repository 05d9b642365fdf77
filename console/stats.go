package console

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/quality"
)

// The supervisors' dashboard: /console/stats (HTML, server-rendered with
// inline SVG charts and a table behind each) and GET /api/v1/stats (the
// same figures as JSON). Figures are computed on each request from the
// quality store's facts (quality.Compute).

// period is one tab of the dashboard.
type period struct {
	Key   string // the ?period= value
	Label string
}

var periods = []period{{"today", "Aujourd'hui"}, {"7d", "7 derniers jours"}, {"30d", "30 derniers jours"}}

// statsKinds are the facts the dashboard reads (answers, clarifications
// and comments are the most numerous and are not needed).
var statsKinds = []quality.Kind{quality.KindConversation, quality.KindHandoff, quality.KindPickup,
	quality.KindFirstReply, quality.KindHelpful, quality.KindRating, quality.KindFallback, quality.KindIncident}

// periodFrom returns the start of period key at now: midnight of the
// opening hours' zone for today, else the last 7 or 30 times 24 hours.
func (s *Console) periodFrom(key string, now time.Time) (time.Time, bool) {
	switch key {
	case "today":
		l := now.In(s.loc)
		return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, l.Location()), true
	case "7d":
		return now.Add(-7 * 24 * time.Hour), true
	case "30d":
		return now.Add(-30 * 24 * time.Hour), true
	}
	return time.Time{}, false
}

// statsFresh is how long computed figures are served again: a month of
// a busy service is a few hundred thousand facts, about two seconds to
// read and compute, and several supervisors may reload at once.
const statsFresh = time.Minute

// statsCache keeps each period's latest figures on this instance.
type statsCache struct {
	mu    sync.Mutex
	byKey map[string]quality.Stats
}

// stats computes the figures of period key, or returns those computed
// less than statsFresh ago. Errors: Invalid (unknown period), NotFound
// (no quality store), Unavailable.
func (s *Console) stats(ctx context.Context, key string) (quality.Stats, error) {
	const op = "handoff: stats"
	if s.quality == nil {
		return quality.Stats{}, guichet.Errorf(guichet.NotFound, op, "statistics are not configured (no quality store)")
	}
	now := s.now()
	from, ok := s.periodFrom(key, now)
	if !ok {
		return quality.Stats{}, guichet.Errorf(guichet.Invalid, op, "period %q: want today, 7d or 30d", key)
	}
	c := &s.statsMem
	c.mu.Lock()
	defer c.mu.Unlock() // one computation at a time: the others wait for its result
	st, ok := c.byKey[key]
	fresh := ok && now.Sub(st.To) < statsFresh && !now.Before(st.To)
	if fresh && (key != "today" || st.From.Equal(from)) { // today starts again at midnight
		return st, nil
	}
	facts, err := s.quality.Facts(ctx, from, statsKinds...)
	if err != nil {
		return quality.Stats{}, guichet.E(guichet.KindOf(err), op, err)
	}
	st = quality.Compute(facts, from, now)
	if c.byKey == nil {
		c.byKey = map[string]quality.Stats{}
	}
	c.byKey[key] = st
	return st, nil
}

// handleStatsAPI serves GET /api/v1/stats?period=today|7d|30d.
func (s *Console) handleStatsAPI(w http.ResponseWriter, r *http.Request, p principal) {
	if p.Role != RoleSupervisor {
		writeError(w, s.log, guichet.Errorf(guichet.Forbidden, "handoff: stats", "statistics are for supervisors"), "")
		return
	}
	key := r.URL.Query().Get("period")
	if key == "" {
		key = "today"
	}
	st, err := s.stats(r.Context(), key)
	code := ""
	if guichet.Is(err, guichet.NotFound) {
		code = "stats_not_configured"
	}
	if err != nil {
		writeError(w, s.log, err, code)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"period": key, "stats": st})
}

// statsPage is what stats.html needs.
type statsPage struct {
	Agent         Account
	CSRF          string
	Page          string // the current page, for the header's navigation
	Forbidden     bool
	NotConfigured bool
	Error         string
	View          *statsView
}

// handleStatsPage serves GET /console/stats: supervisors see the
// dashboard; other agents get a 403 page saying who may see it.
func (s *Console) handleStatsPage(w http.ResponseWriter, r *http.Request) {
	sess, ac, ok := s.sessionOf(r)
	if !ok {
		toLogin(w, r)
		return
	}
	s.see(r.Context(), ac.Name)
	page := statsPage{Agent: ac, CSRF: s.sessions.csrf(sess), Page: "stats"}
	if ac.Role != RoleSupervisor {
		page.Forbidden = true
		s.render(w, s.assets.stats, http.StatusForbidden, page)
		return
	}
	key := r.URL.Query().Get("period")
	if key == "" {
		key = "today"
	}
	st, err := s.stats(r.Context(), key)
	status := http.StatusOK
	switch {
	case guichet.Is(err, guichet.NotFound):
		page.NotConfigured = true
	case guichet.Is(err, guichet.Invalid):
		status, page.Error = http.StatusBadRequest, "Période inconnue : choisissez l'un des onglets ci-dessous."
		page.View = &statsView{Periods: tabs("")}
	case err != nil:
		s.log.Error("handoff: stats page", "err", err)
		status, page.Error = http.StatusServiceUnavailable, "Les statistiques sont momentanément indisponibles (stockage injoignable). Réessayez dans quelques minutes."
		page.View = &statsView{Periods: tabs(key)}
	default:
		page.View = s.newStatsView(st, key)
	}
	s.render(w, s.assets.stats, status, page)
}
