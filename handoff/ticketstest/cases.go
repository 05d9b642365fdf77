package ticketstest

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/handoff"
)

func testCreate(t *testing.T, s handoff.TicketStore, c *Clock) {
	first := mustCreate(t, s, waiting("a", c.Now(), false))
	if first.Version != 1 || first.Status != handoff.Waiting {
		t.Fatalf("new ticket: version %d status %s, want 1 waiting", first.Version, first.Status)
	}
	again := waiting("a", c.Now(), true)
	again.ID = "t-other"
	got, created, err := s.Create(ctx, again)
	if err != nil || created || got.ID != first.ID {
		t.Fatalf("second Create for the same conversation = %s created %v, %v; want the open ticket %s", got.ID, created, err, first.ID)
	}
	read, err := s.Get(ctx, first.ID)
	if err != nil || read.Summary != "question a" || read.Fields["numero"] != "42" || len(read.Candidates) != 1 || !read.Created.Equal(c.Now()) {
		t.Fatalf("Get = %+v, %v; want the ticket as created", read, err)
	}
	open, ok, err := s.OpenFor(ctx, first.Conversation)
	if err != nil || !ok || open.ID != first.ID {
		t.Fatalf("OpenFor = %s %v %v, want %s", open.ID, ok, err, first.ID)
	}
	if _, ok, err := s.OpenFor(ctx, "web:nobody"); ok || err != nil {
		t.Fatalf("OpenFor(unknown) = %v, %v; want none", ok, err)
	}
	_, err = s.Get(ctx, "missing")
	wantKind(t, "Get(missing)", err, guichet.NotFound)
}

func testCreateInvalid(t *testing.T, s handoff.TicketStore, c *Clock) {
	noID := waiting("a", c.Now(), false)
	noID.ID = ""
	assigned := waiting("b", c.Now(), false)
	assigned.Status = handoff.Assigned
	for _, tk := range []handoff.Ticket{noID, assigned} {
		_, _, err := s.Create(ctx, tk)
		wantKind(t, "Create(invalid)", err, guichet.Invalid)
	}
}

func testUpdate(t *testing.T, s handoff.TicketStore, c *Clock) {
	tk := mustCreate(t, s, waiting("a", c.Now(), false))
	stale := tk
	tk.Activity = c.Now().Add(time.Minute)
	tk = mustUpdate(t, s, tk)
	if tk.Version != 2 {
		t.Fatalf("version after one update = %d, want 2", tk.Version)
	}
	stale.Summary = "lost"
	_, err := s.Update(ctx, stale)
	wantKind(t, "Update(stale)", err, guichet.Conflict)
	got, _ := s.Get(ctx, tk.ID)
	if got.Summary != "question a" || !got.Activity.Equal(tk.Activity) {
		t.Fatalf("after a stale update the ticket is %+v; want the first update kept", got)
	}
	bad := tk
	bad.Status = "lost"
	_, err = s.Update(ctx, bad)
	wantKind(t, "Update(unknown status)", err, guichet.Invalid)
	if after, _ := s.Get(ctx, tk.ID); after.Status != tk.Status || after.Version != tk.Version {
		t.Fatalf("a refused update changed the ticket to %s version %d", after.Status, after.Version)
	}
	missing := tk
	missing.ID = "missing"
	_, err = s.Update(ctx, missing)
	wantKind(t, "Update(missing)", err, guichet.NotFound)
}

func testQueueOrder(t *testing.T, s handoff.TicketStore, c *Clock) {
	t0 := c.Now()
	mustCreate(t, s, waiting("old", t0, false))
	mustCreate(t, s, waiting("new", t0.Add(2*time.Minute), false))
	mustCreate(t, s, waiting("incident", t0.Add(3*time.Minute), true))
	mustCreate(t, s, waiting("mid", t0.Add(time.Minute), false))
	got, total, err := s.List(ctx, handoff.Waiting, 10)
	want := "[t-incident t-old t-mid t-new]"
	if err != nil || ids(got) != want || total != 4 {
		t.Fatalf("List(waiting) = %s total %d, %v; want %s (incident first, then oldest)", ids(got), total, err, want)
	}
	for i, id := range []string{"t-incident", "t-old", "t-mid", "t-new"} {
		if p, err := s.Position(ctx, id); p != i+1 || err != nil {
			t.Fatalf("Position(%s) = %d, %v; want %d", id, p, err, i+1)
		}
	}
	first, total, _ := s.List(ctx, handoff.Waiting, 2)
	if ids(first) != "[t-incident t-old]" || total != 4 {
		t.Fatalf("List(waiting, 2) = %s total %d; want the first two and total 4", ids(first), total)
	}
}

func testReleaseKeepsPlace(t *testing.T, s handoff.TicketStore, c *Clock) {
	a := mustCreate(t, s, waiting("a", c.Now(), false))
	mustCreate(t, s, waiting("b", c.Now().Add(time.Minute), false))
	a.Status, a.Agent, a.Claimed = handoff.Assigned, "alice", c.Now().Add(2*time.Minute)
	a = mustUpdate(t, s, a)
	if p, _ := s.Position(ctx, a.ID); p != 0 {
		t.Fatalf("Position of an assigned ticket = %d, want 0", p)
	}
	if got, total, _ := s.List(ctx, handoff.Assigned, 10); ids(got) != "[t-a]" || total != 1 {
		t.Fatalf("List(assigned) = %s, want [t-a]", ids(got))
	}
	if p, _ := s.Position(ctx, "t-b"); p != 1 {
		t.Fatalf("Position(t-b) while t-a is assigned = %d, want 1", p)
	}
	a.Status, a.Agent = handoff.Waiting, ""
	mustUpdate(t, s, a)
	if p, _ := s.Position(ctx, "t-a"); p != 1 {
		t.Fatalf("Position(t-a) after release = %d, want 1 (its old place)", p)
	}
	if _, total, _ := s.List(ctx, handoff.Assigned, 10); total != 0 {
		t.Fatalf("assigned after release = %d, want 0", total)
	}
}

func testClose(t *testing.T, s handoff.TicketStore, c *Clock) {
	a := mustCreate(t, s, waiting("a", c.Now(), false))
	b := mustCreate(t, s, waiting("b", c.Now(), false))
	a.Status, a.Closed, a.Resolution = handoff.Resolved, c.Now(), "answered"
	mustUpdate(t, s, a)
	b.Status, b.Closed = handoff.Resolved, c.Now().Add(time.Minute)
	mustUpdate(t, s, b)
	if _, ok, _ := s.OpenFor(ctx, a.Conversation); ok {
		t.Fatal("OpenFor after resolve found a ticket; want none: the bot answers again")
	}
	if got, total, _ := s.List(ctx, handoff.Resolved, 10); ids(got) != "[t-b t-a]" || total != 2 {
		t.Fatalf("List(resolved) = %s total %d; want newest first [t-b t-a]", ids(got), total)
	}
	if _, total, _ := s.List(ctx, handoff.Waiting, 10); total != 0 {
		t.Fatalf("waiting after closing everything = %d, want 0", total)
	}
	next := waiting("a", c.Now(), false)
	next.ID = "t-a2"
	mustCreate(t, s, next)
	if open, ok, _ := s.OpenFor(ctx, a.Conversation); !ok || open.ID != "t-a2" {
		t.Fatalf("OpenFor after a new escalation = %s, want t-a2", open.ID)
	}
}

func testConcurrentClaims(t *testing.T, s handoff.TicketStore, c *Clock) {
	tk := mustCreate(t, s, waiting("a", c.Now(), false))
	var wins atomic.Int32
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mine := tk.Clone()
			mine.Status, mine.Agent, mine.Claimed = handoff.Assigned, fmt.Sprintf("agent%d", i), c.Now()
			_, err := s.Update(ctx, mine)
			switch {
			case err == nil:
				wins.Add(1)
			case !guichet.Is(err, guichet.Conflict):
				t.Errorf("claim: %v, want nil or Conflict", err)
			}
		}()
	}
	wg.Wait()
	if wins.Load() != 1 {
		t.Fatalf("%d claims of one version succeeded, want exactly 1", wins.Load())
	}
}

func testRetention(t *testing.T, s handoff.TicketStore, c *Clock) {
	a := mustCreate(t, s, waiting("a", c.Now(), false))
	a.Status, a.Closed = handoff.Resolved, c.Now()
	mustUpdate(t, s, a)
	c.Add(72 * time.Hour) // past the 48 h retention
	b := mustCreate(t, s, waiting("b", c.Now(), false))
	b.Status, b.Closed = handoff.Resolved, c.Now()
	mustUpdate(t, s, b)
	_, err := s.Get(ctx, a.ID)
	wantKind(t, "Get(expired closed ticket)", err, guichet.NotFound)
	if got, total, _ := s.List(ctx, handoff.Resolved, 10); ids(got) != "[t-b]" || total != 1 {
		t.Fatalf("List(resolved) after retention = %s total %d, want [t-b]", ids(got), total)
	}
}

func testPickups(t *testing.T, s handoff.TicketStore, c *Clock) {
	for i := range handoff.MaxPickups + 5 {
		p := handoff.Pickup{At: c.Now().Add(time.Duration(i) * time.Second), Waited: time.Duration(i) * time.Second}
		if err := s.RecordPickup(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Pickups(ctx, 1000)
	if err != nil || len(got) != handoff.MaxPickups {
		t.Fatalf("Pickups = %d, %v; want the newest %d", len(got), err, handoff.MaxPickups)
	}
	if got[0].Waited != time.Duration(handoff.MaxPickups+4)*time.Second {
		t.Fatalf("newest pickup waited %s, want %s", got[0].Waited, time.Duration(handoff.MaxPickups+4)*time.Second)
	}
	if few, _ := s.Pickups(ctx, 3); len(few) != 3 {
		t.Fatalf("Pickups(3) = %d, want 3", len(few))
	}
}

func testPresence(t *testing.T, s handoff.TicketStore, c *Clock) {
	now := c.Now()
	for _, seen := range []struct {
		name string
		at   time.Time
	}{{"alice", now}, {"alice", now.Add(-time.Minute)}, {"bob", now.Add(-48 * time.Hour)}} {
		if err := s.SeeAgent(ctx, seen.name, seen.at); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.AgentsSeen(ctx)
	if err != nil || len(got) != 1 || !got["alice"].Equal(now) {
		t.Fatalf("AgentsSeen = %v, %v; want alice at %s only (never moved back, bob too old)", got, err, now)
	}
}

func testListInvalid(t *testing.T, s handoff.TicketStore, _ *Clock) {
	_, _, err := s.List(ctx, "lost", 10)
	wantKind(t, "List(unknown status)", err, guichet.Invalid)
	_, _, err = s.List(ctx, handoff.Waiting, 0)
	wantKind(t, "List(limit 0)", err, guichet.Invalid)
}
