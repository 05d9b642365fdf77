package bot

import (
	"testing"

	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/kb"
)

// The model's thresholds apply unless config sets one; config wins where
// it does, and clarify never exceeds answer.
func TestThresholds(t *testing.T) {
	model := kb.Thresholds{Answer: 0.4, Clarify: 0.25}
	for _, c := range []struct {
		answer, clarify float64
		want            kb.Thresholds
	}{
		{0, 0, model},
		{0.6, 0, kb.Thresholds{Answer: 0.6, Clarify: 0.25}},
		{0, 0.3, kb.Thresholds{Answer: 0.4, Clarify: 0.3}},
		{0.2, 0, kb.Thresholds{Answer: 0.2, Clarify: 0.2}},
		{0.5, 0.1, kb.Thresholds{Answer: 0.5, Clarify: 0.1}},
	} {
		got := Thresholds(config.Bot{AnswerThreshold: c.answer, ClarifyThreshold: c.clarify}, model)
		if got != c.want {
			t.Errorf("config %g/%g: got %+v, want %+v", c.answer, c.clarify, got, c.want)
		}
	}
}
