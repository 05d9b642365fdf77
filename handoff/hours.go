package handoff

import (
	"fmt"
	"time"

	"github.com/guichet/guichet/config"
)

// hours is the opening schedule with what the hand-off computes from it:
// how much opening time has passed (abandonment counts only that, so that
// a ticket left on Saturday evening is still there on Monday morning).
type hours struct {
	sched       *config.Schedule
	open, close time.Duration // since midnight
}

func newHours(o config.OpeningHours) (*hours, error) {
	sched, err := o.Schedule()
	if err != nil {
		return nil, fmt.Errorf("handoff.opening_hours: %w", err)
	}
	// Schedule validated both clocks.
	open, _ := time.Parse("15:04", o.Open)
	cl, _ := time.Parse("15:04", o.Close)
	since := func(t time.Time) time.Duration {
		return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute
	}
	return &hours{sched: sched, open: since(open), close: since(cl)}, nil
}

// IsOpen reports whether agents are at work at t.
func (h *hours) IsOpen(t time.Time) bool { return h.sched.IsOpen(t) }

// NextOpen is the next time agents are at work, t itself if they are.
func (h *hours) NextOpen(t time.Time) time.Time { return h.sched.NextOpen(t) }

// openBetween returns how much opening time lies between a and b. It
// walks day by day, so it is meant for spans of days, not years.
func (h *hours) openBetween(a, b time.Time) time.Duration {
	loc := h.sched.Location()
	a, b = a.In(loc), b.In(loc)
	var total time.Duration
	for day := time.Date(a.Year(), a.Month(), a.Day(), 0, 0, 0, 0, loc); day.Before(b); day = day.AddDate(0, 0, 1) {
		start, end := wall(day, h.open), wall(day, h.close)
		if !h.sched.IsOpen(start) {
			continue // closed day or holiday
		}
		from, to := later(start, a), earlier(end, b)
		if to.After(from) {
			total += to.Sub(from)
		}
	}
	return total
}

// wall is the wall-clock time d after midnight of day, right across
// daylight-saving changes.
func wall(day time.Time, d time.Duration) time.Time {
	return time.Date(day.Year(), day.Month(), day.Day(), 0, int(d/time.Minute), 0, 0, day.Location())
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

var frenchDays = [...]string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"}

var frenchMonths = [...]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet",
	"août", "septembre", "octobre", "novembre", "décembre"}

// frenchWhen says when t is, seen from now, the way the contact centre
// would: "aujourd'hui à 14 h", "demain à 8 h 30", "lundi 8 juin à 8 h".
func (h *hours) frenchWhen(t, now time.Time) string {
	loc := h.sched.Location()
	t, now = t.In(loc), now.In(loc)
	clock := fmt.Sprintf("%d h", t.Hour())
	if t.Minute() != 0 {
		clock = fmt.Sprintf("%d h %02d", t.Hour(), t.Minute())
	}
	y1, m1, d1 := now.Date()
	y2, m2, d2 := t.Date()
	today := time.Date(y1, m1, d1, 0, 0, 0, 0, loc)
	switch time.Date(y2, m2, d2, 0, 0, 0, 0, loc) {
	case today:
		return "aujourd'hui à " + clock
	case today.AddDate(0, 0, 1):
		return "demain à " + clock
	}
	return fmt.Sprintf("%s %d %s à %s", frenchDays[t.Weekday()], d2, frenchMonths[m2-1], clock)
}
