package main

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/console"
	"github.com/guichet/guichet/internal/soak"
	"github.com/guichet/guichet/internal/testenv"
)

// cluster is two `guichet serve` processes sharing one Redis, and an
// agent's API token.
type cluster struct {
	a, b  *soak.Instance
	agent *soak.Agent
}

func startCluster(t *testing.T) *cluster {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary and starts two servers")
	}
	return startClusterOn(t, "GUICHET_STORE_REDIS_URL="+testenv.RedisURL(t))
}

// startClusterOn starts the two instances with redisEnv naming their Redis.
func startClusterOn(t *testing.T, redisEnv ...string) *cluster {
	t.Helper()
	dir := t.TempDir()
	bin := filepath.Join(dir, "guichet")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	accounts := filepath.Join(dir, "agents.yaml")
	var acc console.Accounts
	if err := acc.Set("alice", "Alice", console.RoleAgent, []byte("correct horse battery")); err != nil {
		t.Fatal(err)
	}
	token, err := acc.NewToken("alice", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := acc.Save(accounts); err != nil {
		t.Fatal(err)
	}
	env := append(redisEnv, "GUICHET_STORE_KEY_PREFIX="+testenv.KeyPrefix(t),
		"GUICHET_HANDOFF_ACCOUNTS_FILE="+accounts, "GUICHET_HANDOFF_SESSION_KEY=multi-instance-test-key",
		"GUICHET_LOG_LEVEL=warn",
		// Every simulated citizen comes from 127.0.0.1: lift the per-address
		// connection limit that protects a real deployment.
		"GUICHET_WIDGET_CONNECTIONS_PER_IP=100000")
	c := &cluster{agent: &soak.Agent{Token: token}}
	ctx := context.Background()
	for _, in := range []**soak.Instance{&c.a, &c.b} {
		if *in, err = soak.StartInstance(ctx, bin, dir, env); err != nil {
			t.Fatal(err)
		}
		i := *in
		t.Cleanup(func() {
			i.Stop()
			if t.Failed() {
				t.Logf("instance %s output:\n%s", i.Addr, i.Output())
			}
		})
	}
	return c
}

func TestMultiInstanceHandoff(t *testing.T) {
	multiInstanceHandoff(t, startCluster(t))
}

// The same two instances over a real Redis Cluster of three masters
// (GUICHET_TEST_REDIS_CLUSTER), as the README says to configure it.
func TestMultiInstanceHandoffOnRedisCluster(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and starts two servers")
	}
	multiInstanceHandoff(t, startClusterOn(t, "GUICHET_STORE_REDIS_URL="+testenv.RedisClusterURL(t),
		"GUICHET_STORE_REDIS_CLUSTER=true"))
}

func multiInstanceHandoff(t *testing.T, c *cluster) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	w, err := soak.NewWidget(ctx, c.a.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	send := func(id, text, payload string) {
		t.Helper()
		if err := w.Send(id, text, payload); err != nil {
			t.Fatal(err)
		}
		if _, err := w.WaitAck(ctx, id); err != nil {
			t.Fatalf("message %s not acknowledged: %v", id, err)
		}
	}
	waitFor := func(role, text string) {
		t.Helper()
		if err := w.Wait(ctx, soak.HasText(role, text)); err != nil {
			t.Fatalf("the citizen on A never received %s %q: %v (got %v)", role, text, err, w.Texts(role))
		}
	}
	send("h1", "", "HANDOFF")
	if err := w.Wait(ctx, func(evs map[int64]soak.Event) bool {
		for _, ev := range evs {
			if ev.Role == "system" && ev.Meta != nil && ev.Meta.Status == "waiting" {
				return true
			}
		}
		return false
	}); err != nil {
		t.Fatalf("no hand-off notice on A: %v", err)
	}

	tk, err := c.agent.FindTicket(ctx, c.b.URL, w.Subject())
	if err != nil {
		t.Fatalf("ticket not visible on B: %v", err)
	}
	mustCall(t, c.agent.Call(ctx, c.b.URL, "POST", "/api/v1/tickets/"+tk.ID+"/claim", nil, nil))
	mustCall(t, c.agent.Reply(ctx, c.b.URL, tk.ID, "Bonjour, ici Alice sur B.", "r1"))
	waitFor("agent", "Bonjour, ici Alice sur B.")
	send("m1", "Merci, mon numéro de dossier est 24AB", "")

	c.b.Kill() // mid-conversation
	var got soak.Ticket
	mustCall(t, c.agent.Call(ctx, c.a.URL, "GET", "/api/v1/tickets/"+tk.ID, nil, &got))
	if got.Status != "assigned" || got.Agent != "alice" {
		t.Fatalf("after B died the ticket on A is %s by %q, want still assigned to alice", got.Status, got.Agent)
	}
	evs, err := c.agent.Transcript(ctx, c.a.URL, tk.ID)
	if err != nil || !hasEvent(evs, "user", "Merci, mon numéro de dossier est 24AB") {
		t.Fatalf("transcript on A after B died lacks the citizen's message (%v)", err)
	}
	mustCall(t, c.agent.Reply(ctx, c.a.URL, tk.ID, "Je continue depuis A.", "r2"))
	waitFor("agent", "Je continue depuis A.")

	if err := c.b.Start(ctx); err != nil {
		t.Fatal(err)
	}
	mustCall(t, c.agent.Reply(ctx, c.b.URL, tk.ID, "B est revenu.", "r3"))
	waitFor("agent", "B est revenu.")
	mustCall(t, c.agent.Call(ctx, c.b.URL, "POST", "/api/v1/tickets/"+tk.ID+"/resolve", map[string]string{"reason": "Réponse apportée"}, nil))
	waitFor("system", "Le conseiller a clôturé la conversation. L'assistant reste disponible pour vos questions.")
	if got := w.Texts("agent"); len(got) != 3 {
		t.Fatalf("agent messages on the widget: %v, want the three replies once each", got)
	}
	for text, n := range w.Texts("agent") {
		if n != 1 {
			t.Fatalf("agent message %q shown %d times", text, n)
		}
	}
	send("m2", "Combien coûte un passeport ?", "")
	if err := w.Wait(ctx, func(evs map[int64]soak.Event) bool {
		for _, ev := range evs {
			if ev.Role == "bot" && ev.Seq > 0 && strings.TrimSpace(ev.Text) != "" && afterText(evs, ev.Seq, "Combien coûte un passeport ?") {
				return true
			}
		}
		return false
	}); err != nil {
		t.Fatalf("the bot did not answer after the ticket was resolved: %v", err)
	}
}

func mustCall(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func hasEvent(evs []soak.Event, role, text string) bool {
	for _, ev := range evs {
		if ev.Role == role && ev.Text == text {
			return true
		}
	}
	return false
}

// afterText reports whether the user event with text comes before seq.
func afterText(evs map[int64]soak.Event, seq int64, text string) bool {
	for s, ev := range evs {
		if ev.Role == "user" && ev.Text == text && s < seq {
			return true
		}
	}
	return false
}

// TestMultiInstanceSoak is a short, seeded version of 'guichet-load soak
// handoff': citizens and the agent move between the two instances at
// random, B is killed and restarted in the middle, and nothing may be
// lost or doubled.
func TestMultiInstanceSoak(t *testing.T) {
	c := startCluster(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	instances := []*soak.Instance{c.a, c.b}
	live := func() []string {
		var urls []string
		for _, in := range instances {
			if in.Alive() {
				urls = append(urls, in.URL)
			}
		}
		return urls
	}
	restarted := make(chan error, 1)
	go func() {
		time.Sleep(3 * time.Second)
		c.b.Kill()
		time.Sleep(time.Second)
		restarted <- c.b.Start(ctx)
	}()
	res, err := soak.Run(ctx, soak.Config{URLs: live, Token: c.agent.Token, Workers: 3, Rounds: 4,
		Duration: 8 * time.Second, Seed: 7, Reconnect: 0.3})
	// B's restart may outlast the soak on a busy machine (it builds its
	// matcher before it is ready): wait for it rather than cancel it.
	if rerr := <-restarted; rerr != nil {
		t.Errorf("restart B: %v", rerr)
	}
	t.Logf("soak: %s\nfailures: %v", res, res.Failures)
	if err != nil {
		t.Fatal(err)
	}
	if !res.OK() || res.AgentSent == 0 || res.CitizenSent == 0 || len(res.Failures) > 0 {
		t.Fatalf("soak lost or doubled messages: %s\nfailures: %v", res, res.Failures)
	}
}
