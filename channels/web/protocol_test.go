package web_test

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/store"
)

func TestNewConversationGetsAnswer(t *testing.T) {
	noLeaks(t)
	s := newServer(t, nil, testConfig())
	c := connect(t, s.url, "", 0)
	if !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(c.conv) {
		t.Fatalf("conversation id %q: want 128 random bits in hex", c.conv)
	}
	c.say("m1", "j'ai perdu mon permis")
	c.until("ack", c.acked("m1"))
	c.until("answer", c.hasText("Réponse: j'ai perdu mon permis"))

	if c.acks["m1"] != 1 {
		t.Errorf("ack seq = %d, want 1 (the user's message)", c.acks["m1"])
	}
	user, bot := c.shown[1], c.shown[2]
	if user.Role != "user" || user.ClientID != "m1" || user.Text != "j'ai perdu mon permis" {
		t.Errorf("event 1 = %+v, want the user's message with client_id m1", user)
	}
	if bot.Role != "bot" || len(bot.QuickReplies) != 2 {
		t.Errorf("event 2 = %+v, want the bot's answer with two quick replies", bot)
	}
	if bot.Meta["decision"] != "answer" {
		t.Errorf("meta = %v, want decision answer", bot.Meta)
	}
	for _, secret := range []string{"candidates", "confidence", "entry"} {
		if _, ok := bot.Meta[secret]; ok {
			t.Errorf("meta sent to the browser holds %q: %v", secret, bot.Meta)
		}
	}
}

// A phone loses its network right after sending: the message reached the
// server but the client never saw the acknowledgement. An agent writes
// meanwhile. On reconnect the client sends the message again and asks for
// what it missed: every event arrives once, and the message is recorded once.
func TestResumeAfterDroppedConnection(t *testing.T) {
	noLeaks(t)
	s := newServer(t, nil, testConfig())
	c := connect(t, s.url, "", 0)
	c.say("m1", "Bonjour")
	c.until("ack", c.acked("m1"))
	c.say("m2", "j'ai perdu mon permis")
	s.waitTranscript(t, c.conv, 4) // the message and its answer are recorded
	c.cut()
	s.agentSays(t, c.conv, "Bonjour, je suis Camille.")

	c2 := connect(t, s.url, c.conv, 2) // it saw seq 1 and 2 (Bonjour and its answer)
	c2.say("m2", "j'ai perdu mon permis")
	c2.until("ack", c2.acked("m2"))
	c2.until("agent and answer", func() bool {
		return c2.count("Bonjour, je suis Camille.") == 1 && c2.count("Réponse: j'ai perdu mon permis") == 1
	})

	got := s.transcript(t, c.conv)
	var mine int
	for _, ev := range got {
		if ev.Text == "j'ai perdu mon permis" {
			mine++
		}
	}
	if mine != 1 {
		t.Errorf("transcript holds the resent message %d times, want once", mine)
	}
	if c2.acks["m2"] != 3 {
		t.Errorf("ack of the resent message: seq %d, want 3 (its first recording)", c2.acks["m2"])
	}
	for seq := int64(3); seq <= int64(len(got)); seq++ {
		if _, ok := c2.shown[seq]; !ok {
			t.Errorf("after resume, seq %d missing; shown %v", seq, c2.texts())
		}
	}
	if _, ok := c2.shown[2]; ok {
		t.Errorf("seq 2 sent again though the client had it")
	}
}

func TestMessagesKeepTheirOrder(t *testing.T) {
	noLeaks(t)
	s := newServer(t, nil, testConfig())
	c := connect(t, s.url, "", 0)
	for i := 1; i <= 5; i++ {
		c.say(fmt.Sprintf("m%d", i), fmt.Sprintf("question %d", i))
	}
	c.until("five acks", func() bool { return len(c.acks) == 5 })
	c.until("five answers", func() bool { return len(c.shown) == 10 })
	var want []string
	for i := 1; i <= 5; i++ {
		want = append(want, fmt.Sprintf("user: question %d", i), fmt.Sprintf("bot: Réponse: question %d", i))
	}
	if got := c.texts(); !slices.Equal(got, want) {
		t.Errorf("conversation =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestDuplicateMessageRecordedOnce(t *testing.T) {
	noLeaks(t)
	s := newServer(t, nil, testConfig())
	c := connect(t, s.url, "", 0)
	c.say("same", "Bonjour")
	c.until("ack", c.acked("same"))
	delete(c.acks, "same")
	c.say("same", "Bonjour")
	c.until("second ack", c.acked("same"))
	if c.acks["same"] != 1 {
		t.Errorf("duplicate acknowledged with seq %d, want the original's 1", c.acks["same"])
	}
	if n := len(s.transcript(t, c.conv)); n != 2 {
		t.Errorf("transcript has %d events, want 2 (message and answer once)", n)
	}
}

// Two tabs of one conversation: what one sends, the other shows.
func TestTabsOfOneConversationStayInSync(t *testing.T) {
	noLeaks(t)
	s := newServer(t, nil, testConfig())
	a := connect(t, s.url, "", 0)
	a.say("m0", "bonjour")
	a.until("ack", a.acked("m0"))
	b := connect(t, s.url, a.conv, 0)
	a.say("m1", "carte grise")
	b.until("tab b sees both", func() bool {
		return b.count("carte grise") == 1 && b.count("Réponse: carte grise") == 1
	})
}

func TestAgentReplyReachesTheSocket(t *testing.T) {
	noLeaks(t)
	s := newServer(t, nil, testConfig())
	c := connect(t, s.url, "", 0)
	c.say("m1", "Je veux parler à quelqu'un")
	c.until("answer", c.hasText("Réponse: Je veux parler à quelqu'un"))
	s.agentSays(t, c.conv, "Bonjour, je suis Camille, conseillère.")
	c.until("agent", c.hasText("Bonjour, je suis Camille, conseillère."))
	if ev := c.shown[c.last]; ev.Role != "agent" || ev.Author != "Camille" {
		t.Errorf("agent event = %+v, want role agent by Camille", ev)
	}
}

// History comes back after a reload: a new socket resuming from 0.
func TestReloadReplaysHistory(t *testing.T) {
	noLeaks(t)
	s := newServer(t, nil, testConfig())
	c := connect(t, s.url, "", 0)
	c.say("m1", "passeport")
	c.until("answer", c.hasText("Réponse: passeport"))
	c.ws.Close()
	r := connect(t, s.url, c.conv, 0)
	r.until("history", func() bool { return len(r.shown) == 2 })
	if got, want := r.texts(), []string{"user: passeport", "bot: Réponse: passeport"}; !slices.Equal(got, want) {
		t.Errorf("history = %v, want %v", got, want)
	}
}

// A client whose last sequence number does not exist (the conversation
// expired) is told to drop what it shows.
func TestResumeFromUnknownPointResets(t *testing.T) {
	noLeaks(t)
	s := newServer(t, nil, testConfig())
	first := connect(t, s.url, "", 0)
	first.say("m1", "passeport")
	first.until("answer", first.hasText("Réponse: passeport"))
	c, _, err := dial(t, s.url, nil)
	if err != nil {
		t.Fatal(err)
	}
	c.send(map[string]any{"type": "hello", "conversation": first.conv, "after": 7})
	if w := c.next(); w.Type != "welcome" || !w.Reset || !w.Resumed || w.Conversation != first.conv {
		t.Errorf("welcome = %s, want %s resumed with reset", w.raw, first.conv)
	}
}

// An id the server never issued (here 32 zeros) is not resumed: the
// client gets a new conversation with a new id.
func TestUnissuedConversationIDStartsANewConversation(t *testing.T) {
	noLeaks(t)
	s := newServer(t, nil, testConfig())
	for range 2 {
		c, _, err := dial(t, s.url, nil)
		if err != nil {
			t.Fatal(err)
		}
		zeros := strings.Repeat("0", 32)
		c.send(map[string]any{"type": "hello", "conversation": zeros, "after": 3})
		w := c.next()
		if w.Type != "welcome" || w.Resumed || w.Conversation == zeros || len(w.Conversation) != 32 {
			t.Fatalf("welcome = %s, want a new conversation with a new id", w.raw)
		}
	}
}

func TestShutdownFinishesInFlightMessage(t *testing.T) {
	noLeaks(t)
	s := newServer(t, nil, testConfig())
	gate := make(chan struct{})
	s.bot.setGate(gate)
	c := connect(t, s.url, "", 0)
	c.say("m1", "dernier message")
	c.until("user event recorded", c.hasText("dernier message"))
	done := make(chan error, 1)
	go func() { done <- s.ch.Shutdown(t.Context()) }()
	close(gate)
	c.until("answer before close", c.hasText("Réponse: dernier message"))
	c.until("ack before close", c.acked("m1"))
	if code := c.closeCode(); code != 1001 {
		t.Errorf("close code %d, want 1001 going away", code)
	}
	if err := <-done; err != nil {
		t.Errorf("shutdown: %v", err)
	}
	if _, resp, err := dial(t, s.url, nil); err == nil || resp == nil || resp.StatusCode != 503 {
		t.Errorf("connecting after shutdown: %v, want 503", err)
	}
}

// The bus may lose notices; a resync notice makes every connection look at
// its transcript again.
func TestResyncNoticeCatchesUp(t *testing.T) {
	lossy, s, c := lossyConversation(t)
	c.say("m1", "Bonjour")
	c.until("answer", c.hasText("Réponse: Bonjour"))
	conv := guichet.NewConversationID(guichet.ChannelWeb, c.conv)
	ctx := context.Background()
	lossy.drop.Store(3) // the notice of the next event is lost
	if _, _, err := s.store.Append(ctx, conv, guichet.Event{ID: "silent", Role: guichet.RoleAgent, Author: "Camille", Text: "Vous êtes là ?"}); err != nil {
		t.Fatal(err)
	}
	if err := s.store.Publish(ctx, store.Notice{Topic: store.TopicResync}); err != nil {
		t.Fatal(err)
	}
	c.until("the silent event", c.hasText("Vous êtes là ?"))
}

// Events announced with their notice on this instance are written
// without reading the transcript back: here the transcript reads do not
// show them, and the client still gets them. One whose notice was lost
// still shows, with the next.
func TestNoticeEventsNeedNoRead(t *testing.T) {
	lossy, s, c := lossyConversation(t)
	c.say("m1", "Bonjour")
	c.until("first answer", c.hasText("Réponse: Bonjour"))
	c.until("first ack", c.acked("m1"))
	lossy.hideFrom.Store(3) // reads no longer see the next events
	// The question is shown before the bot answers, as with the real
	// bot, which takes longer than the question's notice.
	askWhileBotHeld(s, c)
	if c.acks["m2"] != 3 {
		t.Errorf("ack of m2: seq %d, want 3", c.acks["m2"])
	}
	lossy.hideFrom.Store(0)
	conv := guichet.NewConversationID(guichet.ChannelWeb, c.conv)
	lossy.drop.Store(5)
	if _, _, err := s.store.Append(context.Background(), conv, guichet.Event{ID: "lost", Role: guichet.RoleAgent, Author: "Camille", Text: "Notice perdue"}); err != nil {
		t.Fatal(err)
	}
	c.say("m3", "Et ensuite")
	c.until("the event whose notice was lost", c.hasText("Notice perdue"))
	c.until("third answer", c.hasText("Réponse: Et ensuite"))
}

// A question whose notice comes after the typing indicator is still
// shown while the bot works: the notice starts the writer then.
func TestLateNoticeShownBeforeAnswer(t *testing.T) {
	lossy, s, c := lossyConversation(t)
	c.say("m1", "Bonjour")
	c.until("first answer", c.hasText("Réponse: Bonjour"))
	c.until("first ack", c.acked("m1"))
	lossy.delay.Store(3) // the next question's notice comes late
	askWhileBotHeld(s, c)
}

// lossyConversation opens a widget conversation on a server whose bus is
// a lossyBus over a memory store, once the channel follows that bus.
func lossyConversation(t *testing.T) (*lossyBus, *server, *client) {
	t.Helper()
	noLeaks(t)
	mem := store.NewMemory(store.Options{})
	t.Cleanup(func() { mem.Close() })
	lossy := &lossyBus{Store: mem}
	s := newServer(t, lossy, testConfig())
	lossy.waitSubscribed(t)
	return lossy, s, connect(t, s.url, "", 0)
}

// askWhileBotHeld asks "Encore" (m2) while the bot is held, waits for the
// question to show, then lets the bot answer and waits for the answer and
// the acknowledgement.
func askWhileBotHeld(s *server, c *client) {
	gate := make(chan struct{})
	s.bot.setGate(gate)
	c.say("m2", "Encore")
	c.until("second question", c.hasText("Encore"))
	close(gate)
	c.until("second answer", c.hasText("Réponse: Encore"))
	c.until("second ack", c.acked("m2"))
}

// lossyBus loses the notice of the event whose seq is drop, delays that
// of the event whose seq is delay past the typing indicator, and hides
// from transcript reads the events from seq hideFrom on (when set), as a
// store whose reads lag would.
type lossyBus struct {
	store.Store
	drop       atomic.Int64
	delay      atomic.Int64
	hideFrom   atomic.Int64
	subscribed atomic.Int32
}

// waitSubscribed waits until the channel follows the bus: the channel
// subscribes in its own goroutine, and a test whose reads are hidden sees
// nothing its notices do not bring (on a loaded machine the first
// exchange could finish, through a transcript read, before it did).
func (l *lossyBus) waitSubscribed(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for l.subscribed.Load() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the channel never subscribed to the bus")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (l *lossyBus) Events(ctx context.Context, conv guichet.ConversationID, after int64, limit int) ([]guichet.Event, error) {
	evs, err := l.Store.Events(ctx, conv, after, limit)
	if from := l.hideFrom.Load(); from > 0 {
		evs = slices.DeleteFunc(evs, func(ev guichet.Event) bool { return ev.Seq >= from })
	}
	return evs, err
}

func (l *lossyBus) Subscribe(ctx context.Context) (<-chan store.Notice, error) {
	in, err := l.Store.Subscribe(ctx)
	if err != nil {
		return nil, err
	}
	defer l.subscribed.Add(1)
	out := make(chan store.Notice)
	go func() {
		defer close(out)
		for n := range in {
			if n.Topic == store.TopicEvent && n.Seq == l.drop.Load() {
				continue
			}
			if n.Topic == store.TopicEvent && n.Seq == l.delay.Load() {
				time.Sleep(time.Second) // the typing indicator shows after 300 ms
			}
			select {
			case out <- n:
			case <-ctx.Done():
			}
		}
	}()
	return out, nil
}

// While the bot works, the widget shows that it is typing; the indicator
// goes away with the answer.
func TestTypingIndicatorWhileHandling(t *testing.T) {
	noLeaks(t)
	s := newServer(t, nil, testConfig())
	gate := make(chan struct{})
	s.bot.setGate(gate)
	c := connect(t, s.url, "", 0)
	c.say("m1", "question difficile")
	c.until("typing on", func() bool { return len(c.typing) == 1 })
	if !c.typing[0] {
		t.Fatal("first typing frame turns the indicator off")
	}
	close(gate)
	c.until("answer", c.hasText("Réponse: question difficile"))
	c.until("typing off", func() bool { return len(c.typing) == 2 })
	if c.typing[1] {
		t.Error("second typing frame does not turn the indicator off")
	}
}

// A page loaded afresh gets the last history_limit events; a client
// resuming from a sequence number gets everything it missed.
func TestHistoryLimitOnlyTrimsFreshLoads(t *testing.T) {
	noLeaks(t)
	cfg := testConfig()
	cfg.HistoryLimit = 3
	s := newServer(t, nil, cfg)
	c := connect(t, s.url, "", 0)
	for i := 1; i <= 4; i++ {
		c.say(fmt.Sprintf("m%d", i), fmt.Sprintf("question %d", i))
		c.until("answer", c.hasText(fmt.Sprintf("Réponse: question %d", i)))
	} // 8 events
	fresh := connect(t, s.url, c.conv, 0)
	fresh.until("recent history", func() bool { return fresh.last == 8 })
	if got, want := fresh.texts(), []string{"bot: Réponse: question 3", "user: question 4", "bot: Réponse: question 4"}; !slices.Equal(got, want) {
		t.Errorf("fresh load shows %v, want the last 3 events %v", got, want)
	}
	resumed := connect(t, s.url, c.conv, 1)
	resumed.until("everything missed", func() bool { return resumed.last == 8 })
	if n := len(resumed.shown); n != 7 {
		t.Errorf("resuming after seq 1 gave %d events, want all 7 missed", n)
	}
}
