package soak

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/console"
	"github.com/guichet/guichet/dispatch"
	"github.com/guichet/guichet/handoff"
	"github.com/guichet/guichet/store"
)

// LoadConfig describes the console load check: one instance, many waiting
// tickets, many agents using the API at once.
type LoadConfig struct {
	Tickets int
	Agents  int
	// TicketStore and Store are the stores under test (memory or Redis).
	TicketStore handoff.TicketStore
	Store       store.Store
	Out         io.Writer
}

// Load seeds the queue, then has every agent list the queue, open a
// ticket, claim the next one and reply until the queue is empty, and
// prints latency percentiles per operation.
func Load(ctx context.Context, cfg LoadConfig) error {
	if cfg.Tickets < 1 || cfg.Agents < 1 {
		return fmt.Errorf("soak: want tickets and agents")
	}
	dir, err := os.MkdirTemp("", "guichet-load")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	fmt.Fprintf(cfg.Out, "creating %d agent accounts (bcrypt)...\n", cfg.Agents)
	tokens, accounts, err := loadAccounts(dir, cfg.Agents)
	if err != nil {
		return err
	}
	hc := config.Default().Handoff
	hc.AccountsFile, hc.SessionKey = accounts, "load"
	hc.OpeningHours.Days = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}
	hc.OpeningHours.Open, hc.OpeningHours.Close = "00:00", "23:59"
	svc, err := handoff.New(handoff.Options{Config: hc, Tickets: cfg.TicketStore, Store: cfg.Store,
		Sender: dispatch.New(cfg.Store, slog.New(slog.DiscardHandler)), Tick: time.Hour})
	if err != nil {
		return err
	}
	con, err := console.New(console.Options{Config: hc, Desk: svc, Tickets: cfg.TicketStore, Store: cfg.Store})
	if err != nil {
		return err
	}
	base, stop, err := serveLoopback(con)
	if err != nil {
		return err
	}
	defer stop()
	go svc.Run(ctx) //nolint:errcheck // ends with ctx
	go con.Run(ctx) //nolint:errcheck // ends with ctx
	if err := seed(ctx, svc, cfg.Tickets); err != nil {
		return err
	}
	fmt.Fprintf(cfg.Out, "%d tickets waiting, %d agents: list, open, claim, reply, resolve until the queue is empty\n", cfg.Tickets, cfg.Agents)
	if err := agentsWork(ctx, cfg.Out, base, tokens, agentLoop); err != nil {
		return err
	}
	if err := seed(ctx, svc, cfg.Tickets); err != nil {
		return err
	}
	fmt.Fprintf(cfg.Out, "\n%d tickets waiting, %d agents each claiming about once a second for 10 s\n", cfg.Tickets, cfg.Agents)
	paced := func(ctx context.Context, a *Agent, base string, tm *timings) error {
		return claimLoop(ctx, a, base, tm, time.Second, time.Now().Add(10*time.Second))
	}
	if err := agentsWork(ctx, cfg.Out, base, tokens, paced); err != nil {
		return err
	}
	fmt.Fprintf(cfg.Out, "\nthe rest of the queue, %d agents claiming back to back (worst contention)\n", cfg.Agents)
	burst := func(ctx context.Context, a *Agent, base string, tm *timings) error {
		return claimLoop(ctx, a, base, tm, 0, time.Now().Add(time.Hour))
	}
	return agentsWork(ctx, cfg.Out, base, tokens, burst)
}

func loadAccounts(dir string, n int) ([]string, string, error) {
	var acc console.Accounts
	tokens := make([]string, n)
	for i := range n {
		name := fmt.Sprintf("agent%02d", i)
		if err := acc.Set(name, name, console.RoleAgent, []byte("load-test-password")); err != nil {
			return nil, "", err
		}
		t, err := acc.NewToken(name, time.Now())
		if err != nil {
			return nil, "", err
		}
		tokens[i] = t
	}
	path := filepath.Join(dir, "agents.yaml")
	return tokens, path, acc.Save(path)
}

func serveLoopback(h interface{ Mount(*http.ServeMux) }) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	mux := http.NewServeMux()
	h.Mount(mux)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln) //nolint:errcheck // closed by stop
	return "http://" + ln.Addr().String(), func() { srv.Close() }, nil
}

func seed(ctx context.Context, svc *handoff.Service, n int) error {
	for i := range n {
		e := guichet.Escalation{Conversation: guichet.NewConversationID(guichet.ChannelWeb, dispatch.NewID()),
			Reason: guichet.ReasonLowConfidence, Priority: i%10 == 0, Summary: fmt.Sprintf("question %d", i),
			Candidates: []guichet.Candidate{{Entry: "permis.delai", Confidence: 0.4}}}
		if _, err := svc.Escalate(ctx, e); err != nil {
			return err
		}
	}
	return nil
}

// timings collects latencies per operation.
type timings struct {
	mu  sync.Mutex
	ops map[string][]time.Duration
}

func (t *timings) add(op string, d time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.ops[op] = append(t.ops[op], d)
}

func (t *timings) print(w io.Writer) {
	fmt.Fprintf(w, "%-34s %7s %9s %9s %9s\n", "operation", "count", "p50", "p99", "max")
	for _, op := range []string{"list 1000 waiting (console)", "open ticket with context", "claim next", "reply", "resolve"} {
		ds := t.ops[op]
		if len(ds) == 0 {
			continue
		}
		slices.Sort(ds)
		fmt.Fprintf(w, "%-34s %7d %9s %9s %9s\n", op, len(ds), pct(ds, 50), pct(ds, 99), ds[len(ds)-1])
	}
}

func pct(ds []time.Duration, p int) time.Duration {
	return ds[min(len(ds)-1, len(ds)*p/100)].Round(10 * time.Microsecond)
}

// agentsWork runs every agent until the queue is empty.
func agentsWork(ctx context.Context, out io.Writer, base string, tokens []string,
	loop func(context.Context, *Agent, string, *timings) error) error {
	tm := &timings{ops: map[string][]time.Duration{}}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: len(tokens)}, Timeout: 30 * time.Second}
	var wg sync.WaitGroup
	errs := make(chan error, len(tokens))
	start := time.Now()
	for _, tok := range tokens {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- loop(ctx, &Agent{Token: tok, HTTP: client}, base, tm)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return err
		}
	}
	tm.print(out)
	fmt.Fprintf(out, "queue emptied in %s\n", time.Since(start).Round(time.Millisecond))
	return nil
}

func timed(tm *timings, op string, f func() error) error {
	start := time.Now()
	err := f()
	tm.add(op, time.Since(start))
	return err
}

// agentLoop is one agent: look at the queue, open the first ticket, take
// the next one, answer, close; until nothing waits.
func agentLoop(ctx context.Context, a *Agent, base string, tm *timings) error {
	for {
		var list struct{ Tickets []Ticket }
		if err := timed(tm, "list 1000 waiting (console)", func() error {
			return a.Call(ctx, base, "GET", "/api/v1/tickets?status=waiting&limit=1000", nil, &list)
		}); err != nil {
			return err
		}
		if len(list.Tickets) > 0 {
			_ = timed(tm, "open ticket with context", func() error {
				return a.Call(ctx, base, "GET", "/api/v1/tickets/"+list.Tickets[0].ID, nil, nil)
			})
		}
		var claimed struct{ Ticket Ticket }
		err := timed(tm, "claim next", func() error { return a.Call(ctx, base, "POST", "/api/v1/queue/claim", nil, &claimed) })
		if apiErr, ok := err.(*APIError); ok && apiErr.Code == "queue_empty" {
			return nil
		}
		if err != nil {
			return err
		}
		id := claimed.Ticket.ID
		if err := timed(tm, "reply", func() error { return a.Reply(ctx, base, id, "Bonjour, je prends votre demande.", "") }); err != nil {
			return err
		}
		if err := timed(tm, "resolve", func() error {
			return a.Call(ctx, base, "POST", "/api/v1/tickets/"+id+"/resolve", map[string]string{"reason": "load"}, nil)
		}); err != nil {
			return err
		}
	}
}

// claimLoop claims tickets, pausing about pause (randomly 0.5 to 1.5
// times) between claims, until none waits or the deadline passes.
func claimLoop(ctx context.Context, a *Agent, base string, tm *timings, pause time.Duration, deadline time.Time) error {
	if pause > 0 {
		time.Sleep(rand.N(pause)) // agents do not all start in the same millisecond
	}
	for time.Now().Before(deadline) {
		err := timed(tm, "claim next", func() error { return a.Call(ctx, base, "POST", "/api/v1/queue/claim", nil, nil) })
		if apiErr, ok := err.(*APIError); ok && apiErr.Code == "queue_empty" {
			return nil
		}
		if err != nil {
			return err
		}
		if pause > 0 {
			time.Sleep(pause/2 + rand.N(pause))
		}
	}
	return nil
}
