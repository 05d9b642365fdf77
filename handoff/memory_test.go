package handoff_test

import (
	"testing"

	"github.com/guichet/guichet/handoff"
	"github.com/guichet/guichet/handoff/ticketstest"
)

func TestMemoryTickets(t *testing.T) {
	ticketstest.Run(t, func(t *testing.T, opts handoff.StoreOptions) handoff.TicketStore {
		return handoff.NewMemoryTickets(opts)
	})
}
