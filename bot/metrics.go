package bot

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/guichet/guichet"
)

type metrics struct {
	messages *prometheus.CounterVec
	handoffs *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

// newMetrics registers the bot's metrics on reg; a nil reg keeps them
// unregistered (tools and tests).
func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		messages: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "guichet_messages_total",
			Help: "Citizen messages handled, by channel and decision (human: passed to an agent)."}, []string{"channel", "decision"}),
		handoffs: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "guichet_handoffs_total",
			Help: "Conversations handed to a human, by channel and reason."}, []string{"channel", "reason"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "guichet_bot_decision_seconds",
			Help:    "Time from receiving a message to the bot's decision.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, 1}}, []string{"channel"}),
	}
	if reg != nil {
		reg.MustRegister(m.messages, m.handoffs, m.latency)
	}
	return m
}

func (m *metrics) message(ch guichet.Channel, decision string) {
	m.messages.WithLabelValues(string(ch), decision).Inc()
}

func (m *metrics) decided(ch guichet.Channel, decision string, d time.Duration) {
	m.message(ch, decision)
	m.latency.WithLabelValues(string(ch)).Observe(d.Seconds())
}

func (m *metrics) handoff(ch guichet.Channel, reason string) {
	m.handoffs.WithLabelValues(string(ch), reason).Inc()
}
