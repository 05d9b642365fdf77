package handoff

import (
	"context"
	"slices"

	"github.com/guichet/guichet"
)

// Forget implements TicketStore.
func (m *Memory) Forget(_ context.Context, conv guichet.ConversationID) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	ids := slices.Clone(m.byConv[conv])
	for _, id := range ids {
		m.remove(id)
	}
	delete(m.open, conv)
	return len(ids), nil
}
