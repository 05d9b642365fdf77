package bot

import (
	"testing"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/kb"
	"github.com/guichet/guichet/kb/match"
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

// With no threshold in config, the KB's model decides: the same question
// is answered under the shipped model and not under one that asks for
// more confidence; a threshold in config wins over the model's.
func TestModelThresholdsDecide(t *testing.T) {
	k, err := kb.Load(kb.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	idx, err := kb.NewIndex(k)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	strict := k.Model()
	strict.Thresholds = kb.Thresholds{Answer: 0.999, Clarify: 0.998}
	decide := func(k *kb.KB, cfg config.Bot) string {
		m := match.New(k, idx)
		eng := New(cfg, Deps{Matcher: func() *match.Matcher { return m }})
		var st State
		d, err := eng.Decide(&st, guichet.Message{ID: "1", Conversation: guichet.NewConversationID(guichet.ChannelCLI, "t"),
			Text: "j'ai perdu mon permis de conduire", Time: time.Now()})
		if err != nil {
			t.Fatal(err)
		}
		return d.Kind
	}
	cfg := config.Default().Bot
	if got := decide(k, cfg); got != DecisionAnswer {
		t.Errorf("shipped model: %s, want answer", got)
	}
	if got := decide(k.WithModel(strict), cfg); got == DecisionAnswer {
		t.Errorf("model answering at 0.999: %s, want no answer", got)
	}
	cfg.AnswerThreshold, cfg.ClarifyThreshold = 0.3, 0.2
	if got := decide(k.WithModel(strict), cfg); got != DecisionAnswer {
		t.Errorf("config thresholds over the strict model: %s, want answer", got)
	}
}
