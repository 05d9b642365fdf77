package bot_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/bot"
	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/dispatch"
	"github.com/guichet/guichet/kb/match"
	"github.com/guichet/guichet/store"
)

// The real knowledge base, loaded once for the package's tests.
var matcher = sync.OnceValue(func() *match.Matcher {
	m, err := match.NewEmbedded()
	if err != nil {
		panic(err)
	}
	return m
})

// fakeHumans records escalations and can claim conversations.
type fakeHumans struct {
	mu        sync.Mutex
	escalated []guichet.Escalation
	owned     map[guichet.ConversationID]bool
	taken     []string
	rateable  map[string]guichet.ConversationID // tickets resolved with a rating asked
	hexIDs    bool                              // tickets named as the hand-off names them (32 hex digits)
}

func (h *fakeHumans) RatingAsked(_ context.Context, conv guichet.ConversationID, ticket string) (bool, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	c, ok := h.rateable[ticket]
	return ok && c == conv, nil
}

func (h *fakeHumans) Take(_ context.Context, conv guichet.ConversationID, ev guichet.Event) (bool, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.owned[conv] {
		h.taken = append(h.taken, ev.Text)
	}
	return h.owned[conv], nil
}

func (h *fakeHumans) Escalate(_ context.Context, e guichet.Escalation) (guichet.Escalated, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.escalated = append(h.escalated, e)
	if h.hexIDs {
		return guichet.Escalated{Ticket: fmt.Sprintf("%032x", len(h.escalated)), Created: true}, nil
	}
	return guichet.Escalated{Ticket: fmt.Sprintf("ticket-%d", len(h.escalated)), Created: true}, nil
}

type harness struct {
	t      *testing.T
	st     *store.Memory
	eng    *bot.Engine
	humans *fakeHumans
	conv   guichet.ConversationID
	n      int
	now    time.Time
}

func newHarness(t *testing.T) *harness {
	h := &harness{t: t, st: store.NewMemory(store.Options{}), humans: &fakeHumans{owned: map[guichet.ConversationID]bool{}},
		conv: guichet.NewConversationID(guichet.ChannelWeb, "test"), now: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)}
	t.Cleanup(func() { h.st.Close() })
	d := dispatch.New(h.st, nil)
	h.eng = bot.New(config.Default().Bot, bot.Deps{Matcher: matcher, States: h.st, Recorder: d, Sender: d,
		Humans: h.humans, Now: func() time.Time { return h.now }})
	return h
}

// say sends text (or a payload) and returns the bot's replies to it.
func (h *harness) say(text string, payload ...string) []guichet.Event {
	h.t.Helper()
	h.n++
	before := h.events()
	m := guichet.Message{ID: fmt.Sprintf("m%d", h.n), Conversation: h.conv, Text: text, Time: h.now}
	if len(payload) > 0 {
		m.Payload = payload[0]
	}
	if err := h.eng.Handle(context.Background(), m); err != nil {
		h.t.Fatalf("Handle(%q): %v", text, err)
	}
	var out []guichet.Event
	for _, ev := range h.events()[len(before):] {
		if ev.Role != guichet.RoleUser {
			out = append(out, ev)
		}
	}
	return out
}

func (h *harness) events() []guichet.Event {
	evs, err := h.st.Events(context.Background(), h.conv, 0, 1000)
	if err != nil {
		h.t.Fatal(err)
	}
	return evs
}

func entryOf(evs []guichet.Event) string {
	for _, ev := range evs {
		if ev.Meta != nil && ev.Meta.Entry != "" {
			return ev.Meta.Entry
		}
	}
	return ""
}

// firstOption is the entry answered, or else the first one offered.
func firstOption(evs []guichet.Event) string {
	if e := entryOf(evs); e != "" {
		return e
	}
	for _, ev := range evs {
		for _, q := range ev.QuickReplies {
			if id, ok := strings.CutPrefix(q.Payload, guichet.PayloadEntryPrefix); ok {
				return id
			}
		}
	}
	return ""
}

func decisionOf(evs []guichet.Event) string {
	if len(evs) == 0 || evs[0].Meta == nil {
		return ""
	}
	return evs[0].Meta.Decision
}

func TestAnswerIsRecordedWithQuickReplies(t *testing.T) {
	h := newHarness(t)
	replies := h.say("j'ai perdu mon permis de conduire")
	if len(replies) != 1 || entryOf(replies) != "permis.perte" || decisionOf(replies) != bot.DecisionAnswer {
		t.Fatalf("replies = %+v, want one answer from permis.perte", replies)
	}
	if !strings.Contains(replies[0].Text, "25 €") || len(replies[0].QuickReplies) == 0 {
		t.Errorf("answer lacks the tax stamp or quick replies: %+v", replies[0])
	}
	evs := h.events()
	if len(evs) != 2 || evs[0].Role != guichet.RoleUser || evs[0].Seq != 1 || evs[1].Seq != 2 {
		t.Errorf("transcript = %+v, want the question then the answer", evs)
	}
}

func TestDuplicateMessageIsAnsweredOnce(t *testing.T) {
	h := newHarness(t)
	m := guichet.Message{ID: "same", Conversation: h.conv, Text: "carte grise perdue", Time: h.now}
	for range 3 {
		if err := h.eng.Handle(context.Background(), m); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(h.events()); n != 2 {
		t.Fatalf("transcript has %d events after 3 deliveries of one message, want 2", n)
	}
}

func TestClarifyThenPickByNumberOrLabel(t *testing.T) {
	h := newHarness(t)
	replies := h.say("changement adresse") // names no document: which one?
	if decisionOf(replies) != bot.DecisionClarify {
		t.Fatalf("%q should be clarified (the document is not named), got %s %s", "changement adresse", decisionOf(replies), entryOf(replies))
	}
	qr := replies[0].QuickReplies
	if len(qr) < 3 || qr[len(qr)-1].Payload != guichet.PayloadHandoff || qr[len(qr)-2].Payload != guichet.PayloadOther {
		t.Fatalf("clarify quick replies = %+v, want entries then Autre question and Parler à un conseiller", qr)
	}
	want := strings.TrimPrefix(qr[0].Payload, guichet.PayloadEntryPrefix)
	if got := entryOf(h.say("1")); got != want {
		t.Errorf("picking 1 answered %q, want %q", got, want)
	}
	replies = h.say("changement adresse")
	label := replies[0].QuickReplies[1]
	want = strings.TrimPrefix(label.Payload, guichet.PayloadEntryPrefix)
	if got := entryOf(h.say(strings.ToUpper(label.Title))); got != want {
		t.Errorf("typing the label %q answered %q, want %q", label.Title, got, want)
	}
}

// "non" to "Vouliez-vous dire : …" refuses the options: the bot asks the
// question again, and does not read "non" as a follow-up on the earlier
// topic.
func TestNoToAClarificationRefusesItsOptions(t *testing.T) {
	h := newHarness(t)
	replies := h.say("changement adresse") // names no document: which one?
	if decisionOf(replies) != bot.DecisionClarify {
		t.Fatalf("%q should be clarified (the document is not named), got %s %s", "changement adresse", decisionOf(replies), entryOf(replies))
	}
	got := h.say("non")
	if len(got) == 0 || !strings.Contains(got[0].Text, "posez votre question") || entryOf(got) != "" {
		t.Errorf("'non' to a clarification got %+v, want the question asked again", got)
	}
}

func TestFollowUpUsesTheCurrentTopic(t *testing.T) {
	h := newHarness(t)
	h.say("j'ai perdu mon permis de conduire")
	if got := entryOf(h.say("et si c'est volé ?")); got != "permis.vol" {
		t.Errorf("follow-up after the lost licence answered %q, want permis.vol", got)
	}
	h.now = h.now.Add(2 * time.Hour) // the topic has gone stale
	h.say("je veux changer l'adresse sur ma carte grise")
	if got := firstOption(h.say("et si c'est volé ?")); got != "civ.duplicata" {
		t.Errorf("follow-up after a registration question went to %q, want civ.duplicata (answered or offered first)", got)
	}
}

func TestDecisionTreeChoices(t *testing.T) {
	h := newHarness(t)
	replies := h.say("", guichet.PayloadEntryPrefix+"permis.refaire")
	if len(replies) != 1 || len(replies[0].QuickReplies) < 2 {
		t.Fatalf("permis.refaire should offer its choices, got %+v", replies)
	}
	// A root that leads to other entries answers nothing yet: it is a
	// clarification, and says so to metrics and eval.
	if m := replies[0].Meta; m == nil || m.Decision != bot.DecisionClarify {
		t.Errorf("a decision tree's root should be a clarify decision, got %+v", m)
	}
	for _, q := range replies[0].QuickReplies {
		if !strings.HasPrefix(q.Payload, guichet.PayloadChoicePrefix) && q.Payload != guichet.PayloadHandoff {
			t.Errorf("choice %q has payload %q", q.Title, q.Payload)
		}
	}
	pick := replies[0].QuickReplies[0]
	next := h.say(pick.Title, pick.Payload)
	if len(next) == 0 || next[0].Meta == nil || next[0].Meta.Decision != bot.DecisionAnswer {
		t.Errorf("choosing %q gave %+v", pick.Title, next)
	}
	if got := h.say("", guichet.PayloadChoicePrefix+"permis.refaire/99"); len(got) == 0 {
		t.Errorf("a stale choice payload must still get a reply")
	}
}

func TestExplicitRequestHandsOff(t *testing.T) {
	h := newHarness(t)
	h.say("j'ai perdu mon permis de conduire")
	replies := h.say("je veux parler à un conseiller")
	if decisionOf(replies) != bot.DecisionHandoff {
		t.Fatalf("got %+v, want a hand-off", replies)
	}
	if len(h.humans.escalated) != 1 {
		t.Fatalf("escalations = %d, want 1", len(h.humans.escalated))
	}
	e := h.humans.escalated[0]
	if e.Reason != "explicit_request" || e.Conversation != h.conv || e.LastEntry != "permis.perte" {
		t.Errorf("escalation = %+v", e)
	}
}

func TestTwoLowConfidenceTurnsHandOff(t *testing.T) {
	h := newHarness(t)
	// Words no entry knows, not even the out-of-scope ones.
	if d := decisionOf(h.say("blorf quizzle wumpus")); d != bot.DecisionFallback {
		t.Fatalf("first out-of-scope message: decision %q, want fallback", d)
	}
	if len(h.humans.escalated) != 0 {
		t.Fatal("escalated after one low-confidence turn")
	}
	h.say("zorglub frobnique")
	if len(h.humans.escalated) != 1 {
		t.Fatalf("escalations after two low-confidence turns = %d, want 1", len(h.humans.escalated))
	}
	if r := h.humans.escalated[0].Reason; r != "repeated_fallback" && r != "low_confidence" {
		t.Errorf("reason = %q", r)
	}
}

func TestHumanOwnsTheConversation(t *testing.T) {
	h := newHarness(t)
	h.humans.owned[h.conv] = true
	if replies := h.say("j'ai perdu mon permis"); len(replies) != 0 {
		t.Fatalf("the bot answered while a human owns the conversation: %+v", replies)
	}
	if len(h.humans.taken) != 1 || len(h.events()) != 1 {
		t.Errorf("the message must be recorded and passed to the human: taken %v, events %d", h.humans.taken, len(h.events()))
	}
}

func TestMute(t *testing.T) {
	h := newHarness(t)
	if err := h.eng.Mute(context.Background(), h.conv, h.now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if replies := h.say("bonjour"); len(replies) != 0 {
		t.Fatalf("muted bot answered %+v", replies)
	}
	h.now = h.now.Add(2 * time.Hour)
	if replies := h.say("bonjour"); len(replies) == 0 {
		t.Fatal("bot still quiet after the mute expired")
	}
}

func TestOddInputGetsASensibleReply(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{"empty", "", "Je n'ai pas reçu de texte"},
		{"spaces", "   \n\t ", "Je n'ai pas reçu de texte"},
		{"emoji", "😀😀🙏", "Je n'ai pas reçu de texte"},
		{"too long", strings.Repeat("permis ", 2000), "trop long"},
		{"invalid utf-8", "permis \xff\xfe perdu", ""},
		{"html", "<script>alert('x')</script> permis perdu", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			replies := h.say(tt.text)
			if len(replies) == 0 {
				t.Fatal("no reply")
			}
			if !strings.Contains(replies[0].Text, tt.want) {
				t.Errorf("reply %q does not contain %q", replies[0].Text, tt.want)
			}
		})
	}
}

func TestAttachmentOnly(t *testing.T) {
	h := newHarness(t)
	h.n++
	m := guichet.Message{ID: "att", Conversation: h.conv, Attachments: 1, Time: h.now}
	if err := h.eng.Handle(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	evs := h.events()
	if len(evs) != 2 || !strings.Contains(evs[1].Text, "pièces jointes") {
		t.Fatalf("attachment reply = %+v", evs)
	}
}

// Messages of one conversation handled at once (two instances, two
// workers) each get an answer, and the state is never torn.
func TestConcurrentMessagesOfOneConversation(t *testing.T) {
	h := newHarness(t)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m := guichet.Message{ID: fmt.Sprintf("c%d", i), Conversation: h.conv, Text: "carte grise perdue", Time: h.now}
			if err := h.eng.Handle(context.Background(), m); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if n := len(h.events()); n != 16 {
		t.Errorf("transcript has %d events, want 8 questions and 8 answers", n)
	}
}

// failingSender fails its first n sends, as a transport outage or a crash
// between recording the question and answering it would.
type failingSender struct {
	next  guichet.Sender
	fails int
}

func (f *failingSender) Send(ctx context.Context, conv guichet.ConversationID, r guichet.Reply) (guichet.Event, error) {
	if f.fails > 0 {
		f.fails--
		return guichet.Event{}, guichet.Errorf(guichet.Unavailable, "test", "transport down")
	}
	return f.next.Send(ctx, conv, r)
}

// A message whose answer was interrupted is answered when it is delivered
// again, and a message fully answered is not answered twice.
func TestRedeliveryFinishesAnInterruptedAnswer(t *testing.T) {
	h := newHarness(t)
	d := dispatch.New(h.st, nil)
	fs := &failingSender{next: d, fails: 1}
	eng := bot.New(config.Default().Bot, bot.Deps{Matcher: matcher, States: h.st, Recorder: d, Sender: fs,
		Humans: h.humans, Now: func() time.Time { return h.now }})
	m := guichet.Message{ID: "mid.1", Conversation: h.conv, Text: "j'ai perdu mon permis de conduire", Time: h.now}
	if err := eng.Handle(context.Background(), m); !guichet.Is(err, guichet.Unavailable) {
		t.Fatalf("first delivery: err = %v, want the transport's Unavailable", err)
	}
	if n := len(h.events()); n != 1 {
		t.Fatalf("after the failure the transcript has %d events, want the question only", n)
	}
	for range 2 { // Meta retries; the second retry finds nothing left to do
		if err := eng.Handle(context.Background(), m); err != nil {
			t.Fatal(err)
		}
	}
	evs := h.events()
	if len(evs) != 2 || evs[1].Meta == nil || evs[1].Meta.Entry != "permis.perte" {
		t.Fatalf("transcript after redelivery = %+v, want the question and one answer", evs)
	}
}

// failingStore fails its first n state writes (saves and commits), as a
// store outage or a crash between recording the question and deciding on
// it would.
type failingStore struct {
	store.Store
	fails int
}

func (f *failingStore) fail() bool {
	if f.fails > 0 {
		f.fails--
		return true
	}
	return false
}

var errStoreDown = guichet.Errorf(guichet.Unavailable, "test", "store down")

func (f *failingStore) SaveState(ctx context.Context, conv guichet.ConversationID, data []byte, version int64) (int64, error) {
	if f.fail() {
		return 0, errStoreDown
	}
	return f.Store.SaveState(ctx, conv, data, version)
}

func (f *failingStore) Commit(ctx context.Context, conv guichet.ConversationID, evs []guichet.Event, data []byte, version int64) ([]guichet.Event, int64, error) {
	if f.fail() {
		return nil, 0, errStoreDown
	}
	return f.Store.Commit(ctx, conv, evs, data, version)
}

// failingEngine is an engine over h's store whose first state write
// fails.
func failingEngine(h *harness) *bot.Engine {
	fs := &failingStore{Store: h.st, fails: 1}
	d := dispatch.New(fs, nil)
	return bot.New(config.Default().Bot, bot.Deps{Matcher: matcher, States: fs,
		Recorder: d, Sender: d, Humans: h.humans, Now: func() time.Time { return h.now }})
}

// A message recorded but never decided on (the state could not be saved)
// is decided on when it comes again: a hand-off request is not lost, and
// it is carried out once.
func TestRedeliveryDecidesOnAnUndecidedMessage(t *testing.T) {
	h := newHarness(t)
	eng := failingEngine(h)
	m := guichet.Message{ID: "h.1", Conversation: h.conv, Payload: guichet.PayloadHandoff, Time: h.now}
	if err := eng.Handle(context.Background(), m); !guichet.Is(err, guichet.Unavailable) {
		t.Fatalf("first delivery: err = %v, want the store's Unavailable", err)
	}
	if n := len(h.humans.escalated); n != 0 {
		t.Fatalf("%d escalations before the decision was saved", n)
	}
	h.now = h.now.Add(5 * time.Second)
	for range 2 {
		if err := eng.Handle(context.Background(), m); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(h.humans.escalated); n != 1 {
		t.Errorf("%d escalations after two redeliveries, want 1", n)
	}
}

// A message delivered again long after it was recorded is not decided on
// again, even if no decision about it is remembered.
func TestLateRedeliveryIsNotDecidedOn(t *testing.T) {
	h := newHarness(t)
	eng := failingEngine(h)
	m := guichet.Message{ID: "q.1", Conversation: h.conv, Text: "j'ai perdu mon permis de conduire", Time: h.now}
	if err := eng.Handle(context.Background(), m); err == nil {
		t.Fatal("first delivery succeeded despite the store failure")
	}
	h.now = h.now.Add(time.Hour)
	if err := eng.Handle(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	if n := len(h.events()); n != 1 {
		t.Errorf("transcript has %d events, want the question only", n)
	}
}

// A message the channel redelivers after a crash (Redelivered) is decided
// on whatever its age when it was recorded and never decided on: its first
// delivery was acknowledged, so nothing else will answer it. The hand-off
// it asked for happens once, however often it comes again.
func TestTakeoverDecidesOnAnOldUndecidedMessageOnce(t *testing.T) {
	h := newHarness(t)
	eng := failingEngine(h)
	m := guichet.Message{ID: "k.1", Conversation: h.conv, Text: "je veux parler à un conseiller", Time: h.now}
	if err := eng.Handle(context.Background(), m); err == nil {
		t.Fatal("first delivery succeeded despite the store failure")
	}
	h.now = h.now.Add(10 * time.Minute) // the queue was backed up, the instance died
	m.Redelivered = true
	for range 3 {
		if err := eng.Handle(context.Background(), m); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(h.humans.escalated); n != 1 {
		t.Errorf("%d escalations after the takeover, want 1", n)
	}
}

// A takeover of a message already answered answers nothing more.
func TestTakeoverOfAnAnsweredMessageSaysNothing(t *testing.T) {
	h := newHarness(t)
	d := dispatch.New(h.st, nil)
	eng := bot.New(config.Default().Bot, bot.Deps{Matcher: matcher, States: h.st, Recorder: d, Sender: d,
		Humans: h.humans, Now: func() time.Time { return h.now }})
	m := guichet.Message{ID: "k.2", Conversation: h.conv, Text: "j'ai perdu mon permis de conduire", Time: h.now}
	if err := eng.Handle(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	before := len(h.events())
	h.now = h.now.Add(10 * time.Minute)
	m.Redelivered = true
	if err := eng.Handle(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	if n := len(h.events()); n != before {
		t.Errorf("transcript grew from %d to %d events on a takeover of an answered message", before, n)
	}
}

// Small talk is answered only when the message is nothing else.
func TestSmallTalkOnlyWhenNothingElseIsSaid(t *testing.T) {
	h := newHarness(t)
	if got := entryOf(h.say("bonne nuit")); got != "smalltalk.au-revoir" {
		t.Errorf("'bonne nuit' answered %q, want the goodbye", got)
	}
	h = newHarness(t)
	// Not understood: a fallback, or a choice at most, never an answer.
	if d := decisionOf(h.say("mon voisin fait du bruit toute la nuit")); d != bot.DecisionFallback && d != bot.DecisionClarify {
		t.Errorf("a complaint about noise got decision %q, want fallback or clarify", d)
	}
}

// Every quick reply of a clarification fits a Messenger button, and no two
// of one message read the same there (issue: "[Permis de conduire…]" twice).
func TestQuickRepliesHaveDistinctShortTitles(t *testing.T) {
	h := newHarness(t)
	replies := h.say("changement adresse")
	if decisionOf(replies) != bot.DecisionClarify {
		t.Fatalf("%q should be clarified, got %s", "changement adresse", decisionOf(replies))
	}
	seen := map[string]bool{}
	for _, q := range replies[0].QuickReplies {
		title := q.Title
		if q.Short != "" {
			title = q.Short
		}
		if n := utf8.RuneCountInString(title); n > 20 {
			t.Errorf("quick reply %q: %d characters on a Messenger button", title, n)
		}
		if seen[title] {
			t.Errorf("two quick replies titled %q", title)
		}
		seen[title] = true
	}
}
