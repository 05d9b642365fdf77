// Package soak drives Guichet instances the way citizens and agents do, to
// check that nothing is lost or doubled across instances: citizens talk
// through the widget's WebSocket protocol on one instance, an agent
// answers through the hand-off API on another, both move between
// instances at random, and instances may be killed meanwhile. It backs
// 'guichet-load soak handoff' and the multi-instance test of cmd/guichet.
package soak

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"
)

// Config describes a soak.
type Config struct {
	// URLs returns the base URLs of the instances alive now.
	URLs     func() []string
	Token    string        // an agent's API token
	Workers  int           // conversations in flight
	Rounds   int           // agent replies and citizen messages per conversation
	Duration time.Duration // no new conversation starts after this
	Seed     uint64
	// Reconnect is the chance that a widget moves to another instance
	// after each round.
	Reconnect float64
}

// Result counts what happened. Lost and doubled must be zero.
type Result struct {
	Conversations   int
	AgentSent       int // replies the API accepted (or that reached the transcript)
	AgentReceived   int // of those, received by the citizen's widget
	AgentLost       int
	AgentDoubled    int // received at two sequence numbers
	CitizenSent     int // messages the widget got an ack for
	CitizenRecorded int // of those, in the transcript the agent reads
	CitizenLost     int
	CitizenDoubled  int
	Redelivered     int // same event sent twice to a widget (harmless: dropped by sequence number)
	Reconnects      int
	Failures        []string // conversations that could not run to the end
}

func (r Result) String() string {
	return fmt.Sprintf("conversations=%d agent: sent=%d received=%d lost=%d doubled=%d | citizen: sent=%d recorded=%d lost=%d doubled=%d | redelivered=%d reconnects=%d failures=%d",
		r.Conversations, r.AgentSent, r.AgentReceived, r.AgentLost, r.AgentDoubled, r.CitizenSent, r.CitizenRecorded,
		r.CitizenLost, r.CitizenDoubled, r.Redelivered, r.Reconnects, len(r.Failures))
}

// OK reports whether nothing was lost or doubled.
func (r Result) OK() bool {
	return r.AgentLost == 0 && r.AgentDoubled == 0 && r.CitizenLost == 0 && r.CitizenDoubled == 0 && r.Conversations > 0
}

type runner struct {
	cfg   Config
	agent *Agent

	mu  sync.Mutex
	rnd *rand.Rand
	res Result
}

// Run runs the soak until cfg.Duration has passed and the conversations
// in flight have ended.
func Run(ctx context.Context, cfg Config) (Result, error) {
	if cfg.Workers < 1 || cfg.Rounds < 1 || cfg.Duration <= 0 || cfg.Token == "" || cfg.URLs == nil {
		return Result{}, errors.New("soak: want workers, rounds, duration, a token and instances")
	}
	r := &runner{cfg: cfg, agent: &Agent{Token: cfg.Token}, rnd: rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x9e3779b97f4a7c15))}
	deadline := time.Now().Add(cfg.Duration)
	var wg sync.WaitGroup
	for w := range cfg.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; time.Now().Before(deadline) && ctx.Err() == nil; n++ {
				if err := r.conversation(ctx, fmt.Sprintf("%d.%d", w, n)); err != nil {
					r.count(func(res *Result) { res.Failures = append(res.Failures, err.Error()) })
				}
			}
		}()
	}
	wg.Wait()
	return r.res, ctx.Err()
}

func (r *runner) count(f func(*Result)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	f(&r.res)
}

func (r *runner) chance(p float64) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.rnd.Float64() < p
}

func (r *runner) pause(max time.Duration) {
	r.mu.Lock()
	d := time.Duration(r.rnd.Int64N(int64(max) + 1))
	r.mu.Unlock()
	time.Sleep(d)
}

// pick returns a live instance at random, waiting while none is up.
func (r *runner) pick(ctx context.Context) string {
	for {
		if urls := r.cfg.URLs(); len(urls) > 0 {
			r.mu.Lock()
			u := urls[r.rnd.IntN(len(urls))]
			r.mu.Unlock()
			return u
		}
		select {
		case <-ctx.Done():
			return ""
		case <-time.After(100 * time.Millisecond):
		}
	}
}
