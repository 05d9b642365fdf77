package cliflag

import (
	"testing"
	"time"
)

// --since and --until take a duration back from now, a date (midnight in
// the given zone) or an RFC 3339 time, and refuse anything else.
func TestParseWhen(t *testing.T) {
	now := time.Date(2026, 6, 8, 10, 0, 0, 0, time.UTC)
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	tests := map[string]time.Time{
		"7d":                        now.Add(-7 * 24 * time.Hour),
		"24h":                       now.Add(-24 * time.Hour),
		"1d12h":                     now.Add(-36 * time.Hour),
		"90m":                       now.Add(-90 * time.Minute),
		"2026-06-01":                time.Date(2026, 5, 31, 22, 0, 0, 0, time.UTC),
		"2026-06-01T08:00:00+02:00": time.Date(2026, 6, 1, 6, 0, 0, 0, time.UTC),
	}
	for in, want := range tests {
		if got, err := When(in, now, paris); err != nil || !got.Equal(want) {
			t.Errorf("When(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "0d", "-2h", "d", "x7d", "7days", "9999d"} {
		if _, err := When(bad, now, paris); err == nil {
			t.Errorf("When(%q) accepted", bad)
		}
	}
}
