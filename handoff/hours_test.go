package handoff

import (
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/config"
)

func testHours(t *testing.T) *hours {
	t.Helper()
	h, err := newHours(config.OpeningHours{Timezone: "Europe/Paris", Days: []string{"mon", "tue", "wed", "thu", "fri", "sat"},
		Open: "08:00", Close: "20:00", Holidays: []string{"2026-07-14"}})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestOpenBetween(t *testing.T) {
	h := testHours(t)
	paris, _ := time.LoadLocation("Europe/Paris")
	at := func(day, hour, min int) time.Time { return time.Date(2026, 6, day, hour, min, 0, 0, paris) }
	tests := []struct {
		name string
		a, b time.Time
		want time.Duration
	}{
		{"within a day", at(8, 10, 0), at(8, 12, 30), 150 * time.Minute},
		{"before opening", at(8, 6, 0), at(8, 9, 0), time.Hour},
		{"across the night", at(8, 19, 0), at(9, 9, 0), 2 * time.Hour},
		{"saturday evening to monday morning", at(13, 19, 0), at(15, 9, 0), 2 * time.Hour},
		{"all sunday", at(14, 0, 0), at(14, 23, 59), 0},
		{"a whole week", at(8, 0, 0), at(15, 0, 0), 6 * 12 * time.Hour},
		{"holiday", time.Date(2026, 7, 14, 9, 0, 0, 0, paris), time.Date(2026, 7, 14, 18, 0, 0, 0, paris), 0},
		{"reversed", at(9, 10, 0), at(8, 10, 0), 0},
	}
	for _, tc := range tests {
		if got := h.openBetween(tc.a, tc.b); got != tc.want {
			t.Errorf("%s: openBetween = %s, want %s", tc.name, got, tc.want)
		}
	}
}

func TestFrenchWhen(t *testing.T) {
	h := testHours(t)
	paris, _ := time.LoadLocation("Europe/Paris")
	now := time.Date(2026, 6, 13, 21, 0, 0, 0, paris) // saturday evening
	tests := []struct {
		t    time.Time
		want string
	}{
		{h.NextOpen(now), "lundi 15 juin à 8 h"},
		{time.Date(2026, 6, 13, 22, 30, 0, 0, paris), "aujourd'hui à 22 h 30"},
		{time.Date(2026, 6, 14, 8, 0, 0, 0, paris), "demain à 8 h"},
	}
	for _, tc := range tests {
		if got := h.frenchWhen(tc.t, now); got != tc.want {
			t.Errorf("frenchWhen(%s) = %q, want %q", tc.t, got, tc.want)
		}
	}
}

func TestEstimateWait(t *testing.T) {
	now := time.Date(2026, 6, 8, 10, 0, 0, 0, time.UTC)
	busy := []Pickup{} // a pick-up every 3 minutes, each after 30 minutes in the queue
	for i := range 20 {
		busy = append(busy, Pickup{At: now.Add(-time.Duration(i*3) * time.Minute), Waited: 30 * time.Minute})
	}
	idle := []Pickup{{At: now.Add(-50 * time.Minute), Waited: time.Minute}, {At: now.Add(-100 * time.Minute), Waited: 2 * time.Minute}}
	old := []Pickup{{At: now.Add(-5 * time.Hour), Waited: time.Minute}}
	tests := []struct {
		name     string
		pickups  []Pickup
		position int
		want     string
		ok       bool
	}{
		{"busy, first in line", busy, 1, "moins de 5 minutes", true},
		{"busy, tenth", busy, 10, "environ 30 minutes", true},
		{"busy, fortieth", busy, 40, "environ 2 heures", true},
		{"idle agents", idle, 1, "moins de 5 minutes", true},
		{"nothing recent", old, 1, "", false},
		{"no pick-up yet", nil, 3, "", false},
	}
	for _, tc := range tests {
		d, ok := estimateWait(tc.pickups, tc.position, now)
		got := ""
		if ok {
			got = frenchDuration(d)
		}
		if ok != tc.ok || got != tc.want {
			t.Errorf("%s: estimate %q (%s) ok %v, want %q ok %v", tc.name, got, d, ok, tc.want, tc.ok)
		}
	}
}

func TestFrenchDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{4 * time.Minute: "moins de 5 minutes", 12 * time.Minute: "environ 10 minutes",
		13 * time.Minute: "environ 15 minutes", 70 * time.Minute: "environ 1 heure", 150 * time.Minute: "environ 3 heures"} {
		if got := frenchDuration(d); !strings.EqualFold(got, want) {
			t.Errorf("frenchDuration(%s) = %q, want %q", d, got, want)
		}
	}
}
