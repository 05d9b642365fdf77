package privacy_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/privacy"
)

// store is a Counter that logs when it is asked to forget.
type fakeStore struct {
	name string
	log  *[]string
	n    int
	err  error
}

func (s fakeStore) Forget(_ context.Context, conv guichet.ConversationID) (int, error) {
	*s.log = append(*s.log, s.name+" "+string(conv))
	return s.n, s.err
}

func TestForgetOrderAndReport(t *testing.T) {
	var log []string
	conv := guichet.NewConversationID(guichet.ChannelMessenger, "2000000000000071")
	s := privacy.Stores{
		Facts:      privacy.Counted("quality facts: %d", fakeStore{"facts", &log, 7, nil}),
		Tickets:    privacy.Counted("tickets: %d", fakeStore{"tickets", &log, 1, nil}),
		Transcript: privacy.Counted("transcript: %d events", fakeStore{"transcript", &log, 12, nil}),
		Queue:      privacy.Counted("messenger: %d queued", fakeStore{"queue", &log, 2, nil}),
	}
	report, err := s.Forget(context.Background(), conv)
	if err != nil {
		t.Fatal(err)
	}
	wantLog := []string{"queue " + string(conv), "transcript " + string(conv), "tickets " + string(conv), "facts " + string(conv)}
	if !reflect.DeepEqual(log, wantLog) {
		t.Errorf("order %q, want %q: queued events first, or a worker would write a new transcript", log, wantLog)
	}
	want := []string{"messenger: 2 queued", "transcript: 12 events", "tickets: 1", "quality facts: 7"}
	if !reflect.DeepEqual(report, want) {
		t.Errorf("report %q, want %q", report, want)
	}
}

func TestForgetGoesOnAfterAFailure(t *testing.T) {
	var log []string
	down := errors.New("tickets: redis down")
	s := privacy.Stores{
		Transcript: privacy.Counted("transcript: %d events", fakeStore{"transcript", &log, 3, nil}),
		Tickets:    privacy.Counted("tickets: %d", fakeStore{"tickets", &log, 0, down}),
		Facts:      privacy.Counted("quality facts: %d", fakeStore{"facts", &log, 2, nil}),
	}
	report, err := s.Forget(context.Background(), guichet.NewConversationID(guichet.ChannelWeb, "abc"))
	if !errors.Is(err, down) {
		t.Errorf("err = %v, want the tickets failure", err)
	}
	if want := []string{"transcript: 3 events", "quality facts: 2"}; !reflect.DeepEqual(report, want) {
		t.Errorf("report %q, want %q: what was removed, without the failed store", report, want)
	}
	if len(log) != 3 {
		t.Errorf("stores asked: %q, want all three despite the failure", log)
	}
}
