package config

import (
	"fmt"
	"time"
)

// Schedule is OpeningHours parsed: when agents are at work.
type Schedule struct {
	loc         *time.Location
	days        [7]bool // indexed by time.Weekday
	open, close int     // minutes after midnight
	holidays    map[string]bool
}

var weekdays = map[string]time.Weekday{"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday,
	"wed": time.Wednesday, "thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday}

// Schedule parses and checks the opening hours.
func (o OpeningHours) Schedule() (*Schedule, error) {
	loc, err := time.LoadLocation(o.Timezone)
	if err != nil {
		return nil, fmt.Errorf("timezone: unknown zone %q (want e.g. Europe/Paris)", o.Timezone)
	}
	s := &Schedule{loc: loc, holidays: map[string]bool{}}
	for _, d := range o.Days {
		wd, ok := weekdays[d]
		if !ok {
			return nil, fmt.Errorf("days: %q is not one of mon tue wed thu fri sat sun", d)
		}
		s.days[wd] = true
	}
	if len(o.Days) == 0 {
		return nil, errNoDays
	}
	if s.open, err = clock(o.Open); err != nil {
		return nil, fmt.Errorf("open: %v", err)
	}
	if s.close, err = clock(o.Close); err != nil {
		return nil, fmt.Errorf("close: %v", err)
	}
	if s.close <= s.open {
		return nil, fmt.Errorf("close (%s) must be after open (%s)", o.Close, o.Open)
	}
	for _, h := range o.Holidays {
		if _, err := time.Parse("2006-01-02", h); err != nil {
			return nil, fmt.Errorf("holidays: %q is not a date like 2026-12-25", h)
		}
		s.holidays[h] = true
	}
	return s, nil
}

func clock(s string) (int, error) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a time like 08:30", s)
	}
	return t.Hour()*60 + t.Minute(), nil
}

// IsOpen reports whether agents are at work at t.
func (s *Schedule) IsOpen(t time.Time) bool {
	t = t.In(s.loc)
	if !s.days[t.Weekday()] || s.holidays[t.Format("2006-01-02")] {
		return false
	}
	m := t.Hour()*60 + t.Minute()
	return m >= s.open && m < s.close
}

// NextOpen returns the next time at or after t when agents are at work.
func (s *Schedule) NextOpen(t time.Time) time.Time {
	t = t.In(s.loc)
	for i := 0; i < 370; i++ {
		day := time.Date(t.Year(), t.Month(), t.Day()+i, 0, 0, 0, 0, s.loc)
		start := day.Add(time.Duration(s.open) * time.Minute)
		end := day.Add(time.Duration(s.close) * time.Minute)
		if !s.days[day.Weekday()] || s.holidays[day.Format("2006-01-02")] || !t.Before(end) {
			continue
		}
		if t.After(start) {
			return t
		}
		return start
	}
	return t // no open day in a year: validation prevents this
}

// Location is the schedule's time zone.
func (s *Schedule) Location() *time.Location { return s.loc }
