package bot

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/kb/match"
	"github.com/guichet/guichet/quality"
	"github.com/guichet/guichet/store"
)

// Humans is what the bot needs from the hand-off service.
type Humans interface {
	// Take returns true when a person owns (or is about to own) conv: the
	// recorded message ev is theirs and the bot stays quiet.
	Take(ctx context.Context, conv guichet.ConversationID, ev guichet.Event) (bool, error)
	// Escalate opens a ticket (or names the open one) and tells the
	// citizen where they stand.
	Escalate(ctx context.Context, e guichet.Escalation) (guichet.Escalated, error)
}

// Ratings is what the bot needs to accept a rating: the hand-off says
// whether ticket belongs to conv, was resolved, and was asked to be rated.
type Ratings interface {
	RatingAsked(ctx context.Context, conv guichet.ConversationID, ticket string) (bool, error)
}

// Recorder records a citizen's message in the transcript; created is false
// for a duplicate.
type Recorder interface {
	Record(ctx context.Context, conv guichet.ConversationID, ev guichet.Event) (guichet.Event, bool, error)
}

// StateRecorder is a Recorder that also gives the conversation's state as
// it stood when the message was recorded (dispatch.Dispatcher), in the
// same step: the decision then needs no load of its own.
type StateRecorder interface {
	RecordLoad(ctx context.Context, conv guichet.ConversationID, ev guichet.Event) (stored guichet.Event, created bool, state []byte, version int64, err error)
}

// Committer is a Sender that can record replies together with the state
// that follows them (dispatch.Dispatcher), for the channels whose clients
// read the transcript: one write instead of a state saved with its replies
// pending, the replies, and the state saved again without them. done is
// false, with nothing stored, when the channel must deliver each reply
// itself: the engine then sends them one by one. Errors: Conflict (the
// state changed since version), Invalid, Unavailable.
type Committer interface {
	Commit(ctx context.Context, conv guichet.ConversationID, rs []guichet.Reply, state []byte, version int64) (saved int64, done bool, err error)
}

// PendingCommitter is a Sender that knows which channels deliver each
// reply themselves (Delivers: dispatch.Dispatcher with a transport,
// Messenger). For those, CommitPending records replies with the state that
// holds them pending in one step, and returns the events it created;
// DeliverRecorded sends one of them. done is false, with nothing stored,
// when the engine must save the state and send the replies one by one
// instead (a reply the channel refuses: Send says why). Errors: Conflict
// (the state changed since version), Invalid, Unavailable, and the
// channel's on delivery.
type PendingCommitter interface {
	Delivers(ch guichet.Channel) bool
	CommitPending(ctx context.Context, conv guichet.ConversationID, rs []guichet.Reply, state []byte, version int64) (saved int64, created []guichet.Event, done bool, err error)
	DeliverRecorded(ctx context.Context, conv guichet.ConversationID, ev guichet.Event) error
}

// Deps are the engine's collaborators. Humans may be nil (guichet ask,
// guichet chat): the bot then gives the phone numbers instead of a ticket.
type Deps struct {
	Matcher  func() *match.Matcher // the matcher of the live KB snapshot
	States   store.States
	Recorder Recorder
	// RecordLoader, when set, records messages instead of Recorder and
	// gives the state with them. It must use the store of Recorder and
	// States.
	RecordLoader StateRecorder
	// Sender sends replies; when it is also a Committer, replies that need
	// no hand-off are recorded with the state in one step, and when it is
	// a PendingCommitter, replies a channel delivers itself are recorded
	// with the state that holds them pending in one step.
	Sender guichet.Sender
	Humans Humans
	// Ratings checks rating payloads; nil: every rating is refused.
	Ratings Ratings
	// Facts receives the quality records (nil: none are kept).
	Facts quality.Recorder
	// AskFeedback adds "Cette réponse vous a-t-elle aidé ?" to answers.
	AskFeedback bool
	Log         *slog.Logger
	Metrics     prometheus.Registerer // nil: no metrics
	Now         func() time.Time
}

// Engine is the conversation engine. It implements guichet.Handler.
type Engine struct {
	cfg     config.Bot
	matcher func() *match.Matcher
	states  store.States
	rec     Recorder
	recLoad StateRecorder // nil: rec, then a load
	send    guichet.Sender
	commit  Committer        // nil: every reply goes through send
	pending PendingCommitter // nil: a pending decision is saved, then its replies sent
	humans  Humans
	ratings Ratings
	facts   quality.Recorder
	log     *slog.Logger
	// askFeedback mirrors Deps.AskFeedback.
	askFeedback bool
	now         func() time.Time
	metrics     *metrics
	// structs caches what the bot derives from the KB's decision trees.
	structs structureCache
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
	commit, _ := d.Sender.(Committer)
	pending, _ := d.Sender.(PendingCommitter)
	facetClassifier() // trained now, never on a message's path
	return &Engine{cfg: cfg, matcher: d.Matcher, states: d.States, rec: d.Recorder, recLoad: d.RecordLoader, send: d.Sender, commit: commit, pending: pending,
		humans: d.Humans, ratings: d.Ratings, facts: d.Facts, askFeedback: d.AskFeedback, log: d.Log, now: d.Now, metrics: newMetrics(d.Metrics)}
}

// maxConflicts bounds the retries when instances race on one conversation.
const maxConflicts = 20

// backoff waits a little, more after each conflict, with jitter so that
// racing writers spread out instead of colliding again.
func backoff(ctx context.Context, attempt int) {
	if attempt == 0 {
		return
	}
	d := time.Duration(rand.Int64N(int64(min(attempt, 10)) * int64(time.Millisecond)))
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}

// Handle records m, and answers it unless a human owns the conversation.
// A message already recorded is a redelivery: see redelivered.
func (e *Engine) Handle(ctx context.Context, m guichet.Message) error {
	const op = "bot: handle"
	start := e.now()
	ev := guichet.Event{ID: m.ID, Role: guichet.RoleUser, Text: m.Text, Time: m.Time}
	if ev.ID == "" {
		return guichet.Errorf(guichet.Invalid, op, "message has no id")
	}
	recorded, created, known, err := e.recordMessage(ctx, m.Conversation, ev)
	if err != nil {
		return guichet.E(guichet.KindOf(err), op, err)
	}
	if created {
		err = e.process(ctx, m, ev, start, known)
	} else {
		err = e.redelivered(ctx, m, recorded, start, known)
	}
	return guichet.E(guichet.KindOf(err), op, err)
}

// recordMessage records ev and, with a RecordLoader, returns the state
// read in the same step (nil without: decide loads it).
func (e *Engine) recordMessage(ctx context.Context, conv guichet.ConversationID, ev guichet.Event) (guichet.Event, bool, *savedState, error) {
	if e.recLoad == nil {
		stored, created, err := e.rec.Record(ctx, conv, ev)
		return stored, created, nil, err
	}
	stored, created, data, version, err := e.recLoad.RecordLoad(ctx, conv, ev)
	if err != nil {
		return guichet.Event{}, false, nil, err
	}
	st, ok := e.decodeOK(conv, data)
	return stored, created, &savedState{st: st, version: version, unreadable: !ok}, nil
}

// process passes a recorded message to the human who owns the
// conversation, or decides on it and carries the decision out, starting
// from known, the state read when the message was recorded (nil: load it).
func (e *Engine) process(ctx context.Context, m guichet.Message, ev guichet.Event, start time.Time, known *savedState) error {
	if e.humans != nil && !known.unescalated() {
		if taken, err := e.humans.Take(ctx, m.Conversation, ev); err != nil || taken {
			e.metrics.message(m.Conversation.Channel(), "human")
			return err
		}
	}
	ratingAsked, err := e.ratingAsked(ctx, m)
	if err != nil {
		return err
	}
	d, err := e.decideAndSave(ctx, m, ratingAsked, known)
	if err != nil || d == nil {
		return err
	}
	e.metrics.decided(m.Conversation.Channel(), d.kind, e.now().Sub(start))
	if d.rest == nil {
		return nil
	}
	return e.carryOut(ctx, m.Conversation, d.rest, d.saved, d.recorded)
}

// outcome is what decideAndSave did about a message.
type outcome struct {
	kind string
	// rest is the decision still to carry out, saved as pending in saved;
	// nil when the replies were committed with the state.
	rest  *Pending
	saved *savedState
	// recorded are rest's replies that were recorded with it, by id: they
	// are delivered, not sent (nil: none was).
	recorded map[string]guichet.Event
}

// decideAndSave decides on the latest state and saves it, deciding again
// if another instance saved meanwhile. A decision that hands nothing off
// is committed with its replies when the channel allows (see Committer);
// otherwise the state is saved with the decision pending, to carry out.
// A nil result means the bot stays quiet (muted, or decided already).
// The first attempt starts from known when it is not nil: if the state
// changed since, the write fails with a conflict and the next attempt
// loads it.
func (e *Engine) decideAndSave(ctx context.Context, m guichet.Message, ratingAsked bool, known *savedState) (*outcome, error) {
	rateChecked := map[string]bool{}
	for attempt := range maxConflicts {
		backoff(ctx, attempt)
		st, version, err := e.loadUnless(ctx, m.Conversation, attempt, known)
		if err != nil {
			return nil, err
		}
		if st.decidedOn(m.ID) {
			// Another instance decided on this message meanwhile (a
			// takeover while the first was still at it): one answer only.
			return nil, nil
		}
		if e.now().Before(st.MutedUntil) {
			return nil, nil
		}
		rateable, err := e.rateable(ctx, m, st.Escalated, rateChecked)
		if err != nil {
			return nil, err
		}
		d, err := e.decide(&st, m, ratingAsked, rateable)
		if err != nil {
			return nil, err
		}
		if version == 0 {
			d.Facts = append(d.Facts, quality.Fact{Kind: quality.KindConversation, Time: e.now(),
				Channel: m.Conversation.Channel(), Conversation: m.Conversation})
		}
		facts, incident := holdIncident(d.Facts, d.Escalation)
		st.Pending = &Pending{Message: m.ID, Replies: d.Replies, Escalation: d.Escalation, Incident: incident}
		st.decided(m.ID)
		for i := range st.Pending.Replies {
			// Deterministic ids: sending again after a crash records nothing twice.
			st.Pending.Replies[i].ID = m.ID + "/r" + strconv.Itoa(i)
		}
		out, err := e.write(ctx, m.Conversation, st, version, d.Kind)
		if guichet.Is(err, guichet.Conflict) {
			continue
		} else if err != nil {
			return nil, err
		}
		e.record(ctx, facts)
		return out, nil
	}
	return nil, guichet.Errorf(guichet.Conflict, "bot: save state", "conversation changed %d times meanwhile", maxConflicts)
}

// write stores st, decided with its decision pending: committed with its
// replies when it can be, else saved for carryOut, with its replies when
// the channel delivers them itself.
func (e *Engine) write(ctx context.Context, conv guichet.ConversationID, st State, version int64, kind string) (*outcome, error) {
	if e.pending != nil && e.pending.Delivers(conv.Channel()) {
		if out, err := e.commitPending(ctx, conv, st, version, kind); err != nil || out != nil {
			return out, err
		}
	} else if done, err := e.commitReplies(ctx, conv, st, version); err != nil || done {
		return &outcome{kind: kind}, err
	}
	v, err := e.save(ctx, conv, st, version)
	return &outcome{kind: kind, rest: st.Pending, saved: &savedState{st: st, version: v}}, err
}

// commitPending records the pending replies of st and st with them still
// pending in one step, when the channel delivers replies itself: one
// write where saving the state, recording each reply as it is sent and
// clearing the decision took two and one per reply. nil when st must be
// saved on its own instead.
func (e *Engine) commitPending(ctx context.Context, conv guichet.ConversationID, st State, version int64, kind string) (*outcome, error) {
	data, err := encodeState(withoutMeta(st))
	if err != nil {
		return nil, err
	}
	v, created, done, err := e.pending.CommitPending(ctx, conv, st.Pending.Replies, data, version)
	if err != nil || !done {
		return nil, err
	}
	recorded := make(map[string]guichet.Event, len(created))
	for _, ev := range created {
		recorded[ev.ID] = ev
	}
	return &outcome{kind: kind, rest: st.Pending, saved: &savedState{st: st, version: v}, recorded: recorded}, nil
}

// withoutMeta is st with its pending replies stripped of their Meta (the
// decision's candidates and confidence, for the transcript and the
// console): they are recorded with it, and the decision stays in the
// state until the next one, so it need not carry them. A redelivery sends
// the replies as recorded.
func withoutMeta(st State) State {
	p := *st.Pending
	p.Replies = slices.Clone(p.Replies)
	for i := range p.Replies {
		p.Replies[i].Meta = nil
	}
	st.Pending = &p
	return st
}

// commitReplies records the pending replies of st and st without them in
// one step, when the decision hands nothing off and the channel allows it.
// done is false when st must be saved with its decision pending instead.
func (e *Engine) commitReplies(ctx context.Context, conv guichet.ConversationID, st State, version int64) (bool, error) {
	p := st.Pending
	if e.commit == nil || p.Escalation != nil {
		return false, nil
	}
	st.Pending = nil
	data, err := encodeState(st)
	if err != nil {
		return false, err
	}
	_, done, err := e.commit.Commit(ctx, conv, p.Replies, data, version)
	return done, err
}

// holdIncident takes the incident report out of a decision's facts when
// the decision escalates: it is recorded once the hand-off names the
// ticket, so that the report points at it.
func holdIncident(facts []quality.Fact, esc *guichet.Escalation) ([]quality.Fact, *quality.Fact) {
	if esc == nil {
		return facts, nil
	}
	for i, f := range facts {
		if f.Kind == quality.KindIncident {
			return slices.Delete(slices.Clone(facts), i, i+1), &f
		}
	}
	return facts, nil
}

// ratingAsked asks the hand-off whether m's rating payload, if it carries
// one, rates a ticket of this conversation that asked for it: a forged
// payload counts for nothing.
func (e *Engine) ratingAsked(ctx context.Context, m guichet.Message) (bool, error) {
	ticket, ok := RatingTicket(m.Payload)
	if !ok || e.ratings == nil {
		return false, nil
	}
	return e.ratings.RatingAsked(ctx, m.Conversation, ticket)
}

// batchRecorder is a quality.Recorder that records several facts in one
// step (quality.Redis: one round trip for a new conversation's first
// answer and its conversation fact).
type batchRecorder interface {
	RecordAll(ctx context.Context, fs []quality.Fact) error
}

// record keeps the decision's quality facts. They serve the agency's
// statistics, not the conversation: a failure is logged, not returned.
func (e *Engine) record(ctx context.Context, facts []quality.Fact) {
	if e.facts == nil || len(facts) == 0 {
		return
	}
	if b, ok := e.facts.(batchRecorder); ok && len(facts) > 1 {
		if err := b.RecordAll(ctx, facts); err != nil {
			e.log.Warn("bot: quality records lost", "facts", len(facts), "err", err)
		}
		return
	}
	for _, f := range facts {
		if err := e.facts.Record(ctx, f); err != nil {
			e.log.Warn("bot: quality record lost", "kind", f.Kind, "err", err)
		}
	}
}

// undecidedWindow is how long after it was first recorded a message the
// bot never decided on is still decided on when a client sends it again.
// A client's retries come within seconds; a message sent again much later
// was answered long ago or no longer expects an answer. A message the
// channel redelivers after a crash (Message.Redelivered) is decided on
// whatever its age: its first delivery was acknowledged, and nothing else
// will ever answer it.
const undecidedWindow = 2 * time.Minute

// redelivered handles a message already recorded. If the bot had not
// finished answering it (the process died, a send failed), the rest is
// sent. If it never decided on it (the process died, or the state could
// not be saved, between recording and deciding), it decides now: the
// message was recorded, so without this it would never be answered, and a
// hand-off request would be lost. A message decided on is never decided
// on again: one question, one answer.
func (e *Engine) redelivered(ctx context.Context, m guichet.Message, recorded guichet.Event, start time.Time, known *savedState) error {
	st, version, err := e.loadUnless(ctx, m.Conversation, 0, known)
	if err != nil {
		return err
	}
	switch {
	case st.Pending != nil && st.Pending.Message == m.ID:
		e.log.Info("bot: carrying out a pending decision again; replies that left are not sent again", "channel", m.Conversation.Channel())
		return e.carryOut(ctx, m.Conversation, st.Pending, &savedState{st: st, version: version}, nil)
	case st.decidedOn(m.ID):
		return nil
	case !m.Redelivered && e.now().Sub(recorded.Time) > undecidedWindow:
		return nil
	}
	e.log.Info("bot: deciding on a message recorded but never decided", "channel", m.Conversation.Channel())
	return e.process(ctx, m, recorded, start, known)
}

// carryOut sends the replies, hands off if decided, then clears the
// pending decision, starting from saved, the state as last saved or loaded
// (nil: load it), so that a message costs one load. The replies in
// recorded were recorded with the decision (commitPending) and are only
// delivered. A decision so recorded that hands nothing off is not
// cleared: it stays in the state, done, until the next decision takes its
// place (see State.Pending), which spares a write per message.
func (e *Engine) carryOut(ctx context.Context, conv guichet.ConversationID, p *Pending, saved *savedState, recorded map[string]guichet.Event) error {
	var ticket string
	for _, r := range p.Replies {
		if err := e.sendReply(ctx, conv, r, recorded); err != nil {
			return err
		}
	}
	if p.Escalation == nil && recorded != nil {
		return nil
	}
	if esc := p.Escalation; esc != nil {
		e.metrics.handoff(conv.Channel(), string(esc.Reason))
		// Without humans the decision already said so (escalate): no
		// ticket to open.
		if e.humans != nil {
			opened, err := e.humans.Escalate(ctx, *esc)
			if err != nil {
				return err
			}
			ticket = opened.Ticket
		}
		if p.Incident != nil {
			f := *p.Incident
			f.Ticket = ticket
			e.record(ctx, []quality.Fact{f})
		}
	}
	return e.updateFrom(ctx, conv, saved, func(st *State) {
		if st.Pending != nil && st.Pending.Message == p.Message {
			st.Pending = nil
		}
		if ticket != "" {
			st.Escalated = ticket
		}
	})
}

// sendReply delivers r if it is among recorded, and sends it (records it,
// unless it was, and delivers it unless it left) otherwise.
func (e *Engine) sendReply(ctx context.Context, conv guichet.ConversationID, r guichet.Reply, recorded map[string]guichet.Event) error {
	if ev, ok := recorded[r.ID]; ok {
		return e.pending.DeliverRecorded(ctx, conv, ev)
	}
	_, err := e.send.Send(ctx, conv, r)
	return err
}

func (e *Engine) load(ctx context.Context, conv guichet.ConversationID) (State, int64, error) {
	data, version, err := e.states.LoadState(ctx, conv)
	if err != nil {
		return State{}, 0, err
	}
	return e.decode(conv, data), version, nil
}

// loadUnless is known's state on the first attempt, when known is not
// nil, and the state loaded otherwise.
func (e *Engine) loadUnless(ctx context.Context, conv guichet.ConversationID, attempt int, known *savedState) (State, int64, error) {
	if attempt == 0 && known != nil {
		return known.st, known.version, nil
	}
	return e.load(ctx, conv)
}

// decode reads a stored state; one that cannot be read starts afresh.
func (e *Engine) decode(conv guichet.ConversationID, data []byte) State {
	st, _ := e.decodeOK(conv, data)
	return st
}

// decodeOK is decode, and whether the state could be read.
func (e *Engine) decodeOK(conv guichet.ConversationID, data []byte) (State, bool) {
	st, err := decodeState(data)
	if err != nil {
		e.log.Warn("bot: unreadable state, starting afresh", "channel", conv.Channel(), "err", err)
	}
	return st, err == nil
}

// save stores st over version and returns the new version.
func (e *Engine) save(ctx context.Context, conv guichet.ConversationID, st State, version int64) (int64, error) {
	data, err := encodeState(st)
	if err != nil {
		return 0, err
	}
	return e.states.SaveState(ctx, conv, data, version)
}

// savedState is a conversation's state as this engine last saved or loaded
// it, with its version.
type savedState struct {
	st      State
	version int64
	// unreadable: st is a fresh start in place of a state that could not
	// be decoded.
	unreadable bool
}

// unescalated reports whether k, the state read with a message, shows
// that no person can own the conversation, so that the hand-off need not
// be asked: a state saved (not forgotten or evicted since), readable, and
// with no hand-off in it. Only the bot's escalation opens a ticket, and
// it is saved as pending before the ticket is opened and as Escalated
// after, which stays until the bot hears from the person again, once the
// ticket is closed for good (tickets never reopen).
func (k *savedState) unescalated() bool {
	return k != nil && k.version > 0 && !k.unreadable && k.st.Escalated == "" &&
		(k.st.Pending == nil || k.st.Pending.Escalation == nil)
}

// update applies change to the latest state, retrying on conflicts.
func (e *Engine) update(ctx context.Context, conv guichet.ConversationID, change func(*State)) error {
	return e.updateFrom(ctx, conv, nil, change)
}

// updateFrom is update starting from known, when not nil, instead of
// loading: the save fails with a conflict if the state changed meanwhile,
// and the next attempt loads it.
func (e *Engine) updateFrom(ctx context.Context, conv guichet.ConversationID, known *savedState, change func(*State)) error {
	for attempt := range maxConflicts {
		backoff(ctx, attempt)
		var st State
		var version int64
		if attempt == 0 && known != nil {
			st, version = known.st, known.version
		} else {
			var err error
			if st, version, err = e.load(ctx, conv); err != nil {
				return err
			}
		}
		change(&st)
		if _, err := e.save(ctx, conv, st, version); !guichet.Is(err, guichet.Conflict) {
			return err
		}
	}
	return guichet.Errorf(guichet.Conflict, "bot: save state", "conversation changed %d times meanwhile", maxConflicts)
}

// Mute keeps the bot quiet in conv until the given time: someone answered
// the person from elsewhere (Meta's inbox).
func (e *Engine) Mute(ctx context.Context, conv guichet.ConversationID, until time.Time) error {
	return e.update(ctx, conv, func(st *State) { st.MutedUntil, st.Options = until, nil })
}
