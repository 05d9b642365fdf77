package bot

import (
	"context"
	"encoding/json"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/kb/match"
	"github.com/guichet/guichet/store"
)

// Humans is what the bot needs from the hand-off service.
type Humans interface {
	// Take returns true when a person owns (or is about to own) conv: the
	// recorded message ev is theirs and the bot stays quiet.
	Take(ctx context.Context, conv guichet.ConversationID, ev guichet.Event) (bool, error)
	// Escalate opens a ticket (or returns the open one) and tells the
	// citizen where they stand.
	Escalate(ctx context.Context, e guichet.Escalation) error
}

// Recorder records a citizen's message in the transcript; created is false
// for a duplicate.
type Recorder interface {
	Record(ctx context.Context, conv guichet.ConversationID, ev guichet.Event) (guichet.Event, bool, error)
}

// Deps are the engine's collaborators. Humans may be nil (guichet ask,
// guichet chat): the bot then gives the phone numbers instead of a ticket.
type Deps struct {
	Matcher  func() *match.Matcher // the matcher of the live KB snapshot
	States   store.States
	Recorder Recorder
	Sender   guichet.Sender
	Humans   Humans
	Log      *slog.Logger
	Metrics  prometheus.Registerer // nil: no metrics
	Now      func() time.Time
}

// Engine is the conversation engine. It implements guichet.Handler.
type Engine struct {
	cfg     config.Bot
	matcher func() *match.Matcher
	states  store.States
	rec     Recorder
	send    guichet.Sender
	humans  Humans
	log     *slog.Logger
	now     func() time.Time
	metrics *metrics
}

var _ guichet.Handler = (*Engine)(nil)

// New returns an engine.
func New(cfg config.Bot, d Deps) *Engine {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	return &Engine{cfg: cfg, matcher: d.Matcher, states: d.States, rec: d.Recorder, send: d.Sender,
		humans: d.Humans, log: d.Log, now: d.Now, metrics: newMetrics(d.Metrics)}
}

// maxConflicts bounds the retries when instances race on one conversation.
const maxConflicts = 5

// Handle records m, and answers it unless a human owns the conversation or
// it is a duplicate.
func (e *Engine) Handle(ctx context.Context, m guichet.Message) error {
	const op = "bot: handle"
	start := e.now()
	ev := guichet.Event{ID: m.ID, Role: guichet.RoleUser, Text: m.Text, Time: m.Time}
	if ev.ID == "" {
		return guichet.Errorf(guichet.Invalid, op, "message has no id")
	}
	if _, created, err := e.rec.Record(ctx, m.Conversation, ev); err != nil || !created {
		return guichet.E(guichet.KindOf(err), op, err)
	}
	if e.humans != nil {
		stored := ev
		if taken, err := e.humans.Take(ctx, m.Conversation, stored); err != nil || taken {
			e.metrics.message(m.Conversation.Channel(), "human")
			return guichet.E(guichet.KindOf(err), op, err)
		}
	}
	d, muted, err := e.decideAndSave(ctx, m)
	if err != nil || muted {
		return guichet.E(guichet.KindOf(err), op, err)
	}
	e.metrics.decided(m.Conversation.Channel(), d.Kind, e.now().Sub(start))
	return e.act(ctx, m.Conversation, d)
}

// decideAndSave decides on the latest state and saves it, deciding again if
// another instance saved meanwhile.
func (e *Engine) decideAndSave(ctx context.Context, m guichet.Message) (Decision, bool, error) {
	for range maxConflicts {
		data, version, err := e.states.LoadState(ctx, m.Conversation)
		if err != nil {
			return Decision{}, false, err
		}
		st, err := decodeState(data)
		if err != nil {
			e.log.Warn("bot: unreadable state, starting afresh", "conv", m.Conversation, "err", err)
		}
		if e.now().Before(st.MutedUntil) {
			return Decision{}, true, nil
		}
		d, err := e.Decide(&st, m)
		if err != nil {
			return Decision{}, false, err
		}
		next, _ := json.Marshal(st)
		if _, err := e.states.SaveState(ctx, m.Conversation, next, version); guichet.Is(err, guichet.Conflict) {
			continue
		} else if err != nil {
			return Decision{}, false, err
		}
		return d, false, nil
	}
	return Decision{}, false, guichet.Errorf(guichet.Conflict, "bot: save state", "conversation changed %d times meanwhile", maxConflicts)
}

// act sends the replies, then hands off if decided.
func (e *Engine) act(ctx context.Context, conv guichet.ConversationID, d Decision) error {
	for _, r := range d.Replies {
		if _, err := e.send.Send(ctx, conv, r); err != nil {
			return err
		}
	}
	if d.Escalation == nil {
		return nil
	}
	e.metrics.handoff(conv.Channel(), d.Escalation.Reason)
	if e.humans == nil {
		_, err := e.send.Send(ctx, conv, guichet.Reply{Role: guichet.RoleBot, Text: textNoHumans,
			Meta: &guichet.Meta{Decision: DecisionHandoff}})
		return err
	}
	return e.humans.Escalate(ctx, *d.Escalation)
}

// Mute keeps the bot quiet in conv until the given time: someone answered
// the person from elsewhere (Meta's inbox).
func (e *Engine) Mute(ctx context.Context, conv guichet.ConversationID, until time.Time) error {
	for range maxConflicts {
		data, version, err := e.states.LoadState(ctx, conv)
		if err != nil {
			return err
		}
		st, _ := decodeState(data)
		st.MutedUntil, st.Options = until, nil
		next, _ := json.Marshal(st)
		if _, err = e.states.SaveState(ctx, conv, next, version); !guichet.Is(err, guichet.Conflict) {
			return err
		}
	}
	return guichet.Errorf(guichet.Conflict, "bot: mute", "conversation changed %d times meanwhile", maxConflicts)
}
