package handoff

import (
	"context"
	"log/slog"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/quality"
	"github.com/guichet/guichet/store"
)

// Store is what the hand-off needs from the conversation store: the
// transcripts agents read, and the bus that carries live updates between
// instances. store.Store satisfies it.
type Store interface {
	Events(ctx context.Context, conv guichet.ConversationID, after int64, limit int) ([]guichet.Event, error)
	Publish(ctx context.Context, n store.Notice) error
	Subscribe(ctx context.Context) (<-chan store.Notice, error)
}

// WindowChecker tells how long an agent may still answer a conversation
// (the Messenger channel implements it). ok is false when the channel has
// no window for conv.
type WindowChecker interface {
	WindowLeft(ctx context.Context, conv guichet.ConversationID) (left time.Duration, ok bool, err error)
}

// Answers gives the text of a knowledge-base entry, so that an agent can
// send one of the bot's candidates in one click.
type Answers interface {
	Answer(entryID string) (title, text string, ok bool)
}

// Options are what New needs. Config, Tickets, Store and Sender are
// required.
type Options struct {
	Config  config.Handoff
	Tickets TicketStore
	Store   Store
	Sender  guichet.Sender
	Windows WindowChecker // optional
	Answers Answers       // optional: without it, candidates show no text
	Log     *slog.Logger
	Metrics prometheus.Registerer // optional
	Now     func() time.Time
	// PublicURL (http.public_url): an https URL makes session cookies
	// Secure even behind a TLS-terminating proxy.
	PublicURL string
	// TrustProxy (http.trust_proxy): rate-limit logins by the last hop of
	// X-Forwarded-For instead of the peer address.
	TrustProxy bool
	// Tick is how often Run looks at timers (default 5 s).
	Tick time.Duration
	// Quality receives the hand-off's facts and feeds /console/stats
	// (optional: without it nothing is recorded and the page says that
	// statistics are not configured).
	Quality quality.Store
}

// Service is the hand-off: it opens tickets for the bot, tells citizens
// where they stand, runs the timers, and serves the console and its API.
type Service struct {
	cfg      config.Handoff
	tickets  TicketStore
	store    Store
	sender   guichet.Sender
	windows  WindowChecker
	answers  Answers
	quality  quality.Store
	statsMem statsCache
	log      *slog.Logger
	now      func() time.Time
	hours    *hours
	accounts *accountsFile
	sessions *sessions
	limiter  *loginLimiter
	canned   []Canned
	metrics  *metrics
	hub      *hub
	assets   *assets
	presence *presenceMarks
	running  chan struct{} // closed once Run listens to the bus
	runOnce  sync.Once
	claiming atomic.Int32 // claim-next requests in flight on this instance
	secure   bool
	trust    bool
	tick     time.Duration
}

// New checks opts and builds the service. It reads the canned responses
// and parses the console's templates; the accounts file is read when
// agents log in, so that 'guichet agent add' needs no restart.
func New(opts Options) (*Service, error) {
	const op = "handoff: new"
	if err := checkOptions(opts); err != nil {
		return nil, guichet.E(guichet.Invalid, op, err)
	}
	s := &Service{cfg: opts.Config, tickets: opts.Tickets, store: opts.Store, sender: opts.Sender,
		windows: opts.Windows, answers: opts.Answers, quality: opts.Quality, log: opts.Log, now: opts.Now,
		trust: opts.TrustProxy, tick: opts.Tick}
	s.defaults()
	var err error
	if s.hours, err = newHours(opts.Config.OpeningHours); err != nil {
		return nil, guichet.E(guichet.Invalid, op, err)
	}
	if s.canned, err = LoadCanned(opts.Config.CannedFile); err != nil {
		return nil, err
	}
	if s.assets, err = loadAssets(); err != nil {
		return nil, guichet.E(guichet.Other, op, err)
	}
	if s.metrics, err = newMetrics(opts.Metrics); err != nil {
		return nil, guichet.E(guichet.Invalid, op, err)
	}
	s.secure = isHTTPS(opts.PublicURL)
	s.sessions = newSessions(opts.Config.SessionKey, opts.Config.SessionTTL, s.now)
	if opts.Config.SessionKey == "" {
		s.log.Warn("handoff: GUICHET_HANDOFF_SESSION_KEY is not set: console sessions use a random key, so they end when this process restarts and do not work across instances")
	}
	s.accounts = newAccountsFile(opts.Config.AccountsFile, s.log, s.now)
	s.limiter = newLoginLimiter(s.now)
	s.hub = newHub(s)
	s.presence = newPresenceMarks()
	s.running = make(chan struct{})
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
	case o.Config.AccountsFile == "":
		return errorf("handoff.accounts_file is required")
	case o.Config.AbandonAfter <= 0 || o.Config.AgentOffline <= 0 || o.Config.SessionTTL <= 0:
		return errorf("handoff.abandon_after, agent_offline and session_ttl must be positive")
	}
	return nil
}

func isHTTPS(publicURL string) bool {
	u, err := url.Parse(publicURL)
	return err == nil && u.Scheme == "https"
}
