package handoff_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/handoff"
)

// Forget finds a conversation's tickets among many more than one scan
// step reads.
func TestRedisForgetScansEveryTicket(t *testing.T) {
	s := newRedisTickets(t, handoff.StoreOptions{})
	now := time.Now()
	target := guichet.NewConversationID(guichet.ChannelMessenger, "2000000000000042")
	for i := range 1200 {
		conv := guichet.NewConversationID(guichet.ChannelWeb, fmt.Sprintf("c%04d", i))
		if i%400 == 7 {
			conv = target
		}
		tk := handoff.Ticket{ID: fmt.Sprintf("t%04d", i), Conversation: conv, Status: handoff.Waiting,
			Reason: "explicit_request", Created: now, Activity: now}
		stored, created, err := s.Create(bg, tk)
		if err != nil {
			t.Fatal(err)
		}
		if conv == target && created {
			stored.Status, stored.Closed = handoff.Resolved, now
			if _, err := s.Update(bg, stored); err != nil {
				t.Fatal(err)
			}
		}
	}
	n, err := s.Forget(bg, target)
	if err != nil || n != 3 {
		t.Fatalf("Forget = %d, %v; want the 3 tickets of %s", n, err, target)
	}
	if _, total, _ := s.List(bg, handoff.Waiting, 1); total != 1197 {
		t.Fatalf("%d waiting tickets left, want the other 1197", total)
	}
}
