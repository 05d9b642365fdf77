package messenger

import (
	"context"
	"sync"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/dispatch"
	"github.com/guichet/guichet/store"
)

// answerer stands in for the bot engine: it records the message in the
// transcript (deduplicated by Message.ID), then answers through the
// dispatcher unless the transcript already holds its answer, so that an
// event processed again after a crash is answered once.
type answerer struct {
	disp  *dispatch.Dispatcher
	store store.Store

	mu    sync.Mutex
	seen  []guichet.Message
	block func(ctx context.Context, m guichet.Message) // called between recording and answering
	err   error                                        // returned instead of handling
	// failures is how many calls, after recording the message, fail as a
	// store outage would.
	failures int
}

func (a *answerer) Handle(ctx context.Context, m guichet.Message) error {
	a.mu.Lock()
	a.seen = append(a.seen, m)
	block, err := a.block, a.err
	a.mu.Unlock()
	if err != nil {
		return err
	}
	if _, _, err := a.disp.Record(ctx, m.Conversation, guichet.Event{ID: m.ID, Role: guichet.RoleUser, Text: m.Text, Time: m.Time}); err != nil {
		return err
	}
	if block != nil {
		block(ctx, m)
	}
	a.mu.Lock()
	fail := a.failures > 0
	if fail {
		a.failures--
	}
	a.mu.Unlock()
	if fail {
		return guichet.Errorf(guichet.Unavailable, "answerer", "store down")
	}
	if err := ctx.Err(); err != nil {
		return guichet.E(guichet.Unavailable, "answerer", err)
	}
	done, err := a.answered(ctx, m)
	if err != nil || done {
		return err
	}
	_, err = a.disp.Send(ctx, m.Conversation, a.reply(m))
	return err
}

func (a *answerer) reply(m guichet.Message) guichet.Reply {
	r := guichet.Reply{Role: guichet.RoleBot, Meta: &guichet.Meta{Decision: "answer", Entry: m.ID}}
	switch {
	case m.Attachments > 0:
		r.Text = "Je ne peux pas lire les pièces jointes : pouvez-vous décrire votre demande par écrit ?"
	case m.Payload != "":
		r.Text = "Choix : " + m.Payload
	default:
		r.Text = "Reçu : " + m.Text
	}
	return r
}

// answered reports whether the transcript holds the answer to m.
func (a *answerer) answered(ctx context.Context, m guichet.Message) (bool, error) {
	evs, err := a.store.Events(ctx, m.Conversation, 0, 1000)
	if err != nil {
		return false, err
	}
	for _, ev := range evs {
		if ev.Role == guichet.RoleBot && ev.Meta != nil && ev.Meta.Entry == m.ID {
			return true, nil
		}
	}
	return false, nil
}

func (a *answerer) messages() []guichet.Message {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]guichet.Message(nil), a.seen...)
}
