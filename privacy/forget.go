package privacy

import (
	"context"
	"errors"
	"fmt"

	"github.com/guichet/guichet"
)

// Forgetter erases one store's share of a person's data and says in a
// few words what went ("transcript: 12 events"), for the report of
// 'guichet privacy forget'. Running it again is harmless: it then removes
// nothing.
type Forgetter interface {
	Forget(ctx context.Context, conv guichet.ConversationID) (report string, err error)
}

// Counter is what the stores implement (store.Redis, the hand-off's
// ticket stores, the quality stores): delete conv's data and count what
// went.
type Counter interface {
	Forget(ctx context.Context, conv guichet.ConversationID) (int, error)
}

// Counted is the Forgetter of a store that counts what it removed; format
// words the count ("tickets: %d").
func Counted(format string, c Counter) Forgetter { return counted{format, c} }

type counted struct {
	format string
	c      Counter
}

func (c counted) Forget(ctx context.Context, conv guichet.ConversationID) (string, error) {
	n, err := c.c.Forget(ctx, conv)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf(c.format, n), nil
}

// Stores are the places that keep a person's data.
type Stores struct {
	// Queue holds the channel's events not handled yet (the Messenger
	// stream) and its per-person records; nil when the channel keeps none.
	Queue      Forgetter
	Transcript Forgetter
	Tickets    Forgetter
	Facts      Forgetter
}

// Forget erases conv from every store, in the order that keeps anything
// from coming back: queued events first (a worker would make a new
// transcript of them), then the transcript (the bot's state with it),
// the tickets and the facts. It goes on after a failure, so that the
// report says what was removed, and returns every failure.
func (s Stores) Forget(ctx context.Context, conv guichet.ConversationID) ([]string, error) {
	var report []string
	var errs []error
	for _, f := range []Forgetter{s.Queue, s.Transcript, s.Tickets, s.Facts} {
		if f == nil {
			continue
		}
		line, err := f.Forget(ctx, conv)
		if line != "" {
			report = append(report, line)
		}
		errs = append(errs, err)
	}
	return report, errors.Join(errs...)
}
