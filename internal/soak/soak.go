// Package soak drives Guichet instances the way citizens and agents do, to
// check that nothing is lost or doubled across instances: citizens talk
// through the widget's WebSocket protocol on one instance, an agent
// answers through the hand-off API on another, both move between
// instances at random, and instances may be killed meanwhile. Messenger
// citizens write to the page through signed webhooks, to any instance,
// and their answers come back through a fake Graph API: every message an
// instance acknowledged must be answered once, and a hand-off request open
// one ticket, even when the instance died right after its 200. It backs
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
	// Messenger, when set, is the page the instances serve, and
	// MessengerWorkers Messenger conversations are in flight besides the
	// widget ones.
	Messenger        *MessengerPage
	MessengerWorkers int
	// Kills returns when instances were killed so far (nil: never), to
	// time how soon the Messenger messages in flight then were answered.
	Kills func() []time.Time
	// MaxTakeover is the longest a Messenger message in flight at a kill
	// may wait for its answer after the kill (0: no bound).
	MaxTakeover time.Duration
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

	MessengerConversations int
	MessengerSent          int // messages an instance acknowledged (200)
	MessengerAnswered      int // of those, answered through the Send API
	MessengerLost          int
	MessengerDoubled       int // a reply sent twice
	HandoffsAsked          int // Messenger hand-off requests
	HandoffsOpened         int // of those, with exactly one open ticket
	HandoffsLost           int
	HandoffsDoubled        int
	// InFlightAtKill counts Messenger messages acknowledged before a kill
	// and answered after it; TakeoverMedian and TakeoverMax are how long
	// after the kill their answers came. TakenOver counts those answered
	// more than takenOverAfter after it: the killed instance held them
	// (the others were the surviving instance's own, answered at once).
	InFlightAtKill              int
	TakenOver                   int
	TakeoverMedian, TakeoverMax time.Duration
	maxTakeover                 time.Duration

	Failures []string // conversations that could not run to the end
}

func (r Result) String() string {
	s := fmt.Sprintf("conversations=%d agent: sent=%d received=%d lost=%d doubled=%d | citizen: sent=%d recorded=%d lost=%d doubled=%d | redelivered=%d reconnects=%d failures=%d",
		r.Conversations, r.AgentSent, r.AgentReceived, r.AgentLost, r.AgentDoubled, r.CitizenSent, r.CitizenRecorded,
		r.CitizenLost, r.CitizenDoubled, r.Redelivered, r.Reconnects, len(r.Failures))
	if r.MessengerConversations > 0 {
		s += fmt.Sprintf("\nmessenger: conversations=%d sent=%d answered=%d lost=%d doubled=%d | hand-offs: asked=%d opened=%d lost=%d doubled=%d | in flight at a kill=%d (taken over=%d) answered after the kill: median=%s max=%s",
			r.MessengerConversations, r.MessengerSent, r.MessengerAnswered, r.MessengerLost, r.MessengerDoubled,
			r.HandoffsAsked, r.HandoffsOpened, r.HandoffsLost, r.HandoffsDoubled,
			r.InFlightAtKill, r.TakenOver, r.TakeoverMedian.Round(time.Millisecond), r.TakeoverMax.Round(time.Millisecond))
	}
	return s
}

// OK reports whether nothing was lost or doubled, and whether the
// Messenger messages in flight at a kill were answered in time.
func (r Result) OK() bool {
	return r.AgentLost == 0 && r.AgentDoubled == 0 && r.CitizenLost == 0 && r.CitizenDoubled == 0 && r.Conversations+r.MessengerConversations > 0 &&
		r.MessengerLost == 0 && r.MessengerDoubled == 0 && r.HandoffsLost == 0 && r.HandoffsDoubled == 0 &&
		(r.maxTakeover == 0 || r.TakeoverMax <= r.maxTakeover)
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
	if cfg.Workers < 0 || cfg.Workers+cfg.MessengerWorkers < 1 || cfg.Rounds < 1 || cfg.Duration <= 0 || cfg.Token == "" || cfg.URLs == nil {
		return Result{}, errors.New("soak: want workers, rounds, duration, a token and instances")
	}
	r := &runner{cfg: cfg, agent: &Agent{Token: cfg.Token}, rnd: rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x9e3779b97f4a7c15))}
	if cfg.MessengerWorkers > 0 && cfg.Messenger == nil {
		return Result{}, errors.New("soak: Messenger citizens need a MessengerPage")
	}
	r.res.maxTakeover = cfg.MaxTakeover
	deadline := time.Now().Add(cfg.Duration)
	var wg sync.WaitGroup
	var msgs []sent
	for w := range cfg.MessengerWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; time.Now().Before(deadline) && ctx.Err() == nil; n++ {
				r.count(func(res *Result) { res.MessengerConversations++ })
				s, err := r.messengerConversation(ctx, fmt.Sprintf("m%d.%d", w, n))
				r.count(func(res *Result) {
					msgs = append(msgs, s...)
					if err != nil {
						res.Failures = append(res.Failures, err.Error())
					}
				})
			}
		}()
	}
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
	if cfg.Messenger != nil {
		var kills []time.Time
		if cfg.Kills != nil {
			kills = cfg.Kills()
		}
		bursts := cfg.Messenger.burstEvents()
		for _, b := range bursts {
			msgs = append(msgs, b.sent)
		}
		r.res.MessengerSent += len(bursts)
		r.checkMessenger(msgs, kills)
		r.checkBursts(ctx, bursts)
	}
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
