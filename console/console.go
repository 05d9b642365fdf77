package console

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/handoff"
	"github.com/guichet/guichet/quality"
	"github.com/guichet/guichet/store"
)

// Desk is what the console asks of the hand-off service
// (handoff.Service implements it).
type Desk interface {
	// Change moves a ticket through its states for an agent.
	Change(ctx context.Context, id string, c handoff.Change) (handoff.Ticket, error)
	// ClaimNext claims the first ticket nobody else takes meanwhile.
	ClaimNext(ctx context.Context, a handoff.Actor) (handoff.Ticket, error)
	// Reply sends an agent's reply on a ticket the agent holds.
	Reply(ctx context.Context, id, agent string, r guichet.Reply) (handoff.Ticket, guichet.Event, error)
	// AddNote adds an internal note, never sent to the citizen.
	AddNote(ctx context.Context, id string, a handoff.Actor, text string) (handoff.Ticket, handoff.Note, error)
	// SetLabels replaces a ticket's labels.
	SetLabels(ctx context.Context, id string, a handoff.Actor, labels []string) (handoff.Ticket, error)
}

var _ Desk = (*handoff.Service)(nil)

// Tickets is what the console reads of the ticket store, and where it
// marks agents present (handoff.TicketStore implements it).
type Tickets interface {
	Get(ctx context.Context, id string) (handoff.Ticket, error)
	List(ctx context.Context, s handoff.Status, limit int) ([]handoff.Ticket, int, error)
	Position(ctx context.Context, id string) (int, error)
	SeeAgent(ctx context.Context, name string, at time.Time) error
	AgentsSeen(ctx context.Context) (map[string]time.Time, error)
	History(ctx context.Context, conv guichet.ConversationID, limit int) ([]handoff.Ticket, error)
}

// Store is what the console needs from the conversation store: the
// transcripts agents read, and the bus that carries live updates between
// instances. store.Store satisfies it.
type Store interface {
	Events(ctx context.Context, conv guichet.ConversationID, after int64, limit int) ([]guichet.Event, error)
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

// Options are what New needs. Config, Desk, Tickets and Store are
// required.
type Options struct {
	// Config is the hand-off section: accounts file, sessions, canned
	// responses, opening hours (their zone dates the statistics).
	Config  config.Handoff
	Desk    Desk
	Tickets Tickets
	Store   Store
	Windows WindowChecker // optional
	Answers Answers       // optional: without it, candidates show no text
	Log     *slog.Logger
	Metrics prometheus.Registerer // optional
	Now     func() time.Time
	// PublicURL (http.public_url): an https URL makes session cookies
	// Secure even behind a TLS-terminating proxy.
	PublicURL string
	// ClientIP says which address a login comes from (internal/clientip,
	// from http.trusted_proxies); nil: the peer address.
	ClientIP func(*http.Request) string
	// Revocations remembers the sessions ended before their time (logout),
	// for every instance (nil: in this process only; NewRedisRevocations
	// shares them).
	Revocations Revocations
	// Quality feeds /console/stats (optional: without it the page says
	// that statistics are not configured).
	Quality quality.Store
}

// Console is the staff web app of one instance.
type Console struct {
	cfg         config.Handoff
	desk        Desk
	tickets     Tickets
	store       Store
	windows     WindowChecker
	answers     Answers
	quality     quality.Store
	statsMem    statsCache
	loc         *time.Location
	log         *slog.Logger
	now         func() time.Time
	accounts    *accountsFile
	sessions    *sessions
	limiter     *loginLimiter
	canned      []Canned
	metrics     *metrics
	hub         *hub
	assets      *assets
	presence    *presenceMarks
	headlines   headlines
	running     chan struct{} // closed once Run listens to the bus
	runOnce     sync.Once
	secure      bool
	clientAddr  func(*http.Request) string
	revocations Revocations
}

// New checks opts and builds the console. It reads the canned responses
// and parses the templates; the accounts file is read when agents log in,
// so that 'guichet agent add' needs no restart.
func New(opts Options) (*Console, error) {
	const op = "console: new"
	if err := checkOptions(opts); err != nil {
		return nil, guichet.E(guichet.Invalid, op, err)
	}
	sched, err := opts.Config.OpeningHours.Schedule()
	if err != nil {
		return nil, guichet.Errorf(guichet.Invalid, op, "handoff.opening_hours: %v", err)
	}
	c := &Console{cfg: opts.Config, desk: opts.Desk, tickets: opts.Tickets, store: opts.Store,
		windows: opts.Windows, answers: opts.Answers, quality: opts.Quality, loc: sched.Location(),
		log: opts.Log, now: opts.Now, clientAddr: opts.ClientIP, revocations: opts.Revocations, secure: isHTTPS(opts.PublicURL)}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	if c.now == nil {
		c.now = time.Now
	}
	if c.revocations == nil {
		c.revocations = NewMemoryRevocations(c.now)
	}
	if c.canned, err = LoadCanned(opts.Config.CannedFile); err != nil {
		return nil, err
	}
	if c.assets, err = loadAssets(); err != nil {
		return nil, guichet.E(guichet.Other, op, err)
	}
	if c.metrics, err = newMetrics(opts.Metrics); err != nil {
		return nil, guichet.E(guichet.Invalid, op, err)
	}
	c.sessions = newSessions(opts.Config.SessionKey, opts.Config.SessionTTL, c.now)
	if opts.Config.SessionKey == "" {
		c.log.Warn("console: GUICHET_HANDOFF_SESSION_KEY is not set: console sessions use a random key, so they end when this process restarts and do not work across instances")
	}
	c.accounts = newAccountsFile(opts.Config.AccountsFile, c.log, c.now)
	c.limiter = newLoginLimiter(c.now)
	c.hub = newHub(c)
	c.presence = newPresenceMarks()
	c.running = make(chan struct{})
	return c, nil
}

func checkOptions(o Options) error {
	switch {
	case o.Desk == nil:
		return errorf("Options.Desk is required (the hand-off service)")
	case o.Tickets == nil:
		return errorf("Options.Tickets is required (the ticket store)")
	case o.Store == nil:
		return errorf("Options.Store is required (the conversation store)")
	case o.Config.AccountsFile == "":
		return errorf("handoff.accounts_file is required")
	case o.Config.SessionTTL <= 0:
		return errorf("handoff.session_ttl must be positive")
	}
	return nil
}

func isHTTPS(publicURL string) bool {
	u, err := url.Parse(publicURL)
	return err == nil && u.Scheme == "https"
}

// Run feeds the consoles' live updates from the store's bus until ctx
// ends.
func (c *Console) Run(ctx context.Context) error {
	notices, err := c.store.Subscribe(ctx)
	if err != nil {
		return guichet.E(guichet.KindOf(err), "console: run", err)
	}
	c.runOnce.Do(func() { close(c.running) })
	c.hub.run(ctx, notices)
	return nil
}

// Running is closed once Run listens to the bus, so that nothing is
// published before the consoles' hub can hear it.
func (c *Console) Running() <-chan struct{} { return c.running }
