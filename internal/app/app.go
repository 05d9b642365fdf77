// Package app builds one Guichet instance from its configuration: the
// store, the knowledge base and matcher, the dispatcher, the bot, the
// hand-off, the channels and the console, mounted on one HTTP handler
// with health and metrics. 'guichet serve' and 'guichet chat' run it, and
// 'guichet-load' runs it in process to measure it. It is the one place
// that imports every part.
package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/redis/go-redis/v9"

	"github.com/guichet/guichet/bot"
	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/dispatch"
	"github.com/guichet/guichet/kb"
	"github.com/guichet/guichet/kb/match"
	"github.com/guichet/guichet/privacy"
	"github.com/guichet/guichet/quality"
	"github.com/guichet/guichet/store"
)

// App is one Guichet instance: everything serve and chat run.
type App struct {
	Cfg      *config.Config
	Log      *slog.Logger
	Reg      *prometheus.Registry
	Store    store.Store
	Redis    redis.UniversalClient // nil with the in-memory store
	KB       *kb.Live
	Matcher  *match.Live
	Dispatch *dispatch.Dispatcher
	Bot      *bot.Engine // set by StartBot (or BuildServer)
	Quality  quality.Store
	batched  *quality.Batched // the Redis quality store's background writer, closed by Close
}

// New builds the core of an instance; KB problems are printed to stderr.
// The caller closes it.
func New(ctx context.Context, cfg *config.Config, log *slog.Logger, stderr io.Writer) (*App, error) {
	a := &App{Cfg: cfg, Log: log, Reg: prometheus.NewRegistry()}
	UseRedisLogger(log)
	a.Reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if err := a.openStore(ctx); err != nil {
		return nil, err
	}
	if err := a.openQuality(); err != nil {
		a.Close()
		return nil, err
	}
	live, ml, err := LoadMatcher(cfg, log)
	if err != nil {
		fmt.Fprintf(stderr, "guichet: knowledge base:\n%v\n", err)
		a.Close()
		return nil, fmt.Errorf("knowledge base not loaded")
	}
	a.KB, a.Matcher = live, ml
	a.Dispatch = dispatch.New(a.Store, log)
	return a, nil
}

// DialRedis connects to store.redis_url with the password from the
// environment: the one way every command reaches Redis (store.Dial never
// repeats the password in an error).
func DialRedis(ctx context.Context, c config.Store) (redis.UniversalClient, error) {
	return store.Dial(ctx, store.DialOptions{URL: c.RedisURL, Password: c.RedisPassword, Cluster: c.RedisCluster})
}

// openStore connects to Redis when configured, else keeps everything in
// memory.
func (a *App) openStore(ctx context.Context) error {
	opts := store.Options{KeyPrefix: a.Cfg.Store.KeyPrefix, Retention: a.Cfg.Store.TranscriptTTL,
		MaxConversations: a.Cfg.Store.MaxConversations}
	if a.Cfg.Store.RedisURL == "" {
		a.Store = store.NewMemory(opts)
		return nil
	}
	client, err := DialRedis(ctx, a.Cfg.Store)
	if err != nil {
		return err
	}
	st, err := store.NewRedisClient(client, opts)
	if err != nil {
		client.Close()
		return err
	}
	a.Store, a.Redis = st, client
	return nil
}

// openQuality keeps the quality records next to the conversations: in
// Redis when configured, else in memory.
func (a *App) openQuality() error {
	q, err := QualityStore(a.Cfg, a.Redis)
	if err != nil {
		return fmt.Errorf("quality: %w", err)
	}
	if a.Redis != nil {
		// Each answer's statistics would otherwise cost its message a
		// round trip to Redis (see quality.Batched).
		a.batched = quality.NewBatched(q, 0, time.Now, a.Log)
		q = a.batched
	}
	a.Quality = q
	return nil
}

// QualityStore builds the quality store serve opens: Redis streams over
// client, or memory when client is nil.
func QualityStore(cfg *config.Config, client redis.UniversalClient) (quality.Store, error) {
	if client == nil {
		return quality.NewMemory(cfg.Quality.Retention, time.Now), nil
	}
	return quality.NewRedis(client, cfg.Store.KeyPrefix, cfg.Quality.Retention, time.Now)
}

// StartBot builds the engine; humans is the hand-off service (nil: none).
func (a *App) StartBot(humans bot.Humans) {
	deps := bot.Deps{Matcher: a.Matcher.Current, States: a.Store, Recorder: a.Dispatch, RecordLoader: a.Dispatch, Sender: a.Dispatch,
		Facts: a.Quality, AskFeedback: a.Cfg.Quality.AskFeedback, Log: a.Log, Metrics: a.Reg}
	if humans != nil {
		deps.Humans = humans
		if r, ok := humans.(bot.Ratings); ok {
			deps.Ratings = r
		}
	}
	a.Bot = bot.New(a.Cfg.Bot, deps)
}

// Close releases the store and the Redis connection.
func (a *App) Close() {
	if a.batched != nil {
		a.batched.Close()
	}
	if a.Store != nil {
		a.Store.Close()
	}
	if a.Redis != nil {
		a.Redis.Close()
	}
}

// StoreKind names the store for the start-up log line.
func (a *App) StoreKind() string {
	if a.Redis != nil {
		return "redis"
	}
	return "memory"
}

// NewLogger builds the process logger from the log section. Identifiers
// citizens write (request numbers, plates, phones, e-mails) never reach
// the logs, at any level.
func NewLogger(c config.Log, w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(c.Level)) // validated already
	opts := &slog.HandlerOptions{Level: level}
	var h slog.Handler = slog.NewTextHandler(w, opts)
	if c.Format == "json" {
		h = slog.NewJSONHandler(w, opts)
	}
	return slog.New(privacy.NewHandler(h))
}

// KBLoader returns the loader of the configured KB: a directory, or the
// copy embedded in the binary when kb.dir is empty.
func KBLoader(c config.KB) func() (*kb.KB, error) {
	if c.Dir == "" {
		return func() (*kb.KB, error) { return kb.Load(kb.Embedded()) }
	}
	return func() (*kb.KB, error) { return kb.LoadDir(c.Dir) }
}

// LoadMatcher loads the KB and builds the matcher, the matcher while the
// index is being built.
func LoadMatcher(cfg *config.Config, log *slog.Logger) (*kb.Live, *match.Live, error) {
	live, err := kb.NewLive(KBLoader(cfg.KB), log, match.Deriver())
	if err != nil {
		return nil, nil, err
	}
	return live, match.NewLive(live), nil
}
