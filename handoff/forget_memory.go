package handoff

import (
	"context"

	"github.com/guichet/guichet"
)

// Forget implements TicketStore.
func (m *Memory) Forget(_ context.Context, conv guichet.ConversationID) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for id, t := range m.tickets {
		if t.Conversation == conv {
			delete(m.tickets, id)
			n++
		}
	}
	delete(m.open, conv)
	return n, nil
}
