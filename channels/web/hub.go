package web

import (
	"slices"
	"sync"

	"github.com/guichet/guichet"
)

// hub finds the local connections of a conversation when the bus says its
// transcript grew. A conversation may have several (browser tabs).
type hub struct {
	mu    sync.RWMutex
	convs map[guichet.ConversationID][]*conn
}

func newHub() *hub {
	return &hub{convs: make(map[guichet.ConversationID][]*conn)}
}

func (h *hub) add(c *conn) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.convs[c.conv] = append(h.convs[c.conv], c)
}

func (h *hub) remove(c *conn) {
	h.mu.Lock()
	defer h.mu.Unlock()
	list := slices.DeleteFunc(h.convs[c.conv], func(x *conn) bool { return x == c })
	if len(list) == 0 {
		delete(h.convs, c.conv)
		return
	}
	h.convs[c.conv] = list
}

// notify tells conv's connections that its transcript reached seq, with
// the events that got it there when the notice brings them (read only).
func (h *hub) notify(conv guichet.ConversationID, seq int64, evs []guichet.Event) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	for _, c := range h.convs[conv] {
		c.notifyEvents(seq, evs)
	}
}

func (h *hub) snapshot() []*conn {
	h.mu.RLock()
	defer h.mu.RUnlock()
	var all []*conn
	for _, list := range h.convs {
		all = append(all, list...)
	}
	return all
}
