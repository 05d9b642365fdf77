package web_test

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/channels/web"
	"github.com/guichet/guichet/store"
)

// notices records what the widget publishes.
type notices struct {
	mu   sync.Mutex
	list []store.Notice
}

func (n *notices) Publish(_ context.Context, x store.Notice) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.list = append(n.list, x)
	return nil
}

// typing returns the typing notices published so far, as on/off.
func (n *notices) typing(t *testing.T, conv guichet.ConversationID) []bool {
	t.Helper()
	n.mu.Lock()
	defer n.mu.Unlock()
	var out []bool
	for _, x := range n.list {
		var tn store.TypingNotice
		if x.Topic != store.TopicTyping || x.Conversation != conv || json.Unmarshal(x.Data, &tn) != nil {
			t.Errorf("notice %+v, want a typing notice of %s", x, conv)
			continue
		}
		out = append(out, tn.On)
	}
	return out
}

// clock is a time the test moves.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// The citizen's typing reaches the agents' consoles through the bus: at
// most one notice every 2 s of one socket, "stopped" only after
// "typing", and typing frames never count as refused frames.
func TestTypingIsPublishedThrottled(t *testing.T) {
	noLeaks(t)
	bus := &notices{}
	clk := &clock{t: time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)}
	s := newServerWith(t, nil, testConfig(), func(o *web.Options) { o.Typing, o.Now = bus, clk.now })
	c := connect(t, s.url, "", 0)
	conv := guichet.NewConversationID(guichet.ChannelWeb, c.conv)
	typing := func(on bool) { c.send(map[string]any{"type": "typing", "on": on}) }
	// flush sends a message: frames are handled in order, so once it is
	// acknowledged every frame before it was.
	n := 0
	flush := func() {
		n++
		id := "m" + string(rune('0'+n))
		c.say(id, "bonjour")
		c.until("ack "+id, c.acked(id))
	}

	typing(false) // nothing shown yet: nothing to stop
	for range 5 {
		typing(true)
	}
	flush()
	if got := bus.typing(t, conv); len(got) != 1 || !got[0] {
		t.Fatalf("after five typing frames at once: notices %v, want one 'typing'", got)
	}
	clk.add(2 * time.Second)
	typing(true)
	typing(false)
	typing(false)
	flush()
	if got := bus.typing(t, conv); len(got) != 3 || !got[1] || got[2] {
		t.Fatalf("notices %v, want typing, typing 2 s later, then stopped once", got)
	}
	for range 30 { // more than a client may send refused frames
		typing(true)
	}
	flush()
	if len(c.errors) > 0 {
		t.Errorf("typing frames answered with errors: %+v", c.errors)
	}
}

// Without a bus, typing frames are accepted and dropped.
func TestTypingWithoutBus(t *testing.T) {
	s := newServer(t, nil, testConfig())
	c := connect(t, s.url, "", 0)
	for range 30 {
		c.send(map[string]any{"type": "typing", "on": true})
	}
	c.say("m1", "bonjour")
	c.until("ack", c.acked("m1"))
	if len(c.errors) > 0 {
		t.Errorf("typing frames answered with errors: %+v", c.errors)
	}
}
