package soak

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Event is a transcript event as the widget receives it.
type Event struct {
	Seq      int64  `json:"seq"`
	ID       string `json:"id"`
	ClientID string `json:"client_id"`
	Role     string `json:"role"`
	Author   string `json:"author"`
	Text     string `json:"text"`
	Meta     *struct {
		Status   string `json:"status"`
		Position int    `json:"position"`
	} `json:"meta"`
}

// frame is every server frame of the widget protocol (docs/widget-protocol.md).
type frame struct {
	Type         string  `json:"type"`
	Conversation string  `json:"conversation"`
	Events       []Event `json:"events"`
	ID           string  `json:"id"`
	Seq          int64   `json:"seq"`
	Code         string  `json:"code"`
	Message      string  `json:"message"`
	RetryAfter   int64   `json:"retry_after"`
}

// Widget is a citizen's chat widget: it holds one conversation, may move
// between instances, and resumes from the last sequence number it saw,
// like the real widget.
type Widget struct {
	mu      sync.Mutex
	ws      *websocket.Conn
	subject string
	lastSeq int64
	events  map[int64]Event // by seq
	// redelivered counts events received again with a sequence number
	// already seen: harmless (the widget drops them) but worth knowing.
	redelivered int
	acked       map[string]int64 // client message id -> seq
	refused     map[string]string
	changed     chan struct{}
}

// NewWidget opens a new conversation on the instance at base (http://host:port).
func NewWidget(ctx context.Context, base string) (*Widget, error) {
	w := &Widget{events: map[int64]Event{}, acked: map[string]int64{}, refused: map[string]string{},
		changed: make(chan struct{}, 1)}
	return w, w.Connect(ctx, base)
}

// Subject is the conversation id on the web channel.
func (w *Widget) Subject() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.subject
}

// Connect (re)connects to the instance at base, resuming the conversation
// from the last event seen. A previous connection is closed.
func (w *Widget) Connect(ctx context.Context, base string) error {
	w.Close()
	url := "ws" + strings.TrimPrefix(base, "http") + "/ws"
	d := websocket.Dialer{HandshakeTimeout: 10 * time.Second}
	ws, resp, err := d.DialContext(ctx, url, http.Header{})
	if err != nil {
		if resp != nil {
			body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
			return fmt.Errorf("widget: dial %s: HTTP %d %s", url, resp.StatusCode, strings.TrimSpace(string(body)))
		}
		return fmt.Errorf("widget: dial %s: %w", url, err)
	}
	w.mu.Lock()
	hello := map[string]any{"type": "hello", "conversation": w.subject, "after": w.lastSeq}
	w.mu.Unlock()
	if err := ws.WriteJSON(hello); err != nil {
		ws.Close()
		return fmt.Errorf("widget: hello: %w", err)
	}
	var welcome frame
	ws.SetReadDeadline(time.Now().Add(10 * time.Second))
	if err := ws.ReadJSON(&welcome); err != nil || welcome.Type != "welcome" {
		ws.Close()
		return fmt.Errorf("widget: welcome: %v (frame %+v)", err, welcome)
	}
	ws.SetReadDeadline(time.Time{})
	w.mu.Lock()
	w.ws, w.subject = ws, welcome.Conversation
	w.mu.Unlock()
	go w.read(ws)
	return nil
}

// Close drops the connection (the conversation stays on the server).
func (w *Widget) Close() {
	w.mu.Lock()
	ws := w.ws
	w.ws = nil
	w.mu.Unlock()
	if ws != nil {
		ws.Close()
	}
}

func (w *Widget) read(ws *websocket.Conn) {
	for {
		var f frame
		if err := ws.ReadJSON(&f); err != nil {
			return
		}
		w.mu.Lock()
		switch f.Type {
		case "events":
			for _, ev := range f.Events {
				if _, dup := w.events[ev.Seq]; dup || ev.Seq <= w.lastSeq {
					w.redelivered++
					continue
				}
				w.events[ev.Seq], w.lastSeq = ev, ev.Seq
			}
		case "ack":
			w.acked[f.ID] = f.Seq
		case "error":
			if f.ID != "" {
				w.refused[f.ID] = f.Code + ": " + f.Message
			}
		}
		w.mu.Unlock()
		select {
		case w.changed <- struct{}{}:
		default:
		}
	}
}

// Send sends a citizen message with the client id id.
func (w *Widget) Send(id, text, payload string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.ws == nil {
		return fmt.Errorf("widget: not connected")
	}
	return w.ws.WriteJSON(map[string]string{"type": "message", "id": id, "text": text, "payload": payload})
}

// Wait waits until cond holds over the events received, or ctx ends.
func (w *Widget) Wait(ctx context.Context, cond func(evs map[int64]Event) bool) error {
	for {
		w.mu.Lock()
		ok := cond(w.events)
		w.mu.Unlock()
		if ok {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-w.changed:
		case <-time.After(200 * time.Millisecond): // a reconnection may have happened meanwhile
		}
	}
}

// WaitAck waits for the server's ack (or refusal) of a client message.
func (w *Widget) WaitAck(ctx context.Context, id string) (int64, error) {
	var seq int64
	var refused string
	err := w.Wait(ctx, func(map[int64]Event) bool {
		seq, refused = w.acked[id], w.refused[id]
		return seq > 0 || refused != ""
	})
	if err == nil && refused != "" {
		return 0, fmt.Errorf("widget: message %s refused: %s", id, refused)
	}
	return seq, err
}

// Texts counts the events received by text, for a role.
func (w *Widget) Texts(role string) map[string]int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.textsLocked(role)
}

// Redelivered counts events received twice with the same sequence number.
func (w *Widget) Redelivered() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.redelivered
}

// textsLocked is Texts with w.mu held (inside Wait's condition).
func (w *Widget) textsLocked(role string) map[string]int {
	out := map[string]int{}
	for _, ev := range w.events {
		if ev.Role == role {
			out[ev.Text]++
		}
	}
	return out
}

// HasText reports whether an event of role with text was received.
func HasText(role, text string) func(map[int64]Event) bool {
	return func(evs map[int64]Event) bool {
		for _, ev := range evs {
			if ev.Role == role && ev.Text == text {
				return true
			}
		}
		return false
	}
}
