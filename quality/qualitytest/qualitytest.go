// Package qualitytest is the contract every quality.Store passes: run it
// from each implementation's tests.
package qualitytest

import (
	"context"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/quality"
)

// Clock is a settable clock for stores under test.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock starts a clock at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now is the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Add moves the clock forward.
func (c *Clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// NewStore builds an empty store keeping facts for retention, on clock now.
type NewStore func(t *testing.T, retention time.Duration, now func() time.Time) quality.Store

// Retention is what the suite's stores are built with.
const Retention = 30 * 24 * time.Hour

// Start is the suite's clock at the beginning of each test.
var Start = time.Date(2026, 6, 8, 10, 0, 0, 0, time.UTC)

var bg = context.Background()

// Run runs the contract against stores built by newStore.
func Run(t *testing.T, newStore NewStore) {
	tests := map[string]func(*testing.T, quality.Store, *Clock){
		"round trip keeps every field":        testRoundTrip,
		"zero time means now":                 testZeroTime,
		"kinds filter":                        testKinds,
		"since is inclusive":                  testSince,
		"late facts come back in time order":  testOutOfOrder,
		"retention hides and drops old facts": testRetention,
		"unknown kinds are refused":           testUnknownKind,
		"forget removes one conversation":     testForget,
		"reads past one page":                 testManyFacts,
		"concurrent records are all kept":     testConcurrent,
		"returned facts are copies":           testCopies,
		"facts recorded together":             testRecordAll,
	}
	for name, test := range tests {
		t.Run(name, func(t *testing.T) {
			clock := NewClock(Start)
			test(t, newStore(t, Retention, clock.Now), clock)
		})
	}
}

func record(t *testing.T, s quality.Store, facts ...quality.Fact) {
	t.Helper()
	for _, f := range facts {
		if err := s.Record(bg, f); err != nil {
			t.Fatalf("Record(%s): %v", f.Kind, err)
		}
	}
}

func facts(t *testing.T, s quality.Store, since time.Time, kinds ...quality.Kind) []quality.Fact {
	t.Helper()
	out, err := s.Facts(bg, since, kinds...)
	if err != nil {
		t.Fatalf("Facts(%v, %v): %v", since, kinds, err)
	}
	return out
}

func conv(subject string) guichet.ConversationID {
	return guichet.NewConversationID(guichet.ChannelWeb, subject)
}

func testRoundTrip(t *testing.T, s quality.Store, c *Clock) {
	paris, _ := time.LoadLocation("Europe/Paris")
	f := quality.Fact{Time: c.Now().In(paris).Add(-time.Minute), Kind: quality.KindIncident,
		Channel: guichet.ChannelMessenger, Conversation: guichet.NewConversationID(guichet.ChannelMessenger, "42"),
		Entry: "dossier.anomalie", Procedure: quality.ProcPermis, Path: quality.PathEscalated, Reason: "incident",
		Ticket: "T1", Value: 3.5, Confidence: 0.42, Candidates: []string{"permis.delai", "permis.perte"},
		Text: "où en est [numéro] ?", Comment: "merci", Fields: map[string]string{"request_number": "21AB12345", "consent": "oui"}}
	record(t, s, f)
	got := facts(t, s, time.Time{})
	want := f
	want.Time = f.Time.UTC()
	if len(got) != 1 || !reflect.DeepEqual(got[0], want) {
		t.Fatalf("read back %+v\nwant %+v", got, want)
	}
}

func testZeroTime(t *testing.T, s quality.Store, c *Clock) {
	record(t, s, quality.Fact{Kind: quality.KindConversation, Conversation: conv("a")})
	got := facts(t, s, time.Time{})
	if len(got) != 1 || !got[0].Time.Equal(c.Now()) {
		t.Fatalf("a fact recorded without time reads back as %+v, want the time it was recorded (%v)", got, c.Now())
	}
}

func testKinds(t *testing.T, s quality.Store, c *Clock) {
	now := c.Now()
	record(t, s, quality.Fact{Time: now.Add(-3 * time.Minute), Kind: quality.KindConversation, Conversation: conv("a")},
		quality.Fact{Time: now.Add(-2 * time.Minute), Kind: quality.KindHandoff, Conversation: conv("a"), Reason: "incident"},
		quality.Fact{Time: now.Add(-time.Minute), Kind: quality.KindPickup, Conversation: conv("a"), Value: 60})
	if got := kinds(facts(t, s, time.Time{}, quality.KindPickup, quality.KindConversation)); got != "conversation,pickup" {
		t.Errorf("Facts(pickup, conversation) = %s, want conversation,pickup (time order)", got)
	}
	if got := kinds(facts(t, s, time.Time{})); got != "conversation,handoff,pickup" {
		t.Errorf("Facts() = %s, want every kind", got)
	}
	if got := facts(t, s, time.Time{}, quality.KindRating); len(got) != 0 {
		t.Errorf("Facts(rating) = %s, want none", kinds(got))
	}
}

func kinds(fs []quality.Fact) string {
	out := ""
	for i, f := range fs {
		if i > 0 {
			out += ","
		}
		out += string(f.Kind)
	}
	return out
}

func testSince(t *testing.T, s quality.Store, c *Clock) {
	at := c.Now().Add(-time.Hour)
	record(t, s, quality.Fact{Time: at.Add(-time.Millisecond), Kind: quality.KindFallback, Text: "avant"},
		quality.Fact{Time: at, Kind: quality.KindFallback, Text: "pile"},
		quality.Fact{Time: at.Add(time.Second), Kind: quality.KindFallback, Text: "après"})
	got := facts(t, s, at, quality.KindFallback)
	if len(got) != 2 || got[0].Text != "pile" || got[1].Text != "après" {
		t.Fatalf("Facts(since) = %+v, want the fact at since and the one after", got)
	}
}

func testOutOfOrder(t *testing.T, s quality.Store, c *Clock) {
	now := c.Now()
	record(t, s, quality.Fact{Time: now.Add(-time.Minute), Kind: quality.KindRating, Value: 5},
		quality.Fact{Time: now.Add(-10 * time.Minute), Kind: quality.KindRating, Value: 2}, // recorded late
		quality.Fact{Time: now, Kind: quality.KindRating, Value: 4})
	got := facts(t, s, now.Add(-15*time.Minute), quality.KindRating)
	if len(got) != 3 || got[0].Value != 2 || got[1].Value != 5 || got[2].Value != 4 {
		t.Fatalf("Facts = %+v, want values 2, 5, 4 (time order)", got)
	}
	if got := facts(t, s, now.Add(-5*time.Minute), quality.KindRating); len(got) != 2 {
		t.Fatalf("Facts(since 5 min) = %+v, want the two recent ratings only", got)
	}
}

func testRetention(t *testing.T, s quality.Store, c *Clock) {
	now := c.Now()
	record(t, s, quality.Fact{Time: now.Add(-Retention - time.Hour), Kind: quality.KindAnswer, Entry: "expired"},
		quality.Fact{Time: now.Add(-time.Hour), Kind: quality.KindAnswer, Entry: "old"})
	if got := facts(t, s, time.Time{}); len(got) != 1 || got[0].Entry != "old" {
		t.Fatalf("Facts = %+v, want only the fact within the retention", got)
	}
	c.Add(Retention)
	record(t, s, quality.Fact{Kind: quality.KindAnswer, Entry: "new"})
	if got := facts(t, s, time.Time{}); len(got) != 1 || got[0].Entry != "new" {
		t.Fatalf("after the retention passed, Facts = %+v, want only the new fact", got)
	}
}

func testUnknownKind(t *testing.T, s quality.Store, _ *Clock) {
	if err := s.Record(bg, quality.Fact{Kind: "guess"}); !guichet.Is(err, guichet.Invalid) {
		t.Errorf("Record(kind guess) = %v, want Invalid", err)
	}
	if _, err := s.Facts(bg, time.Time{}, "guess"); !guichet.Is(err, guichet.Invalid) {
		t.Errorf("Facts(kind guess) = %v, want Invalid", err)
	}
}

func testForget(t *testing.T, s quality.Store, c *Clock) {
	now := c.Now()
	for i, k := range quality.Kinds {
		record(t, s, quality.Fact{Time: now.Add(time.Duration(i-20) * time.Second), Kind: k, Conversation: conv("gone")},
			quality.Fact{Time: now.Add(time.Duration(i-20) * time.Second), Kind: k, Conversation: conv("stays")})
	}
	n, err := s.Forget(bg, conv("gone"))
	if err != nil || n != len(quality.Kinds) {
		t.Fatalf("Forget = %d, %v; want %d (one fact of each kind)", n, err, len(quality.Kinds))
	}
	for _, f := range facts(t, s, time.Time{}) {
		if f.Conversation != conv("stays") {
			t.Fatalf("after Forget, a fact about %s remains: %+v", f.Conversation, f)
		}
	}
	if got := facts(t, s, time.Time{}); len(got) != len(quality.Kinds) {
		t.Fatalf("Forget removed other conversations' facts: %d left, want %d", len(got), len(quality.Kinds))
	}
	if n, err := s.Forget(bg, conv("nobody")); err != nil || n != 0 {
		t.Fatalf("Forget(unknown) = %d, %v; want 0, nil", n, err)
	}
}

func testManyFacts(t *testing.T, s quality.Store, c *Clock) {
	const n = 1234 // more than one Redis page
	start := c.Now().Add(-2 * time.Hour)
	for i := range n {
		record(t, s, quality.Fact{Time: start.Add(time.Duration(i) * time.Second), Kind: quality.KindPickup,
			Conversation: conv(fmt.Sprint(i % 7)), Value: float64(i)})
	}
	got := facts(t, s, start, quality.KindPickup)
	if len(got) != n {
		t.Fatalf("Facts returned %d facts, want %d", len(got), n)
	}
	for i, f := range got {
		if f.Value != float64(i) {
			t.Fatalf("fact %d has value %v: order or content lost", i, f.Value)
		}
	}
	want := 0
	for i := range n {
		if i%7 == 3 {
			want++
		}
	}
	if removed, err := s.Forget(bg, conv("3")); err != nil || removed != want {
		t.Fatalf("Forget = %d, %v; want %d", removed, err, want)
	}
}

func testConcurrent(t *testing.T, s quality.Store, c *Clock) {
	const writers, each = 4, 25
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				f := quality.Fact{Time: c.Now().Add(-time.Duration(i) * time.Millisecond), Kind: quality.KindHelpful,
					Conversation: conv(fmt.Sprint(w)), Value: 1}
				errs <- s.Record(bg, f)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := facts(t, s, time.Time{}, quality.KindHelpful); len(got) != writers*each {
		t.Fatalf("%d facts kept, want %d", len(got), writers*each)
	}
}

func testCopies(t *testing.T, s quality.Store, c *Clock) {
	record(t, s, quality.Fact{Time: c.Now(), Kind: quality.KindIncident, Fields: map[string]string{"consent": "oui"}})
	got := facts(t, s, time.Time{})
	got[0].Fields["consent"] = "changed"
	if again := facts(t, s, time.Time{}); again[0].Fields["consent"] != "oui" {
		t.Fatal("changing a returned fact changed the store")
	}
}

// batch is what a store that records several facts in one step offers.
type batch interface {
	RecordAll(ctx context.Context, fs []quality.Fact) error
}

// testRecordAll: facts recorded together come back as if recorded one by
// one; an unknown kind among them is refused and the others kept.
func testRecordAll(t *testing.T, s quality.Store, c *Clock) {
	b, ok := s.(batch)
	if !ok {
		t.Skip("the store records one fact at a time")
	}
	now := c.Now()
	err := b.RecordAll(bg, []quality.Fact{{Time: now, Kind: quality.KindConversation, Conversation: conv("a")},
		{Kind: "nonsense"}, {Time: now, Kind: quality.KindAnswer, Conversation: conv("a"), Entry: "permis.perte"}})
	if !guichet.Is(err, guichet.Invalid) {
		t.Errorf("RecordAll with an unknown kind: %v, want Invalid", err)
	}
	got := facts(t, s, now)
	if len(got) != 2 || got[0].Kind == got[1].Kind || got[0].Conversation != conv("a") || got[1].Conversation != conv("a") {
		t.Fatalf("Facts after RecordAll = %+v, want the conversation and the answer", got)
	}
	if err := b.RecordAll(bg, nil); err != nil {
		t.Errorf("RecordAll of nothing: %v", err)
	}
}
