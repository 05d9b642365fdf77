package bot_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/bot"
	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/dispatch"
	"github.com/guichet/guichet/store"
)

// sentLogTransport stands for the Messenger transport: Deliver sends an
// event unless its sent log says it left, DeliverFirst sends it without
// looking, and the first fails deliveries fail as Graph being down would.
type sentLogTransport struct {
	mu      sync.Mutex
	fails   int
	sent    map[string]int // event id -> times it reached the person
	checked int            // deliveries that read the sent log
}

var _ dispatch.FirstDeliverer = (*sentLogTransport)(nil)

func (t *sentLogTransport) Deliver(_ context.Context, _ guichet.ConversationID, ev guichet.Event) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.checked++
	if t.sent[ev.ID] > 0 {
		return nil
	}
	return t.send(ev)
}

func (t *sentLogTransport) DeliverFirst(_ context.Context, _ guichet.ConversationID, ev guichet.Event) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.send(ev)
}

func (t *sentLogTransport) send(ev guichet.Event) error {
	if t.fails > 0 {
		t.fails--
		return guichet.Errorf(guichet.Unavailable, "test", "Graph API down")
	}
	t.sent[ev.ID]++
	return nil
}

// doubles lists the events sent more than once.
func (t *sentLogTransport) doubles() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []string
	for id, n := range t.sent {
		if n > 1 {
			out = append(out, id)
		}
	}
	return out
}

// messengerRig is an engine answering a Messenger conversation through a
// dispatcher and sentLogTransport, over a memory store that counts writes.
type messengerRig struct {
	st     *countingStore
	cs     *countingStates
	tr     *sentLogTransport
	humans *fakeHumans
	eng    *bot.Engine
	conv   guichet.ConversationID
	now    time.Time
}

func newMessengerRig(t *testing.T) *messengerRig {
	st := &countingStore{Memory: store.NewMemory(store.Options{})}
	t.Cleanup(func() { st.Close() })
	r := &messengerRig{st: st, cs: &countingStates{States: st}, tr: &sentLogTransport{sent: map[string]int{}},
		humans: &fakeHumans{owned: map[guichet.ConversationID]bool{}},
		conv:   guichet.NewConversationID(guichet.ChannelMessenger, "4242"), now: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)}
	d := dispatch.New(st, nil)
	d.Register(guichet.ChannelMessenger, r.tr)
	r.eng = bot.New(config.Default().Bot, bot.Deps{Matcher: matcher, States: r.cs, Recorder: d, RecordLoader: d, Sender: d,
		Humans: r.humans, Now: func() time.Time { return r.now }})
	return r
}

func (r *messengerRig) handle(t *testing.T, id, text string, redelivered bool) error {
	t.Helper()
	return r.eng.Handle(context.Background(), guichet.Message{ID: id, Conversation: r.conv, Text: text, Time: r.now, Redelivered: redelivered})
}

// replies are the ids of the bot's events in the transcript, in order.
func (r *messengerRig) replies(t *testing.T) []string {
	t.Helper()
	evs, err := r.st.Events(context.Background(), r.conv, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, ev := range evs {
		if ev.Role != guichet.RoleUser {
			ids = append(ids, ev.ID)
		}
	}
	return ids
}

// A Messenger answer is recorded with its decision in one write, then
// delivered without reading the sent log: each reply reaches the person
// once and is in the transcript once.
func TestMessengerRepliesRecordedWithTheirDecision(t *testing.T) {
	r := newMessengerRig(t)
	if err := r.handle(t, "m1", "j'ai perdu mon permis de conduire", false); err != nil {
		t.Fatal(err)
	}
	if s, c := r.cs.saves.Load(), r.st.commits.Load(); s != 0 || c != 1 {
		t.Errorf("%d saves and %d commits for an answer, want 0 and 1", s, c)
	}
	if got := r.replies(t); !slices.Equal(got, []string{"m1/r0"}) || r.tr.sent["m1/r0"] != 1 || r.tr.checked != 0 {
		t.Errorf("transcript replies %v, sent %v, %d sent-log reads; want m1/r0 recorded and sent once, no read", got, r.tr.sent, r.tr.checked)
	}
	evs, _ := r.st.Events(context.Background(), r.conv, 0, 10)
	data, _, _ := r.st.LoadState(context.Background(), r.conv)
	if len(evs) != 2 || evs[1].Meta == nil || evs[1].Meta.Entry != "permis.perte" || strings.Contains(string(data), "candidates") {
		t.Errorf("transcript %+v, state %s; want the answer's Meta in the transcript only", evs, data)
	}
}

// A crash (here, Graph down) between the write of the decision with its
// replies and their delivery is resumed when the message comes again: the
// replies are delivered then, once, and recorded once.
func TestMessengerDeliveryResumedAfterAFailure(t *testing.T) {
	r := newMessengerRig(t)
	r.tr.fails = 1
	if err := r.handle(t, "m1", "j'ai perdu mon permis de conduire", false); !guichet.Is(err, guichet.Unavailable) {
		t.Fatalf("first attempt: err = %v, want the transport's Unavailable", err)
	}
	if got := r.replies(t); !slices.Equal(got, []string{"m1/r0"}) || len(r.tr.sent) != 0 {
		t.Fatalf("after the failure: replies recorded %v, sent %v; want m1/r0 recorded, nothing sent", got, r.tr.sent)
	}
	for range 2 { // retried in place, then taken over after a crash
		if err := r.handle(t, "m1", "j'ai perdu mon permis de conduire", true); err != nil {
			t.Fatal(err)
		}
	}
	if got := r.replies(t); !slices.Equal(got, []string{"m1/r0"}) || r.tr.sent["m1/r0"] != 1 {
		t.Errorf("after the redeliveries: replies recorded %v, sent %v; want m1/r0 once in each", got, r.tr.sent)
	}
	if evs, _ := r.st.Events(context.Background(), r.conv, 0, 10); len(evs) != 2 || evs[1].Meta == nil {
		t.Errorf("transcript %+v: want the answer as first recorded, with its Meta", evs)
	}
}

// The decision left in the state once carried out makes a redelivery of
// its message (an acknowledgement lost with the process) send nothing the
// sent log knows left, and the next message is answered as usual, its
// decision taking the place of the last.
func TestMessengerRedeliveryOfAnAnsweredMessageSendsNothingTwice(t *testing.T) {
	r := newMessengerRig(t)
	if err := r.handle(t, "m1", "j'ai perdu mon permis de conduire", false); err != nil {
		t.Fatal(err)
	}
	r.now = r.now.Add(15 * time.Second)
	if err := r.handle(t, "m1", "j'ai perdu mon permis de conduire", true); err != nil {
		t.Fatal(err)
	}
	if d := r.tr.doubles(); len(d) != 0 || r.tr.checked == 0 {
		t.Errorf("sent twice: %v (%d sent-log reads); want nothing, the log read", d, r.tr.checked)
	}
	if err := r.handle(t, "m2", "et combien ça coûte ?", false); err != nil {
		t.Fatal(err)
	}
	if got := r.replies(t); !slices.Equal(got, []string{"m1/r0", "m2/r0"}) || len(r.tr.doubles()) != 0 {
		t.Errorf("replies recorded %v, sent %v; want m1/r0 then m2/r0, each sent once", got, r.tr.sent)
	}
	data, _, _ := r.st.LoadState(context.Background(), r.conv)
	if !strings.Contains(string(data), `"message":"m2"`) || strings.Contains(string(data), `"message":"m1"`) {
		t.Errorf("state after m2 holds %s; want m2's decision in place of m1's", data)
	}
}

// A hand-off decided on Messenger is recorded with its replies in one
// write too, then the ticket opened and the decision cleared with it; a
// redelivery opens no second ticket and sends nothing twice.
func TestMessengerHandoffRecordedWithItsReplies(t *testing.T) {
	r := newMessengerRig(t)
	if err := r.handle(t, "h1", "je veux parler à un conseiller", false); err != nil {
		t.Fatal(err)
	}
	if s, c := r.cs.saves.Load(), r.st.commits.Load(); s != 1 || c != 1 {
		t.Errorf("%d saves and %d commits for a hand-off, want 1 (the ticket, the decision cleared) and 1", s, c)
	}
	if err := r.handle(t, "h1", "je veux parler à un conseiller", true); err != nil {
		t.Fatal(err)
	}
	if n := len(r.humans.escalated); n != 1 {
		t.Errorf("%d escalations, want 1", n)
	}
	if got := r.replies(t); len(got) == 0 || len(r.tr.doubles()) != 0 || len(r.tr.sent) != len(got) {
		t.Errorf("replies recorded %v, sent %v; want each recorded reply sent once", got, r.tr.sent)
	}
	data, _, _ := r.st.LoadState(context.Background(), r.conv)
	if strings.Contains(string(data), `"p":{`) {
		t.Errorf("the hand-off's decision is still pending: %s", data)
	}
}

// A Messenger state read with the message that another instance saved
// over before the decision is written: the write of the decision with its
// replies is refused as a whole, the decision made again on the state
// loaded afresh, and the answer recorded and sent once.
func TestMessengerStaleStateDecidedAgain(t *testing.T) {
	r := newMessengerRig(t)
	d := dispatch.New(r.st, nil)
	d.Register(guichet.ChannelMessenger, r.tr)
	r.eng = bot.New(config.Default().Bot, bot.Deps{Matcher: matcher, States: r.cs, Recorder: d,
		RecordLoader: racingRecorder{Dispatcher: d, st: r.st}, Sender: d, Humans: r.humans, Now: func() time.Time { return r.now }})
	if err := r.handle(t, "m1", "j'ai perdu mon permis de conduire", false); err != nil {
		t.Fatal(err)
	}
	if l, c := r.cs.loads.Load(), r.st.commits.Load(); l != 1 || c != 2 {
		t.Errorf("%d loads, %d commits; want 1 load after the conflict, 2 commits (the stale one refused)", l, c)
	}
	if got := r.replies(t); !slices.Equal(got, []string{"m1/r0"}) || r.tr.sent["m1/r0"] != 1 || len(r.tr.sent) != 1 {
		t.Errorf("replies recorded %v, sent %v; want m1/r0 once in each", got, r.tr.sent)
	}
}
