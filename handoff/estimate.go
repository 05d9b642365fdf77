package handoff

import (
	"fmt"
	"slices"
	"time"
)

// estimateWindow is how far back pick-ups count for the estimate.
const estimateWindow = 2 * time.Hour

// estimateWait guesses how long the citizen at position will wait, from
// recent pick-ups (newest first). Two views are combined and the smaller
// kept: the pace of pick-ups (position / rate) is right when agents are
// busy; the typical wait times position is right when agents are idle
// (few pick-ups only because few tickets came). ok is false when nothing
// recent is known: citizens are then told nothing rather than a guess.
func estimateWait(pickups []Pickup, position int, now time.Time) (time.Duration, bool) {
	var waits []time.Duration
	var oldest time.Time
	for _, p := range pickups {
		if now.Sub(p.At) > estimateWindow {
			break
		}
		waits = append(waits, max(p.Waited, 0))
		oldest = p.At
	}
	if len(waits) == 0 || position < 1 {
		return 0, false
	}
	slices.Sort(waits)
	est := waits[len(waits)/2] * time.Duration(position)
	if span := now.Sub(oldest); len(waits) >= 2 && span > 0 {
		perPickup := span / time.Duration(len(waits)-1) // n pick-ups since the oldest: n-1 intervals
		est = min(est, perPickup*time.Duration(position))
	}
	return est, true
}

// frenchDuration rounds a wait the way a person would say it.
func frenchDuration(d time.Duration) string {
	switch {
	case d < 5*time.Minute:
		return "moins de 5 minutes"
	case d < 55*time.Minute:
		return fmt.Sprintf("environ %d minutes", int((d+150*time.Second)/(5*time.Minute))*5)
	case d < 90*time.Minute:
		return "environ 1 heure"
	}
	return fmt.Sprintf("environ %d heures", int((d+30*time.Minute)/time.Hour))
}
