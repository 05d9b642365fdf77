package handoff

import (
	"fmt"

	"github.com/prometheus/client_golang/prometheus"
)

type metrics struct {
	opened      *prometheus.CounterVec
	transitions *prometheus.CounterVec
	notices     *prometheus.CounterVec
	pickupWait  prometheus.Histogram
	waiting     prometheus.Gauge
	assigned    prometheus.Gauge
}

func newMetrics(reg prometheus.Registerer) (*metrics, error) {
	m := &metrics{
		opened: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "guichet_handoff_tickets_opened_total",
			Help: "Tickets opened, by escalation reason."}, []string{"reason"}),
		transitions: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "guichet_handoff_transitions_total",
			Help: "Ticket transitions done, by action."}, []string{"action"}),
		notices: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "guichet_handoff_notices_total",
			Help: "System notices to citizens, by ticket status and result (sent, failed)."}, []string{"status", "result"}),
		pickupWait: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "guichet_handoff_pickup_wait_seconds",
			Help: "Time tickets waited before an agent claimed them.", Buckets: prometheus.ExponentialBuckets(15, 2, 12)}),
		waiting:  prometheus.NewGauge(prometheus.GaugeOpts{Name: "guichet_handoff_waiting_tickets", Help: "Tickets in the queue."}),
		assigned: prometheus.NewGauge(prometheus.GaugeOpts{Name: "guichet_handoff_assigned_tickets", Help: "Tickets held by agents."}),
	}
	if reg == nil {
		return m, nil
	}
	for _, c := range []prometheus.Collector{m.opened, m.transitions, m.notices,
		m.pickupWait, m.waiting, m.assigned} {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("register metrics: %w", err)
		}
	}
	return m, nil
}
