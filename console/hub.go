package console

import (
	"context"
	"encoding/json"
	"sync"
	"sync/atomic"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/handoff"
	"github.com/guichet/guichet/store"
)

// hub turns the store's bus notices into console stream events. There is
// one per instance, so a ticket that changed is read once however many
// consoles watch it.
type hub struct {
	s *Console

	mu      sync.Mutex
	clients map[*streamClient]struct{}
}

// streamClient is one open console stream.
type streamClient struct {
	conv guichet.ConversationID // the conversation it shows, if any
	ch   chan streamEvent
	// lagged is set when an event was dropped because the client was
	// slow; it is then told to reload everything.
	lagged atomic.Bool
}

type streamEvent struct {
	name string
	data []byte
}

const streamBuffer = 64

func newHub(s *Console) *hub { return &hub{s: s, clients: map[*streamClient]struct{}{}} }

func (h *hub) add(conv guichet.ConversationID) *streamClient {
	c := &streamClient{conv: conv, ch: make(chan streamEvent, streamBuffer)}
	h.mu.Lock()
	h.clients[c] = struct{}{}
	h.mu.Unlock()
	h.s.metrics.streams.Inc()
	return c
}

func (h *hub) remove(c *streamClient) {
	h.mu.Lock()
	delete(h.clients, c)
	h.mu.Unlock()
	h.s.metrics.streams.Dec()
}

// run forwards notices until the bus closes.
func (h *hub) run(ctx context.Context, notices <-chan store.Notice) {
	for n := range notices {
		switch n.Topic {
		case store.TopicTicket:
			if h.wants(nil) {
				h.ticket(ctx, n)
			}
		case store.TopicEvent:
			shows := func(c *streamClient) bool { return c.conv == n.Conversation }
			if h.wants(shows) {
				data, _ := json.Marshal(map[string]any{"conv": n.Conversation, "seq": n.Seq})
				h.send(streamEvent{"event", data}, shows)
			}
		case store.TopicTyping:
			if h.wants(func(c *streamClient) bool { return c.conv == n.Conversation }) {
				h.typing(n)
			}
		case store.TopicResync:
			h.send(streamEvent{"resync", []byte("{}")}, nil)
		}
	}
}

// typing tells the consoles showing the conversation that its citizen is
// typing (or stopped).
func (h *hub) typing(n store.Notice) {
	var tn store.TypingNotice
	if err := json.Unmarshal(n.Data, &tn); err != nil || n.Conversation == "" {
		return
	}
	data, _ := json.Marshal(map[string]any{"conv": n.Conversation, "on": tn.On})
	h.send(streamEvent{"typing", data}, func(c *streamClient) bool { return c.conv == n.Conversation })
}

// ticket reads the changed ticket and sends its summary to every console.
func (h *hub) ticket(ctx context.Context, n store.Notice) {
	var tn handoff.TicketNotice
	if err := json.Unmarshal(n.Data, &tn); err != nil || tn.ID == "" {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	t, err := h.s.tickets.Get(ctx, tn.ID)
	if err != nil {
		h.s.log.Debug("handoff: stream ticket", "ticket", tn.ID, "err", err)
		return
	}
	v := h.s.summary(ctx, t)
	if t.Status == handoff.Waiting {
		v.Position, _ = h.s.tickets.Position(ctx, t.ID)
	}
	data, _ := json.Marshal(v)
	h.send(streamEvent{"ticket", data}, nil)
}

// wants reports whether a client keep accepts (any when nil) is open. The
// notices nobody would receive are not read further: every widget message
// makes two or three, and a ticket's summary and queue position cost store
// reads. A console that opens its stream just after gets what it would
// have if it had opened a moment later.
func (h *hub) wants(keep func(*streamClient) bool) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.clients {
		if keep == nil || keep(c) {
			return true
		}
	}
	return false
}

// send queues ev for the clients keep accepts (all when nil), never
// blocking on a slow one.
func (h *hub) send(ev streamEvent, keep func(*streamClient) bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.clients {
		if keep != nil && !keep(c) {
			continue
		}
		select {
		case c.ch <- ev:
		default:
			c.lagged.Store(true)
		}
	}
}

// presenceMarks spaces the presence writes of each agent: consoles call
// the API often, the store needs to hear about an agent only now and then.
type presenceMarks struct {
	mu   sync.Mutex
	last map[string]time.Time
}

const presenceEvery = 10 * time.Second

func newPresenceMarks() *presenceMarks { return &presenceMarks{last: map[string]time.Time{}} }

// see records that agent is active, at most every presenceEvery.
func (s *Console) see(ctx context.Context, agent string) {
	now := s.now()
	p := s.presence
	p.mu.Lock()
	due := now.Sub(p.last[agent]) >= presenceEvery
	if due {
		p.last[agent] = now
	}
	p.mu.Unlock()
	if !due {
		return
	}
	if err := s.tickets.SeeAgent(ctx, agent, now); err != nil {
		s.log.Warn("handoff: agent presence", "agent", agent, "err", err)
	}
}
