package messenger

import (
	"bufio"
	"context"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/dispatch"
	"github.com/guichet/guichet/internal/testenv"
	"github.com/guichet/guichet/store"
)

// Environment of the worker subprocess.
const (
	envChild      = "GUICHET_MESSENGER_TEST_WORKER"
	envChildRedis = "GUICHET_MESSENGER_TEST_REDIS"
	envChildKeys  = "GUICHET_MESSENGER_TEST_PREFIX"
	envChildGraph = "GUICHET_MESSENGER_TEST_GRAPH"
	envChildStuck = "GUICHET_MESSENGER_TEST_STUCK"
	envChildClaim = "GUICHET_MESSENGER_TEST_CLAIM_IDLE"
	envChildAlive = "GUICHET_MESSENGER_TEST_ALIVE_TTL"
)

// The real thing: the worker is a separate process, killed with SIGKILL
// while it holds a half-handled event and a read-ahead of others. A new
// instance answers every message, each exactly once.
func TestSIGKILLedWorkerProcessLosesNoEvent(t *testing.T) {
	sigkilledWorker(t, 200*time.Millisecond, time.Hour)
}

// A killed instance's events are taken over as soon as its beat expires,
// not after the claim idle time (an hour here: the takeover cannot come
// from it). Before, they waited for it, two minutes by default, and the
// bot then judged them too old to decide on.
func TestSIGKILLedWorkerEventsTakenOverWhenItsBeatExpires(t *testing.T) {
	sigkilledWorker(t, time.Hour, 300*time.Millisecond)
}

func sigkilledWorker(t *testing.T, claimIdle, aliveTTL time.Duration) {
	rdb := redisClient(t)
	prefix := testenv.KeyPrefix(t)
	st, _ := store.NewRedisClient(rdb, store.Options{KeyPrefix: prefix})
	claim := withOptions(func(o *Options) {
		o.Config = testConfig("")
		o.ClaimIdle, o.AliveTTL = claimIdle, aliveTTL
	})
	ingress := newHarness(t, withRedis(rdb, prefix), withStore(st), claim) // webhook only: no workers
	psids := []string{"2000000000000301", "2000000000000302", "2000000000000303"}
	const perSender = 5
	for i := range perSender {
		for _, p := range psids {
			if got := ingress.post(crashBody(p, i)); got != http.StatusOK {
				t.Fatalf("webhook status %d", got)
			}
		}
	}

	child := exec.Command(os.Args[0], "-test.run=^TestWorkerProcessHelper$")
	child.Env = append(os.Environ(), envChild+"=1", envChildRedis+"="+testenv.RedisURL(t), envChildKeys+"="+prefix,
		envChildGraph+"="+ingress.graph.URL(), envChildStuck+"=m_crash_2000000000000302_2",
		envChildClaim+"="+claimIdle.String(), envChildAlive+"="+aliveTTL.String())
	out, _ := child.StdoutPipe()
	child.Stderr = os.Stderr
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	stuck := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if sc.Text() == "STUCK" {
				stuck <- true
			}
		}
		stuck <- false
	}()
	if !<-stuck {
		child.Wait()
		t.Fatal("the worker process ended without reaching the event it should die on")
	}
	child.Process.Kill() // SIGKILL: no deferred function, no ack
	child.Wait()
	answered := len(ingress.graph.Messages())

	b := newHarness(t, withRedis(rdb, prefix), withStore(st), withGraph(ingress.graph), claim)
	b.start()
	total := len(psids) * perSender
	waitFor(t, "every message answered", func() bool { return len(ingress.graph.Messages()) >= total })
	waitFor(t, "the stream drained", func() bool {
		n, _ := rdb.XLen(context.Background(), b.ch.queue.(*redisQueue).stream).Result()
		return n == 0
	})
	checkAnsweredOnce(t, ingress.graph.Messages(), psids, perSender)
	cs, _ := rdb.XInfoConsumers(context.Background(), b.ch.queue.(*redisQueue).stream, groupName).Result()
	if aliveTTL < claimIdle && len(cs) != 1 {
		t.Errorf("%d consumers in the group, want the live one only: the dead one stays", len(cs))
	}
	if answered == 0 || answered >= total {
		t.Fatalf("the killed process answered %d of %d: the kill did not land mid-way", answered, total)
	}
	t.Logf("killed process answered %d, the new instance %d", answered, total-answered)
}

// TestWorkerProcessHelper is the worker process of the test above; it
// does nothing in a normal run.
func TestWorkerProcessHelper(t *testing.T) {
	if os.Getenv(envChild) != "1" {
		t.Skip("runs only as the subprocess of TestSIGKILLedWorkerProcessLosesNoEvent")
	}
	rdb := redisClientURL(t, os.Getenv(envChildRedis))
	prefix := os.Getenv(envChildKeys)
	st, _ := store.NewRedisClient(rdb, store.Options{KeyPrefix: prefix})
	disp := dispatch.New(st, slog.New(slog.DiscardHandler))
	h := &answerer{disp: disp, store: st, block: func(_ context.Context, m guichet.Message) {
		if m.ID == os.Getenv(envChildStuck) {
			os.Stdout.WriteString("STUCK\n")
			select {} // recorded, not answered: wait for SIGKILL
		}
	}}
	cfg := testConfig(os.Getenv(envChildGraph))
	cfg.Workers = 1
	claimIdle, err1 := time.ParseDuration(os.Getenv(envChildClaim))
	aliveTTL, err2 := time.ParseDuration(os.Getenv(envChildAlive))
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	ch, err := New(Options{Config: cfg, Handler: h, Store: st, Redis: rdb, KeyPrefix: prefix,
		Now: func() time.Time { return fixtureTime }, RetryBase: time.Millisecond,
		ClaimIdle: claimIdle, AliveTTL: aliveTTL})
	if err != nil {
		t.Fatal(err)
	}
	disp.Register(guichet.ChannelMessenger, ch.Transport())
	ch.Run(context.Background())
}
