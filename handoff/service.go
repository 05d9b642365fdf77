package handoff

import (
	"context"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/store"
)

// Publisher carries ticket notices to every instance's consoles (the
// conversation store's bus: store.Store satisfies it).
type Publisher interface {
	Publish(ctx context.Context, n store.Notice) error
}

// Options are what New needs. Config, Tickets, Store and Sender are
// required.
type Options struct {
	Config  config.Handoff
	Tickets TicketStore
	Store   Publisher
	Sender  guichet.Sender
	Log     *slog.Logger
	Metrics prometheus.Registerer // optional
	Now     func() time.Time
	// Tick is how often Run looks at timers (default 5 s).
	Tick time.Duration
	// Recorder hears the milestones of every ticket for the quality
	// records (optional: without it nothing is recorded).
	Recorder Recorder
}

// Service is the hand-off: it opens tickets for the bot, tells citizens
// where they stand, moves tickets through their states for agents and
// runs the timers. The staff web app (package console) drives it.
type Service struct {
	cfg      config.Handoff
	tickets  TicketStore
	store    Publisher
	sender   guichet.Sender
	recorder Recorder
	log      *slog.Logger
	now      func() time.Time
	hours    *hours
	metrics  *metrics
	claiming atomic.Int32 // ClaimNext calls in flight on this instance
	tick     time.Duration
}

// New checks opts and builds the service.
func New(opts Options) (*Service, error) {
	const op = "handoff: new"
	if err := checkOptions(opts); err != nil {
		return nil, guichet.E(guichet.Invalid, op, err)
	}
	s := &Service{cfg: opts.Config, tickets: opts.Tickets, store: opts.Store, sender: opts.Sender,
		recorder: opts.Recorder, log: opts.Log, now: opts.Now, tick: opts.Tick}
	s.defaults()
	var err error
	if s.hours, err = newHours(opts.Config.OpeningHours); err != nil {
		return nil, guichet.E(guichet.Invalid, op, err)
	}
	if s.metrics, err = newMetrics(opts.Metrics); err != nil {
		return nil, guichet.E(guichet.Invalid, op, err)
	}
	return s, nil
}

func (s *Service) defaults() {
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.tick <= 0 {
		s.tick = 5 * time.Second
	}
}

func checkOptions(o Options) error {
	switch {
	case o.Tickets == nil:
		return errorf("Options.Tickets is required (NewMemoryTickets or NewRedisTickets)")
	case o.Store == nil:
		return errorf("Options.Store is required (the conversation store)")
	case o.Sender == nil:
		return errorf("Options.Sender is required (the dispatcher)")
	case o.Config.AbandonAfter <= 0 || o.Config.AgentOffline <= 0:
		return errorf("handoff.abandon_after and agent_offline must be positive")
	}
	return nil
}
