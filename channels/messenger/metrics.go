package messenger

import (
	"github.com/prometheus/client_golang/prometheus"
)

type metrics struct {
	requests  *prometheus.CounterVec // webhook POSTs by status text
	events    *prometheus.CounterVec // webhook events by kind
	ack       prometheus.Histogram   // webhook acknowledgement latency
	processed *prometheus.CounterVec // queue entries by outcome
	sends     *prometheus.CounterVec // Send API requests by result class
	retries   *prometheus.CounterVec // Send API retries by class
	sendQueue prometheus.GaugeFunc
	tokenOK   prometheus.Gauge
}

func newMetrics(reg prometheus.Registerer, sendQueueLen func() int) (*metrics, error) {
	if reg == nil {
		reg = prometheus.NewRegistry()
	}
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "guichet_messenger_webhook_requests_total",
			Help: "Webhook POST requests by response status."}, []string{"status"}),
		events: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "guichet_messenger_webhook_events_total",
			Help: "Webhook events received, by kind (message, postback, echo, delivery, read, standby_*, invalid, other_page)."}, []string{"kind"}),
		ack: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "guichet_messenger_webhook_ack_seconds",
			Help:    "Time to store a webhook's events and acknowledge it.",
			Buckets: []float64{.001, .002, .005, .01, .02, .05, .1, .5, 1, 5}}),
		processed: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "guichet_messenger_events_processed_total",
			Help: "Queued events processed, by outcome (handled, duplicate, echo_ours, muted, standby, retry, failed)."}, []string{"outcome"}),
		sends: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "guichet_messenger_send_requests_total",
			Help: "Send API requests by result (ok or error class)."}, []string{"result"}),
		retries: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "guichet_messenger_send_retries_total",
			Help: "Send API retries by error class."}, []string{"class"}),
		tokenOK: prometheus.NewGauge(prometheus.GaugeOpts{Name: "guichet_messenger_page_token_valid",
			Help: "0 after Meta rejected the page token (error 190): alert on it."}),
	}
	m.sendQueue = prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "guichet_messenger_send_queue_length",
		Help: "Replies waiting for a sender."}, func() float64 { return float64(sendQueueLen()) })
	m.tokenOK.Set(1)
	for _, c := range []prometheus.Collector{m.requests, m.events, m.ack, m.processed, m.sends, m.retries,
		m.sendQueue, m.tokenOK} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return m, nil
}
