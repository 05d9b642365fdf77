package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/channels/messenger"
	"github.com/guichet/guichet/channels/messenger/fakegraph"
	"github.com/guichet/guichet/dispatch"
	"github.com/guichet/guichet/internal/cli"
	"github.com/guichet/guichet/store"
)

// msgrLoadHandler stands in for the bot: it records each message and, with
// answer, replies through the dispatcher (a send to the fake Graph API).
type msgrLoadHandler struct {
	disp    *dispatch.Dispatcher
	answer  bool
	handled atomic.Int64
}

func (h *msgrLoadHandler) Handle(ctx context.Context, m guichet.Message) error {
	defer h.handled.Add(1)
	if _, _, err := h.disp.Record(ctx, m.Conversation, guichet.Event{ID: m.ID, Role: guichet.RoleUser, Text: m.Text, Time: m.Time}); err != nil || !h.answer {
		return err
	}
	_, err := h.disp.Send(ctx, m.Conversation, guichet.Reply{Role: guichet.RoleBot, Text: "Pour refaire votre permis, rendez-vous sur le site de l'ANTS."})
	return err
}

func msgrLoadInproc(ctx context.Context, cfgPath string, f msgrLoadFlags, e *cli.Env) int {
	cfg, ok := e.LoadConfig(cfgPath)
	if !ok {
		return 1
	}
	if f.redisURL == "" {
		f.redisURL = cfg.Store.RedisURL
	}
	prefix, secret := msgrLoadPrefix()
	if f.keyPrefix != "" {
		prefix = f.keyPrefix
	}
	mc := cfg.Messenger
	mc.PageID, mc.AppSecret, mc.PageToken, mc.VerifyToken = "1234567890", secret, "load-token", "load-verify"
	graph := fakegraph.Start(fakegraph.Config{Version: mc.APIVersion, PageID: mc.PageID, PageToken: mc.PageToken, AppSecret: mc.AppSecret})
	defer graph.Close()
	mc.GraphURL = graph.URL()

	st, rdb, err := msgrLoadStore(ctx, f.redisURL, prefix)
	if err != nil {
		fmt.Fprintf(e.Stderr, "guichet: %v\n", err)
		return 1
	}
	defer st.Close()
	var counter *redisCounter
	if rdb != nil {
		defer msgrLoadCleanup(rdb, prefix)
		counter = &redisCounter{prefix: prefix}
		rdb.AddHook(counter)
	}
	log := slog.New(slog.NewTextHandler(e.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	disp := dispatch.New(st, log)
	h := &msgrLoadHandler{disp: disp, answer: f.answer}
	ch, err := messenger.New(messenger.Options{Config: mc, Handler: h, Store: st, Redis: rdb, KeyPrefix: prefix,
		Log: log, DedupTTL: 10 * time.Minute})
	if err != nil {
		fmt.Fprintf(e.Stderr, "guichet: %v\n", err)
		return 1
	}
	disp.Register(guichet.ChannelMessenger, ch.Transport())
	mux := http.NewServeMux()
	ch.Mount(mux)
	web := httptest.NewServer(mux)
	defer web.Close()
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { ch.Run(runCtx); close(done) }()
	defer func() { stop(); <-done }()

	kind := "memory (not crash-safe)"
	if rdb != nil {
		kind = "redis " + f.redisURL
	}
	fmt.Fprintf(e.Stdout, "messenger loadtest (in process, queue and store: %s, %d workers, answer=%v): %d events/s for %s\n",
		kind, ch.Workers(), f.answer, f.rate, f.duration)
	res := msgrLoadRun(ctx, msgrTarget{url: web.URL + "/webhooks/messenger", page: mc.PageID, secret: mc.AppSecret}, f)
	msgrLoadReport(e.Stdout, res)
	msgrLoadDrain(ctx, e.Stdout, h.handled.Load, int64(res.ok), res.elapsed, graph)
	counter.report(e.Stdout, h.handled.Load())
	return 0
}

// msgrLoadPrefix is a run's own key prefix and app secret.
func msgrLoadPrefix() (prefix, secret string) {
	var b [6]byte
	rand.Read(b[:])
	return "guichet-loadtest-" + hex.EncodeToString(b[:]) + ":", hex.EncodeToString(b[:]) + "-secret"
}

// msgrLoadDrain waits for the workers to handle every acknowledged event
// (handled counts them) and prints how far behind ingestion they were.
func msgrLoadDrain(ctx context.Context, w io.Writer, handled func() int64, want int64, sending time.Duration, graph *fakegraph.Server) {
	start := time.Now()
	for handled() < want && ctx.Err() == nil && time.Since(start) < 2*time.Minute {
		time.Sleep(10 * time.Millisecond)
	}
	drained := time.Since(start)
	total := sending + drained
	n := handled()
	time.Sleep(msgrLoadSettle)
	fmt.Fprintf(w, "handled %d of %d events, %.1f events/s end to end (drained %s after the last post); %d replies reached the fake Graph API\n",
		n, want, float64(n)/total.Seconds(), drained.Round(time.Millisecond), len(graph.Messages()))
}

func msgrLoadStore(ctx context.Context, url, prefix string) (store.Store, redis.UniversalClient, error) {
	opts := store.Options{KeyPrefix: prefix, Retention: 10 * time.Minute}
	if url == "" {
		return store.NewMemory(opts), nil, nil
	}
	rdb, err := store.Dial(ctx, store.DialOptions{URL: url})
	if err != nil {
		return nil, nil, fmt.Errorf("--redis: %w", err)
	}
	st, err := store.NewRedisClient(rdb, opts)
	return st, rdb, err
}

// msgrLoadCleanup deletes the run's keys and closes the client.
func msgrLoadCleanup(rdb redis.UniversalClient, prefix string) {
	msgrLoadDeleteKeys(rdb, prefix)
	rdb.Close()
}

// msgrLoadDeleteKeys deletes the run's keys: those that start with prefix,
// and those whose hash tag does ({<prefix>quality}, {<prefix>handoff}).
func msgrLoadDeleteKeys(rdb redis.UniversalClient, prefix string) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for _, match := range []string{prefix + "*", "{" + prefix + "*"} {
		iter := rdb.Scan(ctx, 0, match, 1000).Iterator()
		for iter.Next(ctx) {
			rdb.Unlink(ctx, iter.Val())
		}
	}
}
