package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/store"
)

// EventSource is what the widget needs from the store: the transcript to
// read and the bus that says when it grew. A store.Store is one.
type EventSource interface {
	Events(ctx context.Context, conv guichet.ConversationID, after int64, limit int) ([]guichet.Event, error)
	Subscribe(ctx context.Context) (<-chan store.Notice, error)
}

// Options configures a Channel. Config, Handler and Store are required.
type Options struct {
	Config config.Widget
	// PublicURL is the server's address as sites see it
	// ("https://aide.example.fr"); its origin is always allowed and the
	// demo page's snippet points at it. Empty means relative URLs.
	PublicURL string
	Handler   guichet.Handler
	Store     EventSource
	Log       *slog.Logger
	// Metrics receives the guichet_widget_* metrics; nil registers none.
	Metrics prometheus.Registerer
	Now     func() time.Time
	// ClientIP says which address per-IP limits count against
	// (internal/clientip, from http.trusted_proxies); nil: the peer.
	ClientIP func(*http.Request) string
	// MaxMessageChars bounds one citizen message (config
	// bot.max_message_chars); 0 means 2000.
	MaxMessageChars int
	// Admission bounds the messages handled at once and their wait; the
	// zero value takes the defaults.
	Admission Admission
	// Typing passes on that the citizen is typing, for the agent's
	// console (a store.Bus); nil: typing frames are accepted and dropped.
	Typing Publisher
}

// Channel is the widget channel of one instance.
type Channel struct {
	cfg        config.Widget
	public     *url.URL
	handler    guichet.Handler
	events     EventSource
	typing     Publisher
	log        *slog.Logger
	now        func() time.Time
	clientAddr func(*http.Request) string
	maxChars   int

	upgrader websocket.Upgrader
	assets   *assets
	hub      *hub
	ips      *ipLimiter
	metrics  *metrics
	resync   resyncer
	admit    *admission
	writers  atomic.Int64 // writer goroutines running, to pace a resync

	mu      sync.Mutex
	live    map[*conn]struct{} // every connection not yet fully closed
	closing bool
	drained chan struct{} // closed when closing and live is empty
}

// New checks opts and builds the channel. It starts nothing: main mounts
// the routes, runs Run and calls Shutdown.
func New(opts Options) (*Channel, error) {
	const op = "web: new"
	if err := checkOptions(opts); err != nil {
		return nil, guichet.E(guichet.Invalid, op, err)
	}
	public, err := parsePublicURL(opts.PublicURL)
	if err != nil {
		return nil, guichet.E(guichet.Invalid, op, err)
	}
	a, err := loadAssets(opts.PublicURL)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	m, err := newMetrics(opts.Metrics)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	ch := &Channel{
		cfg: opts.Config, public: public, handler: opts.Handler, events: opts.Store, typing: opts.Typing,
		log: opts.Log, now: opts.Now, clientAddr: opts.ClientIP, maxChars: opts.MaxMessageChars,
		assets: a, hub: newHub(), metrics: m, admit: newAdmission(opts.Admission),
		live: make(map[*conn]struct{}), drained: make(chan struct{}),
	}
	if ch.log == nil {
		ch.log = slog.Default()
	}
	if ch.now == nil {
		ch.now = time.Now
	}
	if ch.maxChars == 0 {
		ch.maxChars = 2000
	}
	ch.ips = newIPLimiter(opts.Config.ConnectionsPerIP)
	ch.upgrader = newUpgrader()
	return ch, nil
}

func checkOptions(o Options) error {
	var problems []string
	if o.Handler == nil {
		problems = append(problems, "Handler is required")
	}
	if o.Store == nil {
		problems = append(problems, "Store is required")
	}
	c := o.Config
	if c.MaxFrameBytes < 512 {
		problems = append(problems, "widget.max_frame_bytes must be at least 512")
	}
	if c.MessagesPerMinute < 1 || c.ConnectionsPerIP < 1 || c.HistoryLimit < 1 {
		problems = append(problems, "widget.messages_per_minute, connections_per_ip and history_limit must be at least 1")
	}
	if c.PingInterval < time.Second {
		problems = append(problems, "widget.ping_interval must be at least 1s")
	}
	if o.MaxMessageChars < 0 {
		problems = append(problems, "MaxMessageChars must not be negative")
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}

func parsePublicURL(s string) (*url.URL, error) {
	if s == "" {
		return nil, nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("public URL %q: want http(s)://host[:port]", s)
	}
	return u, nil
}

// Mount adds the widget's routes to mux.
func (ch *Channel) Mount(mux *http.ServeMux) {
	mux.HandleFunc("GET /ws", ch.serveWS)
	mux.HandleFunc("GET /widget.js", ch.assets.serveLoader)
	mux.HandleFunc("GET /widget/{file}", ch.assets.serveWidget)
	mux.HandleFunc("GET /{$}", ch.assets.serveDemo)
}

// ScriptPath is the content-hashed path of the full widget script, for
// sites that want to pin a version.
func (ch *Channel) ScriptPath() string { return ch.assets.widgetPath }

// track registers a new connection unless the channel is shutting down.
func (ch *Channel) track(c *conn) bool {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	if ch.closing {
		return false
	}
	ch.live[c] = struct{}{}
	ch.metrics.connections.Inc()
	return true
}

// untrack forgets a fully closed connection.
func (ch *Channel) untrack(c *conn) {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	if _, ok := ch.live[c]; !ok {
		return
	}
	delete(ch.live, c)
	ch.metrics.connections.Dec()
	if ch.closing && len(ch.live) == 0 {
		close(ch.drained)
	}
}

// Shutdown stops accepting connections, lets each connection finish the
// message it is handling, sends what its client has not seen yet, and
// closes it with a "going away" close frame so that the client reconnects
// (to another instance) and resumes. When ctx ends first, the remaining
// connections are cut and ctx's error is returned.
func (ch *Channel) Shutdown(ctx context.Context) error {
	ch.mu.Lock()
	if !ch.closing {
		ch.closing = true
		if len(ch.live) == 0 {
			close(ch.drained)
		}
	}
	conns := make([]*conn, 0, len(ch.live))
	for c := range ch.live {
		conns = append(conns, c)
	}
	ch.mu.Unlock()
	for _, c := range conns {
		c.goAway()
	}
	select {
	case <-ch.drained:
		return nil
	case <-ctx.Done():
		for _, c := range conns {
			c.kill("shutdown")
		}
		return fmt.Errorf("web: shutdown: %w", ctx.Err())
	}
}

func (ch *Channel) isClosing() bool {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	return ch.closing
}
