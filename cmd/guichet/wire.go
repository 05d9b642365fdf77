package main

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/redis/go-redis/v9"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/bot"
	"github.com/guichet/guichet/channels/messenger"
	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/dispatch"
	"github.com/guichet/guichet/kb"
	"github.com/guichet/guichet/kb/match"
	"github.com/guichet/guichet/quality"
	"github.com/guichet/guichet/store"
)

// app is one Guichet instance: everything serve and chat run.
type app struct {
	cfg      *config.Config
	log      *slog.Logger
	reg      *prometheus.Registry
	store    store.Store
	redis    redis.UniversalClient // nil with the in-memory store
	kb       *kb.Live
	matcher  *match.Live
	dispatch *dispatch.Dispatcher
	bot      *bot.Engine
	quality  quality.Store
	// messenger is set when messenger.enabled is true.
	messenger *messenger.Channel
}

// newApp builds the core of an instance. The caller closes it.
func newApp(ctx context.Context, cfg *config.Config, log *slog.Logger, e *env) (*app, error) {
	a := &app{cfg: cfg, log: log, reg: prometheus.NewRegistry()}
	useRedisLogger(log)
	a.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if err := a.openStore(ctx); err != nil {
		return nil, err
	}
	if err := a.openQuality(); err != nil {
		a.close()
		return nil, err
	}
	live, ml, ok := loadMatcher(cfg, log, e)
	if !ok {
		a.store.Close()
		return nil, fmt.Errorf("knowledge base not loaded")
	}
	a.kb, a.matcher = live, ml
	a.dispatch = dispatch.New(a.store, log)
	return a, nil
}

// openStore connects to Redis when configured, else keeps everything in
// memory.
func (a *app) openStore(ctx context.Context) error {
	opts := store.Options{KeyPrefix: a.cfg.Store.KeyPrefix, Retention: a.cfg.Store.TranscriptTTL}
	if a.cfg.Store.RedisURL == "" {
		a.store = store.NewMemory(opts)
		return nil
	}
	client, addr, err := storeClient(a.cfg.Store)
	if err != nil {
		return err
	}
	pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := client.Ping(pctx).Err(); err != nil {
		client.Close()
		return guichet.Errorf(guichet.Unavailable, "store", "redis at %s is unreachable: %v", addr, err)
	}
	st, err := store.NewRedisClient(client, opts)
	if err != nil {
		client.Close()
		return err
	}
	a.store, a.redis = st, client
	return nil
}

// storeClient builds the client of store.redis_url: one server, or with
// store.redis_cluster a Redis Cluster found from the URL's host and its
// addr= parameters. It also returns the address(es), for messages.
func storeClient(s config.Store) (redis.UniversalClient, string, error) {
	if s.RedisCluster {
		o, err := redis.ParseClusterURL(s.RedisURL)
		if err != nil {
			return nil, "", fmt.Errorf("store.redis_url: %v", err)
		}
		if s.RedisPassword != "" {
			o.Password = s.RedisPassword
		}
		o.ContextTimeoutEnabled = true // see below
		return redis.NewClusterClient(o), strings.Join(o.Addrs, ","), nil
	}
	o, err := redis.ParseURL(s.RedisURL)
	if err != nil {
		return nil, "", fmt.Errorf("store.redis_url: %v", err)
	}
	if s.RedisPassword != "" {
		o.Password = s.RedisPassword
	}
	// Every call on a request path carries a deadline (readiness 2 s,
	// webhook 3 s): go-redis honours it only when told to, else a frozen
	// server holds the call for read_timeout and the retries.
	o.ContextTimeoutEnabled = true
	return redis.NewClient(o), o.Addr, nil
}

// openQuality keeps the quality records next to the conversations: in
// Redis when configured, else in memory.
func (a *app) openQuality() error {
	if a.redis == nil {
		a.quality = quality.NewMemory(a.cfg.Quality.Retention, time.Now)
		return nil
	}
	q, err := quality.NewRedis(a.redis, a.cfg.Store.KeyPrefix, a.cfg.Quality.Retention, time.Now)
	if err != nil {
		return fmt.Errorf("quality: %w", err)
	}
	a.quality = q
	return nil
}

// startBot builds the engine; humans is the hand-off service (nil: none).
func (a *app) startBot(humans bot.Humans) {
	deps := bot.Deps{Matcher: a.matcher.Current, States: a.store, Recorder: a.dispatch, Sender: a.dispatch,
		Facts: a.quality, AskFeedback: a.cfg.Quality.AskFeedback, Log: a.log, Metrics: a.reg}
	if humans != nil {
		deps.Humans = humans
		if r, ok := humans.(bot.Ratings); ok {
			deps.Ratings = r
		}
	}
	a.bot = bot.New(a.cfg.Bot, deps)
}

func (a *app) close() {
	a.store.Close()
	if a.redis != nil {
		a.redis.Close()
	}
}
