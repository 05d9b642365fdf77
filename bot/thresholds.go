package bot

import (
	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/kb"
)

// Thresholds returns the thresholds the bot decides with: config's
// bot.answer_threshold and bot.clarify_threshold where set (non-zero),
// else those of the KB's model file, which are fitted with the model and
// reloaded with it. The clarify threshold never exceeds the answer one.
func Thresholds(cfg config.Bot, model kb.Thresholds) kb.Thresholds {
	t := model
	if cfg.AnswerThreshold > 0 {
		t.Answer = cfg.AnswerThreshold
	}
	if cfg.ClarifyThreshold > 0 {
		t.Clarify = cfg.ClarifyThreshold
	}
	t.Clarify = min(t.Clarify, t.Answer)
	return t
}

// answerAt is the confidence at or above which the turn answers.
func (t *turn) answerAt() float64 { return t.th.Answer }

// clarifyAt is the confidence from which the turn offers choices.
func (t *turn) clarifyAt() float64 { return t.th.Clarify }
