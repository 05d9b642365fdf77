package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// frame decodes any server frame.
type frame struct {
	Type         string      `json:"type"`
	Conversation string      `json:"conversation"`
	Resumed      bool        `json:"resumed"`
	Reset        bool        `json:"reset"`
	MaxChars     int         `json:"max_chars"`
	Events       []wireEvent `json:"events"`
	ID           string      `json:"id"`
	Seq          int64       `json:"seq"`
	Code         string      `json:"code"`
	Message      string      `json:"message"`
	RetryAfter   int64       `json:"retry_after"`
	On           bool        `json:"on"`
	raw          string
}

type wireEvent struct {
	Seq          int64             `json:"seq"`
	ID           string            `json:"id"`
	ClientID     string            `json:"client_id"`
	Role         string            `json:"role"`
	Author       string            `json:"author"`
	Text         string            `json:"text"`
	QuickReplies []json.RawMessage `json:"quick_replies"`
	Meta         map[string]any    `json:"meta"`
}

// client speaks the protocol like widget.js does, and keeps what a widget
// would show: events by sequence number, and the acknowledged ids.
type client struct {
	t      *testing.T
	ws     *websocket.Conn
	conv   string
	shown  map[int64]wireEvent
	last   int64
	acks   map[string]int64
	errors []frame
	typing []bool
}

func dial(t *testing.T, url string, header http.Header) (*client, *http.Response, error) {
	t.Helper()
	d := websocket.Dialer{HandshakeTimeout: 5 * time.Second}
	ws, resp, err := d.Dial(url, header)
	if err != nil {
		return nil, resp, err
	}
	c := &client{t: t, ws: ws, shown: map[int64]wireEvent{}, acks: map[string]int64{}}
	t.Cleanup(func() { ws.Close() })
	return c, resp, nil
}

// connect opens a socket and says hello: a new conversation when conv is
// empty, else a resume after the last sequence number seen.
func connect(t *testing.T, url, conv string, after int64) *client {
	t.Helper()
	c, _, err := dial(t, url, nil)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	c.send(map[string]any{"type": "hello", "conversation": conv, "after": after})
	w := c.next()
	if w.Type != "welcome" {
		t.Fatalf("first frame: got %s, want welcome", w.raw)
	}
	c.conv, c.last = w.Conversation, after
	return c
}

func (c *client) send(v any) {
	c.t.Helper()
	if err := c.ws.WriteJSON(v); err != nil {
		c.t.Fatalf("write: %v", err)
	}
}

func (c *client) say(id, text string) {
	c.t.Helper()
	c.send(map[string]any{"type": "message", "id": id, "text": text})
}

// next reads one frame and records what it shows. It fails the test if
// nothing comes within a few seconds (a guard, not a timing assertion).
func (c *client) next() frame {
	c.t.Helper()
	f, err := c.read()
	if err != nil {
		c.t.Fatalf("read: %v", err)
	}
	return f
}

func (c *client) read() (frame, error) {
	c.ws.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, data, err := c.ws.ReadMessage()
	if err != nil {
		return frame{}, err
	}
	var f frame
	if err := json.Unmarshal(data, &f); err != nil {
		return frame{}, fmt.Errorf("bad frame %q: %w", data, err)
	}
	f.raw = string(data)
	c.record(f)
	return f, nil
}

func (c *client) record(f frame) {
	switch f.Type {
	case "events":
		for _, ev := range f.Events {
			if _, dup := c.shown[ev.Seq]; dup {
				c.t.Errorf("event seq %d sent twice", ev.Seq)
			}
			if ev.Seq <= c.last {
				c.t.Errorf("event seq %d after %d: out of order or already seen", ev.Seq, c.last)
			}
			c.shown[ev.Seq], c.last = ev, ev.Seq
		}
	case "ack":
		c.acks[f.ID] = f.Seq
	case "error":
		c.errors = append(c.errors, f)
	case "typing":
		c.typing = append(c.typing, f.On)
	}
}

// until reads frames until cond holds.
func (c *client) until(what string, cond func() bool) {
	c.t.Helper()
	for !cond() {
		if _, err := c.read(); err != nil {
			c.t.Fatalf("waiting for %s: %v", what, err)
		}
	}
}

func (c *client) acked(id string) func() bool {
	return func() bool { _, ok := c.acks[id]; return ok }
}

func (c *client) hasText(text string) func() bool {
	return func() bool { return c.count(text) > 0 }
}

func (c *client) count(text string) int {
	n := 0
	for _, ev := range c.shown {
		if ev.Text == text {
			n++
		}
	}
	return n
}

// texts lists what the client shows, in sequence order.
func (c *client) texts() []string {
	var out []string
	for s := int64(1); s <= c.last; s++ {
		if ev, ok := c.shown[s]; ok {
			out = append(out, ev.Role+": "+ev.Text)
		}
	}
	return out
}

// closeCode reads until the server closes and returns its close code.
func (c *client) closeCode() int {
	c.t.Helper()
	for {
		_, err := c.read()
		if err == nil {
			continue
		}
		if ce, ok := err.(*websocket.CloseError); ok {
			return ce.Code
		}
		if strings.Contains(err.Error(), "bad frame") {
			continue
		}
		c.t.Fatalf("want a close frame, got %v", err)
	}
}

// cut drops the TCP connection without a close frame, as a phone losing
// its network does.
func (c *client) cut() { c.ws.UnderlyingConn().Close() }
