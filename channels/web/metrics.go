package web

import (
	"errors"
	"fmt"

	"github.com/prometheus/client_golang/prometheus"
)

type metrics struct {
	connections prometheus.Gauge
	refused     *prometheus.CounterVec // reason: origin, per_ip, shutdown, handshake
	messages    *prometheus.CounterVec // result: handled, invalid, rate_limited, busy, failed
	handle      prometheus.Histogram
	pushed      prometheus.Counter
	closed      *prometheus.CounterVec // reason: client, timeout, too_big, protocol, slow, write, shutdown
}

func newMetrics(reg prometheus.Registerer) (*metrics, error) {
	m := &metrics{
		connections: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "guichet_widget_connections", Help: "Widget WebSocket connections open now."}),
		refused: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "guichet_widget_connections_refused_total", Help: "Widget connections refused before the upgrade, by reason."},
			[]string{"reason"}),
		messages: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "guichet_widget_messages_total", Help: "Citizen messages received on the widget, by result."},
			[]string{"result"}),
		handle: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "guichet_widget_handle_seconds", Help: "Time the handler took for one widget message.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}}),
		pushed: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "guichet_widget_events_pushed_total", Help: "Transcript events written to widget sockets."}),
		closed: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "guichet_widget_disconnects_total", Help: "Widget connections closed, by reason."},
			[]string{"reason"}),
	}
	if reg == nil {
		return m, nil
	}
	for _, c := range []prometheus.Collector{m.connections, m.refused, m.messages, m.handle, m.pushed, m.closed} {
		if err := reg.Register(c); err != nil {
			var dup prometheus.AlreadyRegisteredError
			if errors.As(err, &dup) {
				return nil, fmt.Errorf("metrics: %w (one web.Channel per registry)", err)
			}
			return nil, fmt.Errorf("metrics: %w", err)
		}
	}
	return m, nil
}
