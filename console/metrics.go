package console

import (
	"fmt"

	"github.com/prometheus/client_golang/prometheus"
)

// metrics keep the series names they had when the console was part of
// the hand-off, so that dashboards keep working.
type metrics struct {
	replies *prometheus.CounterVec
	logins  *prometheus.CounterVec
	claim   prometheus.Histogram
	streams prometheus.Gauge
}

func newMetrics(reg prometheus.Registerer) (*metrics, error) {
	m := &metrics{
		replies: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "guichet_handoff_agent_replies_total",
			Help: "Agent replies, by result (sent, refused, failed)."}, []string{"result"}),
		logins: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "guichet_handoff_logins_total",
			Help: "Console logins, by result (ok, failed, limited)."}, []string{"result"}),
		claim: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "guichet_handoff_claim_seconds",
			Help: "Time to claim a ticket (store compare-and-set and notices).", Buckets: prometheus.ExponentialBuckets(0.0005, 2, 14)}),
		streams: prometheus.NewGauge(prometheus.GaugeOpts{Name: "guichet_handoff_console_streams", Help: "Open console live streams on this instance."}),
	}
	if reg == nil {
		return m, nil
	}
	for _, c := range []prometheus.Collector{m.replies, m.logins, m.claim, m.streams} {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("register metrics: %w", err)
		}
	}
	return m, nil
}
