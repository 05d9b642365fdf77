package ticketstest

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/handoff"
)

// testReadsFollowEveryChange: after any sequence of creations, changes
// of status or priority, releases and erasures, List, Position and
// History say what a scan of every ticket would. A store that keeps
// indexes beside its tickets must keep them in step with every write.
func testReadsFollowEveryChange(t *testing.T, s handoff.TicketStore, c *Clock) {
	rng := rand.New(rand.NewPCG(7, 11))
	model := map[string]handoff.Ticket{} // what the store returned, by id
	convs := make([]guichet.ConversationID, 6)
	for i := range convs {
		convs[i] = guichet.NewConversationID(guichet.ChannelWeb, fmt.Sprintf("m%d", i))
	}
	openOf := func(conv guichet.ConversationID) (handoff.Ticket, bool) {
		for _, tk := range model {
			if tk.Conversation == conv && tk.Status.Open() {
				return tk, true
			}
		}
		return handoff.Ticket{}, false
	}
	next := 0
	for step := range 160 {
		c.Add(time.Duration(rng.IntN(90)) * time.Second)
		conv := convs[rng.IntN(len(convs))]
		cur, open := openOf(conv)
		var did string
		switch r := rng.IntN(10); {
		case r == 0:
			n, err := s.Forget(ctx, conv)
			want := 0
			for id, tk := range model {
				if tk.Conversation == conv {
					delete(model, id)
					want++
				}
			}
			if err != nil || n != want {
				t.Fatalf("step %d: Forget(%s) = %d, %v; want %d", step, conv, n, err, want)
			}
			did = "forget " + string(conv)
		case !open:
			next++
			tk := waiting(fmt.Sprint(next), c.Now(), rng.IntN(4) == 0)
			tk.Conversation = conv
			model[tk.ID] = mustCreate(t, s, tk)
			did = "create " + tk.ID
		default:
			switch rng.IntN(5) {
			case 0:
				cur.Status, cur.Agent, cur.Claimed = handoff.Assigned, "alice", c.Now()
			case 1:
				cur.Status, cur.Agent = handoff.Waiting, "" // released: back to its place
			case 2:
				cur.Priority = !cur.Priority
			default:
				cur.Status = []handoff.Status{handoff.Resolved, handoff.Returned, handoff.Abandoned}[rng.IntN(3)]
				cur.Closed = c.Now()
			}
			model[cur.ID] = mustUpdate(t, s, cur)
			did = fmt.Sprintf("update %s to %s (priority %v)", cur.ID, cur.Status, cur.Priority)
		}
		checkReads(t, s, model, convs, fmt.Sprintf("step %d (%s)", step, did))
	}
}

// checkReads compares the store's reads with model.
func checkReads(t *testing.T, s handoff.TicketStore, model map[string]handoff.Ticket, convs []guichet.ConversationID, when string) {
	t.Helper()
	for _, st := range handoff.Statuses {
		var want []handoff.Ticket
		for _, tk := range model {
			if tk.Status == st {
				want = append(want, tk)
			}
		}
		slices.SortFunc(want, func(a, b handoff.Ticket) int {
			var c int
			switch st {
			case handoff.Waiting: // incidents first, then the oldest
				c = cmp.Or(-boolCompare(a.Priority, b.Priority), cmp.Compare(a.Created.UnixMilli(), b.Created.UnixMilli()))
			case handoff.Assigned:
				c = a.Claimed.Compare(b.Claimed)
			default:
				c = b.Closed.Compare(a.Closed)
			}
			return cmp.Or(c, cmp.Compare(a.ID, b.ID))
		})
		got, total, err := s.List(ctx, st, 1000)
		if err != nil || ids(got) != ids(want) || total != len(want) {
			t.Fatalf("%s: List(%s) = %s total %d, %v; want %s", when, st, ids(got), total, err, ids(want))
		}
		if st == handoff.Waiting && len(want) > 2 {
			if first, total, _ := s.List(ctx, st, 2); ids(first) != ids(want[:2]) || total != len(want) {
				t.Fatalf("%s: List(waiting, 2) = %s total %d; want %s total %d", when, ids(first), total, ids(want[:2]), len(want))
			}
		}
		for i, tk := range want {
			wantPos := 0
			if st == handoff.Waiting {
				wantPos = i + 1
			}
			if p, err := s.Position(ctx, tk.ID); p != wantPos || err != nil {
				t.Fatalf("%s: Position(%s, %s) = %d, %v; want %d", when, tk.ID, st, p, err, wantPos)
			}
		}
	}
	for _, conv := range convs {
		var want []handoff.Ticket
		for _, tk := range model {
			if tk.Conversation == conv {
				want = append(want, tk)
			}
		}
		slices.SortFunc(want, func(a, b handoff.Ticket) int {
			return cmp.Or(b.Created.Compare(a.Created), cmp.Compare(b.ID, a.ID))
		})
		if got, err := s.History(ctx, conv, 100); err != nil || ids(got) != ids(want) {
			t.Fatalf("%s: History(%s) = %s, %v; want %s", when, conv, ids(got), err, ids(want))
		}
	}
}

func boolCompare(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}
