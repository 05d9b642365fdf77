package cliflag

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// When reads a time given on the command line (--since, --until): a
// duration back from now ("7d", "24h", "1d12h", "90m"), a date
// ("2026-06-01", midnight in loc) or an RFC 3339 time. The error says
// which forms it takes.
func When(s string, now time.Time, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if t, err := time.ParseInLocation(time.DateOnly, s, loc); err == nil {
		return t, nil
	}
	d, err := parseDays(s)
	if err != nil || d <= 0 {
		return time.Time{}, fmt.Errorf("%q: want a positive duration such as 7d, 24h or 90m, a date such as 2026-06-01, or an RFC 3339 time", s)
	}
	return now.Add(-d), nil
}

// parseDays is time.ParseDuration with days: "7d", "1d12h".
func parseDays(s string) (time.Duration, error) {
	days, rest, ok := strings.Cut(s, "d")
	if !ok {
		return time.ParseDuration(s)
	}
	n, err := strconv.Atoi(days)
	if err != nil || n < 0 || n > 3660 {
		return 0, fmt.Errorf("bad number of days %q", days)
	}
	d := time.Duration(n) * 24 * time.Hour
	if rest == "" {
		return d, nil
	}
	r, err := time.ParseDuration(rest)
	return d + r, err
}
