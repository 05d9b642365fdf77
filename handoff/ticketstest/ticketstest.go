// Package ticketstest is the contract every handoff.TicketStore honours.
// The memory and Redis stores run the same suite, so that a test passing
// on one instance in memory means the same on a Redis cluster.
package ticketstest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/handoff"
)

// NewStore returns an empty store using opts (its clock and retention).
type NewStore func(t *testing.T, opts handoff.StoreOptions) handoff.TicketStore

// Clock is a settable clock for the suite.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock returns a clock showing t.
func NewClock(t time.Time) *Clock { return &Clock{now: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Add moves the clock forward.
func (c *Clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// Run runs the contract against stores made by newStore.
func Run(t *testing.T, newStore NewStore) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s handoff.TicketStore, c *Clock)
	}{
		{"CreateIsIdempotentPerConversation", testCreate},
		{"CreateRejectsInvalid", testCreateInvalid},
		{"UpdateComparesVersions", testUpdate},
		{"QueueOrder", testQueueOrder},
		{"ReleaseKeepsPlace", testReleaseKeepsPlace},
		{"CloseFreesConversation", testClose},
		{"ConcurrentClaimsOneWins", testConcurrentClaims},
		{"ClosedRetention", testRetention},
		{"Pickups", testPickups},
		{"Presence", testPresence},
		{"ListRejectsInvalid", testListInvalid},
		{"ForgetRemovesAConversationsTickets", testForget},
		{"HistoryOfAConversation", testHistory},
		{"NotesAndLabelsAreStored", testNotesAndLabels},
		{"ReadsFollowEveryChange", testReadsFollowEveryChange},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := NewClock(time.Date(2026, 6, 8, 10, 0, 0, 0, time.UTC))
			s := newStore(t, handoff.StoreOptions{ClosedRetention: 48 * time.Hour, Now: c.Now})
			tc.fn(t, s, c)
		})
	}
}

var ctx = context.Background()

// waiting returns a new waiting ticket for conversation web:<n>.
func waiting(n string, created time.Time, priority bool) handoff.Ticket {
	return handoff.Ticket{ID: "t-" + n, Conversation: guichet.NewConversationID(guichet.ChannelWeb, n),
		Status: handoff.Waiting, Reason: guichet.ReasonExplicitRequest, Priority: priority, Created: created,
		Activity: created, Summary: "question " + n, Candidates: []guichet.Candidate{{Entry: "permis.delai", Confidence: 0.4}},
		Fields: map[string]string{"numero": "42"}, Choices: []string{"Permis"}}
}

func mustCreate(t *testing.T, s handoff.TicketStore, tk handoff.Ticket) handoff.Ticket {
	t.Helper()
	got, created, err := s.Create(ctx, tk)
	if err != nil || !created {
		t.Fatalf("Create(%s) = created %v, %v; want a new ticket", tk.ID, created, err)
	}
	return got
}

func mustUpdate(t *testing.T, s handoff.TicketStore, tk handoff.Ticket) handoff.Ticket {
	t.Helper()
	got, err := s.Update(ctx, tk)
	if err != nil {
		t.Fatalf("Update(%s to %s): %v", tk.ID, tk.Status, err)
	}
	return got
}

func wantKind(t *testing.T, what string, err error, k guichet.Kind) {
	t.Helper()
	if guichet.KindOf(err) != k {
		t.Fatalf("%s: error %v, want kind %s", what, err, k)
	}
}

func ids(ts []handoff.Ticket) string {
	var s []string
	for _, t := range ts {
		s = append(s, t.ID)
	}
	return fmt.Sprint(s)
}
