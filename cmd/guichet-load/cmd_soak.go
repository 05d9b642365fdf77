package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/guichet/guichet/console"
	"github.com/guichet/guichet/dispatch"
	"github.com/guichet/guichet/handoff"
	"github.com/guichet/guichet/internal/cli"
	"github.com/guichet/guichet/internal/soak"
	"github.com/guichet/guichet/store"
)

func init() {
	commands["soak"] = cli.Command{Summary: "hand-off soak and load checks: handoff (multi-instance), claims (1,000 tickets, 50 agents)", Run: runSoak}
}

func runSoak(e *cli.Env) int {
	return e.Subcommands("soak", map[string]func(*cli.Env, []string) int{
		"handoff": soakHandoff, "claims": soakClaims}, soakUsage)
}

func soakUsage(w io.Writer) {
	fmt.Fprintln(w, `usage:
  guichet-load soak handoff (--redis URL | --own-redis) [--instances 2] [--duration 5m] [--workers 4]
                       [--rounds 6] [--messenger 4] [--burst 100] [--seed N] [--kill-every 60s] [--reconnect 0.3]
                       [--redis-restart-at 0] [--max-takeover 30s]
      start instances of this binary on loopback ports sharing one Redis, have citizens
      (widget WebSocket, and Messenger through signed webhooks to a fake Graph API) and an
      agent (API) talk across them at random, kill and restart instances, and print messages
      sent/received/lost/doubled and how soon the Messenger messages in flight at a kill were
      answered; exit 1 if any was lost or doubled, or answered later than --max-takeover.
      Before each kill, --burst hand-off requests from as many people go to the victim in
      one webhook, 150 ms before the SIGKILL. --own-redis starts a redis-server (append-only,
      fsync always) and, with --redis-restart-at, kills and restarts it once
  guichet-load soak handoff --urls http://A,http://B --token TOKEN [...]
      the same against running instances (no kills)
  guichet-load soak claims [--redis URL] [--tickets 1000] [--agents 50]
      one in-process instance: seed the queue, have every agent list, open, claim, reply
      and resolve over the API until the queue is empty; print p50/p99 per operation`)
}

// soakSynopsis is the group's usage for one subcommand: its lines only.
func soakSynopsis(name string) string {
	var b strings.Builder
	soakUsage(&b)
	var keep []string
	on := false
	for _, l := range strings.Split(strings.TrimPrefix(b.String(), "usage:\n"), "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "guichet-load soak ") {
			on = strings.HasPrefix(strings.TrimSpace(l), "guichet-load soak "+name)
		}
		if on {
			keep = append(keep, strings.TrimPrefix(l, "  "))
		}
	}
	return strings.Join(keep, "\n")
}

type soakFlags struct {
	redisURL, urls, token       string
	instances, workers, rounds  int
	duration, killEvery         time.Duration
	seed                        uint64
	reconnect                   float64
	messenger, burst            int
	ownRedis                    bool
	redisRestartAt, maxTakeover time.Duration
}

func soakHandoff(e *cli.Env, args []string) int {
	fs := flag.NewFlagSet("soak handoff", flag.ContinueOnError)
	var f soakFlags
	fs.StringVar(&f.redisURL, "redis", e.Getenv("GUICHET_STORE_REDIS_URL"), "Redis shared by the instances started")
	fs.StringVar(&f.urls, "urls", "", "comma-separated base URLs of running instances (instead of starting them)")
	fs.StringVar(&f.token, "token", "", "agent API token, with --urls")
	fs.IntVar(&f.instances, "instances", 2, "instances to start")
	fs.IntVar(&f.workers, "workers", 4, "conversations in flight")
	fs.IntVar(&f.rounds, "rounds", 6, "agent replies and citizen messages per conversation")
	fs.DurationVar(&f.duration, "duration", 5*time.Minute, "how long to start new conversations")
	fs.DurationVar(&f.killEvery, "kill-every", time.Minute, "kill (SIGKILL) and restart a random instance this often; 0: never")
	fs.Uint64Var(&f.seed, "seed", uint64(time.Now().UnixNano()), "random seed (printed, to replay a run)")
	fs.Float64Var(&f.reconnect, "reconnect", 0.3, "chance that a widget moves to another instance after a round")
	fs.IntVar(&f.messenger, "messenger", 4, "Messenger conversations in flight (instances started here only)")
	fs.IntVar(&f.burst, "burst", 100, "before each kill, post one webhook with this many Messenger hand-off requests to the victim")
	fs.BoolVar(&f.ownRedis, "own-redis", false, "start a redis-server for the soak instead of --redis")
	fs.DurationVar(&f.redisRestartAt, "redis-restart-at", 0, "with --own-redis: kill and restart Redis once, this long after the start")
	fs.DurationVar(&f.maxTakeover, "max-takeover", 30*time.Second, "longest a Messenger message in flight at a kill may wait after it for its answer")
	if code, ok := e.Parse(fs, args, soakSynopsis("handoff")); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return e.UsageError(fs, soakSynopsis("handoff"), "unexpected argument %q", fs.Arg(0))
	}
	ctx := e.Ctx
	cfg := soak.Config{Token: f.token, Workers: f.workers, Rounds: f.rounds, Duration: f.duration, Seed: f.seed,
		Reconnect: f.reconnect, MaxTakeover: f.maxTakeover}
	if f.urls != "" {
		urls := strings.Split(f.urls, ",")
		cfg.URLs = func() []string { return urls }
		return printSoak(e, ctx, cfg, f)
	}
	var redisServer *soak.RedisServer
	if f.ownRedis {
		dir, err := os.MkdirTemp("", "guichet-soak-redis")
		if err == nil {
			defer os.RemoveAll(dir)
			redisServer, err = soak.StartRedis(ctx, dir)
		}
		if err != nil {
			fmt.Fprintf(e.Stderr, "guichet soak handoff: %v\n", err)
			return 1
		}
		defer redisServer.Stop()
		f.redisURL = redisServer.URL
		fmt.Fprintf(e.Stderr, "soak: redis-server on %s\n", redisServer.Addr)
	}
	if f.redisURL == "" {
		fmt.Fprintln(e.Stderr, "guichet-load soak handoff: --redis URL (or GUICHET_STORE_REDIS_URL) or --own-redis is required to start instances; or pass --urls and --token")
		return 2
	}
	var pageEnv []string
	if f.messenger > 0 {
		cfg.Messenger, cfg.MessengerWorkers = soak.StartMessengerPage(), f.messenger
		defer cfg.Messenger.Close()
		pageEnv = cfg.Messenger.Env()
	}
	instances, cleanup, token, err := startSoakInstances(ctx, e, f, pageEnv)
	if err != nil {
		fmt.Fprintf(e.Stderr, "guichet-load soak handoff: %v\n", err)
		return 1
	}
	defer cleanup()
	cfg.Token = token
	cfg.URLs = func() []string {
		var urls []string
		for _, in := range instances {
			if in.Alive() {
				urls = append(urls, in.URL)
			}
		}
		return urls
	}
	chaos := &soak.Chaos{Instances: instances, Every: f.killEvery, Seed: f.seed, Redis: redisServer,
		RedisRestartAt: f.redisRestartAt, Log: e.Stderr}
	cfg.Kills = chaos.Kills
	if cfg.Messenger != nil && f.burst > 0 {
		chaos.BeforeKill = func(ctx context.Context, in *soak.Instance) {
			if err := cfg.Messenger.Burst(ctx, in.URL, f.burst); err != nil {
				fmt.Fprintf(e.Stderr, "soak: %v\n", err)
			}
		}
	}
	cctx, stop := context.WithCancel(ctx)
	defer stop()
	go chaos.Run(cctx)
	return printSoak(e, ctx, cfg, f)
}

func printSoak(e *cli.Env, ctx context.Context, cfg soak.Config, f soakFlags) int {
	fmt.Fprintf(e.Stderr, "soak: seed %d, %d workers, %d rounds, %s\n", f.seed, f.workers, f.rounds, f.duration)
	res, err := soak.Run(ctx, cfg)
	fmt.Fprintln(e.Stdout, res)
	for i, fail := range res.Failures {
		if i == 10 {
			fmt.Fprintf(e.Stdout, "  ... %d more failures\n", len(res.Failures)-10)
			break
		}
		fmt.Fprintf(e.Stdout, "  failure: %s\n", fail)
	}
	if err != nil || !res.OK() {
		fmt.Fprintln(e.Stdout, "FAIL: messages lost or doubled, or nothing ran")
		return 1
	}
	fmt.Fprintln(e.Stdout, "OK: nothing lost, nothing doubled")
	return 0
}

// startSoakInstances starts instances of this binary with a fresh accounts
// file and key prefix; cleanup stops them and deletes the soak's keys.
func startSoakInstances(ctx context.Context, e *cli.Env, f soakFlags, extraEnv []string) ([]*soak.Instance, func(), string, error) {
	bin, err := os.Executable()
	if err != nil {
		return nil, nil, "", err
	}
	dir, err := os.MkdirTemp("", "guichet-soak")
	if err != nil {
		return nil, nil, "", err
	}
	token, accounts, err := soakAccount(dir)
	if err != nil {
		return nil, nil, "", err
	}
	prefix := "soak" + dispatch.NewID()[:8] + ":"
	env := []string{"GUICHET_STORE_REDIS_URL=" + f.redisURL, "GUICHET_STORE_KEY_PREFIX=" + prefix,
		"GUICHET_HANDOFF_ACCOUNTS_FILE=" + accounts, "GUICHET_HANDOFF_SESSION_KEY=" + dispatch.NewID(),
		"GUICHET_LOG_LEVEL=warn", "GUICHET_WIDGET_CONNECTIONS_PER_IP=100000"}
	env = append(env, extraEnv...)
	var instances []*soak.Instance
	cleanup := func() {
		for _, in := range instances {
			in.Stop()
		}
		deleteSoakKeys(f.redisURL, prefix, e)
		os.RemoveAll(dir)
	}
	for range f.instances {
		in, err := soak.StartInstance(ctx, bin, dir, env)
		if err != nil {
			cleanup()
			return nil, nil, "", err
		}
		fmt.Fprintf(e.Stderr, "soak: instance on %s\n", in.URL)
		instances = append(instances, in)
	}
	return instances, cleanup, token, nil
}

func soakAccount(dir string) (token, path string, err error) {
	var acc console.Accounts
	if err = acc.Set("soak", "Conseiller soak", console.RoleAgent, []byte(dispatch.NewID())); err != nil {
		return "", "", err
	}
	if token, err = acc.NewToken("soak", time.Now()); err != nil {
		return "", "", err
	}
	path = filepath.Join(dir, "agents.yaml")
	return token, path, acc.Save(path)
}

// deleteSoakKeys removes what the soak wrote under its prefix.
func deleteSoakKeys(url, prefix string, e *cli.Env) {
	ctx := context.Background()
	c, err := store.Dial(ctx, store.DialOptions{URL: url})
	if err != nil {
		fmt.Fprintf(e.Stderr, "soak: keys under %s not deleted: %v\n", prefix, err)
		return
	}
	defer c.Close()
	n := 0
	for _, pattern := range []string{prefix + "*", "{" + prefix + "*"} {
		iter := c.Scan(ctx, 0, pattern, 1000).Iterator()
		for iter.Next(ctx) {
			if c.Del(ctx, iter.Val()).Err() == nil {
				n++
			}
		}
	}
	fmt.Fprintf(e.Stderr, "soak: deleted %d keys under %s\n", n, prefix)
}

func soakClaims(e *cli.Env, args []string) int {
	fs := flag.NewFlagSet("soak claims", flag.ContinueOnError)
	redisURL := fs.String("redis", "", "Redis to keep tickets and transcripts in (default: memory)")
	tickets := fs.Int("tickets", 1000, "tickets to seed")
	agents := fs.Int("agents", 50, "agents working at once")
	if code, ok := e.Parse(fs, args, soakSynopsis("claims")); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return e.UsageError(fs, soakSynopsis("claims"), "unexpected argument %q", fs.Arg(0))
	}
	cfg := soak.LoadConfig{Tickets: *tickets, Agents: *agents, Out: e.Stdout}
	if *redisURL == "" {
		cfg.Store = store.NewMemory(store.Options{})
		cfg.TicketStore = handoff.NewMemoryTickets(handoff.StoreOptions{})
	} else {
		cleanup, err := redisLoadStores(e, *redisURL, &cfg)
		if err != nil {
			fmt.Fprintf(e.Stderr, "guichet-load soak claims: %v\n", err)
			return 1
		}
		defer cleanup()
	}
	defer cfg.Store.Close()
	if err := soak.Load(e.Ctx, cfg); err != nil {
		fmt.Fprintf(e.Stderr, "guichet-load soak claims: %v\n", err)
		return 1
	}
	return 0
}

func redisLoadStores(e *cli.Env, url string, cfg *soak.LoadConfig) (func(), error) {
	client, err := store.Dial(e.Ctx, store.DialOptions{URL: url})
	if err != nil {
		return nil, fmt.Errorf("--redis: %w", err)
	}
	prefix := "load" + dispatch.NewID()[:8] + ":"
	if cfg.Store, err = store.NewRedisClient(client, store.Options{KeyPrefix: prefix}); err != nil {
		client.Close()
		return nil, err
	}
	if cfg.TicketStore, err = handoff.NewRedisTickets(client, prefix, handoff.StoreOptions{}); err != nil {
		client.Close()
		return nil, err
	}
	return func() { deleteSoakKeys(url, prefix, e); client.Close() }, nil
}
