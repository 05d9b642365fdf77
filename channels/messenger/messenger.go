package messenger

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/store"
)

// Defaults for the Options fields left zero.
const (
	// DefaultMuteFor is how long the bot stays quiet in a conversation
	// after a person answered it from Meta's own inbox.
	DefaultMuteFor = 12 * time.Hour
	// DefaultClaimIdle is how long an event may stay unacknowledged by a
	// consumer that is alive before another consumer takes it over. It
	// must exceed the time one event may take (processTimeout, one minute).
	DefaultClaimIdle = 2 * time.Minute
	// DefaultAliveTTL is how long a consumer counts as alive after its
	// last beat (it beats four times as often). The events of a consumer
	// that stopped beating (a killed instance) are taken over about
	// 1.5 times this after its last beat.
	DefaultAliveTTL = 8 * time.Second
	// DefaultDedupTTL is how long a mid is remembered. Meta retries for
	// about an hour before disabling the webhook.
	DefaultDedupTTL = 48 * time.Hour
	// DefaultRetryBase is the first backoff of the Send API retries.
	DefaultRetryBase = 250 * time.Millisecond
	// WorkersPerCPU is how many event workers (and as many senders) run
	// per CPU when messenger.workers is 0. In the load test (fake Send API
	// answering in under a millisecond, Redis on the same two CPUs) 4 per
	// CPU answered the most: 8, 32 and 64 workers answered a median 1,748,
	// 1,365 and 1,257 events/s of 2,000/s offered, and more workers made
	// the webhook's acknowledgement wait (p50 0.7, 4 and 10 ms), all
	// competing for the same CPUs. A worker waits for the Send API's
	// answer to each reply: where it takes hundreds of milliseconds, set
	// messenger.workers to about the events per second to answer times
	// the seconds one event takes.
	WorkersPerCPU = 4
)

// Muter silences the bot in one conversation until a time. The bot engine
// implements it.
type Muter interface {
	Mute(ctx context.Context, conv guichet.ConversationID, until time.Time) error
}

// Options configure a Channel. Config, Handler and Store are required.
type Options struct {
	Config  config.Messenger
	Handler guichet.Handler
	// Store deduplicates mids (Dedup.Claim) when Redis is nil; with Redis
	// the channel claims them beside the window, in the same script.
	Store store.Store
	// Redis, when set, holds the ingestion queue (a stream with a consumer
	// group) and the messaging windows. Nil means in memory: not crash-safe
	// and not shared between instances.
	Redis     redis.UniversalClient
	KeyPrefix string
	Log       *slog.Logger
	// Metrics receives the guichet_messenger_* collectors (a private
	// registry when nil).
	Metrics    prometheus.Registerer
	HTTPClient *http.Client
	Now        func() time.Time
	Muter      Muter

	MuteFor   time.Duration // DefaultMuteFor when zero
	ClaimIdle time.Duration // DefaultClaimIdle when zero
	AliveTTL  time.Duration // DefaultAliveTTL when zero
	DedupTTL  time.Duration // DefaultDedupTTL when zero
	RetryBase time.Duration // DefaultRetryBase when zero
	// Consumer names this instance in the Redis consumer group (host-pid-random
	// when empty).
	Consumer string
}

// Channel is the Messenger adapter: webhook, ingestion workers and sender.
type Channel struct {
	cfg      config.Messenger
	handler  guichet.Handler
	muter    Muter
	log      *slog.Logger
	now      func() time.Time
	metrics  *metrics
	client   *Client
	queue    queue
	windows  windows
	sentLog  sentLog
	writer   behindWriter
	behind   atomic.Pointer[behind] // Run's, for the notes it has not written yet
	sendq    chan *sendJob
	consumer string
	workers  int // Config.Workers, or WorkersPerCPU per CPU

	muteFor, retryBase, aliveTTL time.Duration
	token                        tokenState
}

// New checks opts and builds the channel. Nothing runs until Run.
func New(opts Options) (*Channel, error) {
	const op = "messenger: new"
	if err := checkOptions(opts); err != nil {
		return nil, guichet.E(guichet.Invalid, op, err)
	}
	opts = withDefaults(opts)
	sendq := make(chan *sendJob, opts.Config.SendQueue)
	m, err := newMetrics(opts.Metrics, func() int { return len(sendq) })
	if err != nil {
		return nil, guichet.E(guichet.Invalid, op, err)
	}
	workers := opts.Config.Workers
	if workers == 0 {
		workers = WorkersPerCPU * runtime.GOMAXPROCS(0)
	}
	hc := opts.HTTPClient
	if hc == nil {
		hc = &http.Client{Transport: graphTransport(workers)}
	}
	c := &Channel{
		cfg: opts.Config, handler: opts.Handler, muter: opts.Muter,
		log: opts.Log.With("channel", string(guichet.ChannelMessenger)), now: opts.Now, metrics: m,
		client:  NewClient(opts.Config, hc),
		sendq:   sendq,
		muteFor: opts.MuteFor, retryBase: opts.RetryBase, aliveTTL: opts.AliveTTL,
		consumer: opts.Consumer, workers: workers,
	}
	if opts.Redis != nil {
		q := newRedisQueue(opts.Redis, opts.KeyPrefix, opts.Config.QueueCapacity, opts.ClaimIdle, opts.AliveTTL)
		sent := newRedisSent(opts.Redis, opts.KeyPrefix)
		c.queue, c.sentLog, c.writer = q, sent, redisBehind{rdb: opts.Redis, sent: sent, q: q}
		c.windows = newRedisWindows(opts.Redis, opts.KeyPrefix, opts.Now, opts.DedupTTL)
	} else {
		q := newMemQueue(opts.Config.QueueCapacity, opts.ClaimIdle, opts.Now)
		sent := newMemSent(opts.Now)
		c.queue, c.sentLog, c.writer = q, sent, memBehind{sent: sent, q: q}
		c.windows = newMemWindows(opts.Now, opts.Store, opts.DedupTTL)
	}
	return c, nil
}

// graphTransport keeps an idle connection to the Graph API for each
// sender: with http.DefaultTransport's two per host, most of the senders'
// calls would open a new TLS connection.
func graphTransport(senders int) *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = senders
	t.MaxIdleConns = max(t.MaxIdleConns, senders)
	return t
}

func checkOptions(o Options) error {
	if o.Handler == nil || o.Store == nil {
		return fmt.Errorf("a Handler and a Store are required")
	}
	if err := CheckConfig(o.Config); err != nil {
		return err
	}
	if o.Config.Workers < 0 || o.Config.QueueCapacity < 1 || o.Config.SendQueue < 1 || o.Config.MaxRetries < 0 {
		return fmt.Errorf("messenger.workers must be 0 (automatic) or more, messenger.queue_capacity and messenger.send_queue at least 1, messenger.max_retries at least 0")
	}
	if o.Config.SendTimeout <= 0 {
		return fmt.Errorf("messenger.send_timeout must be positive")
	}
	return nil
}

func withDefaults(o Options) Options {
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.MuteFor <= 0 {
		o.MuteFor = DefaultMuteFor
	}
	if o.ClaimIdle <= 0 {
		o.ClaimIdle = DefaultClaimIdle
	}
	if o.AliveTTL <= 0 {
		o.AliveTTL = DefaultAliveTTL
	}
	if o.DedupTTL <= 0 {
		o.DedupTTL = DefaultDedupTTL
	}
	if o.RetryBase <= 0 {
		o.RetryBase = DefaultRetryBase
	}
	if o.Consumer == "" {
		o.Consumer = consumerName()
	}
	return o
}

// consumerName is unique per process, so that a restarted process never
// mistakes a dead one's pending entries for its own.
func consumerName() string {
	host, _ := os.Hostname()
	var b [4]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b[:]))
}

// Workers is how many event workers Run starts (and as many senders).
func (c *Channel) Workers() int { return c.workers }

// Mount registers the webhook routes on mux.
func (c *Channel) Mount(mux *http.ServeMux) {
	mux.HandleFunc("GET /webhooks/messenger", c.verify)
	mux.HandleFunc("POST /webhooks/messenger", c.receive)
}

// Run consumes the ingestion queue and serves the send queue until ctx
// ends. Events being processed when ctx ends are left unacknowledged: with
// Redis another consumer takes them over at once, since this one says it
// left; after a crash, once its beat has expired.
func (c *Channel) Run(ctx context.Context) error {
	b := startBehind(c.writer, c.log, c.metrics.processed)
	c.behind.Store(b)
	var senders sync.WaitGroup
	for range c.workers {
		senders.Go(func() { c.serveSends(ctx, b) })
	}
	err := c.consume(ctx, b)
	senders.Wait()
	b.close() // before leaving: what was done is not taken over
	c.leave(ctx)
	if ctx.Err() != nil {
		return nil
	}
	return err
}
