package console

import (
	"testing"

	"github.com/guichet/guichet/quality"
)

func TestFrenchFormats(t *testing.T) {
	tests := []struct{ got, want string }{
		{frPercent(quality.Ratio{Num: 79, Den: 100}), "79\u00a0%"},
		{frPercent(quality.Ratio{Num: 2, Den: 3}), "67\u00a0%"},
		{frPercent(quality.Ratio{}), "—"},
		{frInt(7), "7"},
		{frInt(12345), "12\u202f345"},
		{frInt(1234567), "1\u202f234\u202f567"},
		{frDecimal(3.45), "3,5"},
		{frSeconds(45, 1), "45\u00a0s"},
		{frSeconds(200, 1), "3\u00a0min\u00a020\u00a0s"},
		{frSeconds(240, 1), "4\u00a0min"},
		{frSeconds(3900, 1), "1\u00a0h\u00a005\u00a0min"},
		{frSeconds(0, 0), "—"},
		{frGap(0.82, 0.79), "+3\u00a0points"},
		{frGap(0.6, 0.79), "−19\u00a0points"},
		{frGap(0.79, 0.79), "0\u00a0point"},
		{label(reasonLabels, "incident"), "Signalement d'incident"},
		{label(reasonLabels, ""), "Non renseigné"},
		{label(channelLabels, "sms"), "sms"},
	}
	for i, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("case %d: got %q, want %q", i, tt.got, tt.want)
		}
	}
}
