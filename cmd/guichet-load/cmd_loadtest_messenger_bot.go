package main

import (
	"context"
	"fmt"
	"net/http/httptest"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/guichet/guichet/channels/messenger/fakegraph"
	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/internal/app"
	"github.com/guichet/guichet/internal/cli"
)

// msgrBotQuestions are what --bot asks by default: questions the bot
// answers, asks about, or takes as a follow-up, thanks or greeting, so that
// a person's turns differ. Their number is prime, so that with any number
// of senders below it each person asks several of them.
var msgrBotQuestions = []string{
	"j'ai perdu mon permis de conduire, que faire ?",
	"comment changer l'adresse sur ma carte grise ?",
	"quel est le délai pour obtenir un passeport ?",
	"et c'est payant ?",
	"je n'ai toujours pas reçu ma carte d'identité",
	"bonjour",
	"comment vendre ma voiture, quelle démarche pour la carte grise ?",
	"merci beaucoup",
	"on m'a volé mon sac avec mes papiers",
	"il faut quels documents pour une carte d'identité ?",
	"how do I renew my passport?",
	"ma demande de permis est bloquée depuis un mois",
	"c'est ouvert le samedi ?",
}

// msgrLoadBot runs the real wiring (bot, KB, hand-off, quality records,
// Messenger channel) in this process over the run's own key prefix, and
// counts every command its Redis client sends: what a question answered
// by the bot costs, end to end.
func msgrLoadBot(ctx context.Context, cfgPath string, f msgrLoadFlags, e *cli.Env) int {
	cfg, ok := e.LoadConfig(cfgPath)
	if !ok {
		return 1
	}
	if f.redisURL != "" {
		cfg.Store.RedisURL = f.redisURL
	}
	prefix, secret := msgrLoadPrefix()
	if f.keyPrefix != "" {
		prefix = f.keyPrefix
	}
	cfg.Store.KeyPrefix = prefix
	mc := &cfg.Messenger
	mc.Enabled = true
	mc.PageID, mc.AppSecret, mc.PageToken, mc.VerifyToken = "1234567890", secret, "load-token", "load-verify"
	graph := fakegraph.Start(fakegraph.Config{Version: mc.APIVersion, PageID: mc.PageID, PageToken: mc.PageToken, AppSecret: mc.AppSecret})
	defer graph.Close()
	mc.GraphURL = graph.URL()

	log := app.NewLogger(config.Log{Level: "error"}, e.Stderr)
	a, err := app.New(ctx, cfg, log, e.Stderr)
	if err != nil {
		fmt.Fprintf(e.Stderr, "guichet: %v\n", err)
		return 1
	}
	defer a.Close()
	var counter *redisCounter
	if a.Redis != nil {
		defer msgrLoadDeleteKeys(a.Redis, prefix)
		counter = &redisCounter{prefix: prefix}
		a.Redis.AddHook(counter)
	}
	srv, err := a.BuildServer(ctx)
	if err != nil {
		fmt.Fprintf(e.Stderr, "guichet: %v\n", err)
		return 1
	}
	web := httptest.NewServer(srv.Handler)
	defer web.Close()
	bg, stop := context.WithCancel(context.Background())
	done := srv.StartBackground(bg)
	defer func() { stop(); <-done }()

	fmt.Fprintf(e.Stdout, "messenger loadtest (in process, real bot, store: %s): %d events/s for %s from %d senders, %d questions in turn\n",
		a.StoreKind(), f.rate, f.duration, f.senders, len(f.texts))
	res := msgrLoadRun(ctx, msgrTarget{url: web.URL + "/webhooks/messenger", page: mc.PageID, secret: mc.AppSecret}, f)
	msgrLoadReport(e.Stdout, res)
	processed := func() int64 { return processedEvents(a.Reg, "") }
	msgrLoadDrain(ctx, e.Stdout, processed, int64(res.ok), res.elapsed, graph)
	counter.report(e.Stdout, processedEvents(a.Reg, "handled"))
	return 0
}

// processedEvents is how many queued events the Messenger channel
// processed with outcome ("": any).
func processedEvents(reg prometheus.Gatherer, outcome string) int64 {
	mfs, _ := reg.Gather()
	var n float64
	for _, mf := range mfs {
		if mf.GetName() != "guichet_messenger_events_processed_total" {
			continue
		}
		for _, m := range mf.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == "outcome" && (outcome == "" || l.GetValue() == outcome) {
					n += m.GetCounter().GetValue()
				}
			}
		}
	}
	return int64(n)
}

// msgrLoadSettle is how long the drain waits after the last event was
// processed for the writes behind to go out, so that they are counted.
const msgrLoadSettle = 200 * time.Millisecond
