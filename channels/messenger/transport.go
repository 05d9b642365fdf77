package messenger

import (
	"context"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/dispatch"
)

// Transport delivers replies recorded by the dispatcher through the Send
// API. Register it with dispatcher.Register(guichet.ChannelMessenger, ...).
type Transport struct{ c *Channel }

var (
	_ dispatch.Transport      = (*Transport)(nil)
	_ dispatch.Admitter       = (*Transport)(nil)
	_ dispatch.FirstDeliverer = (*Transport)(nil)
)

// Transport returns the channel's dispatch transport.
func (c *Channel) Transport() *Transport { return &Transport{c: c} }

// Admit refuses, before anything is recorded, a reply Messenger would not
// accept: outside the windows, to a person who blocked the page, or while
// the page token is rejected. Errors: Invalid (not a Messenger
// conversation), Forbidden (with the reason and what the agent can do),
// Unavailable.
func (t *Transport) Admit(ctx context.Context, conv guichet.ConversationID, r guichet.Reply) error {
	_, err := t.c.route(ctx, conv, r.Role)
	return err
}

// Deliver queues ev for the senders and waits for the Send API's answer,
// so that the caller learns of a refusal (window, blocked). An event that
// already left (delivered again after a crash) is not sent twice. Errors:
// Forbidden, TooMany (Meta's rate limit persisted), Unavailable (send
// queue full, Graph down, caller gave up waiting: the reply may still
// leave).
func (t *Transport) Deliver(ctx context.Context, conv guichet.ConversationID, ev guichet.Event) error {
	return t.deliver(ctx, conv, ev, true)
}

// DeliverFirst is Deliver for an event the dispatcher has just recorded
// for the first time: it cannot have left before, so the sent log is not
// read.
func (t *Transport) DeliverFirst(ctx context.Context, conv guichet.ConversationID, ev guichet.Event) error {
	return t.deliver(ctx, conv, ev, false)
}

func (t *Transport) deliver(ctx context.Context, conv guichet.ConversationID, ev guichet.Event, checkSent bool) error {
	const op = "messenger: deliver"
	c := t.c
	// The window is checked again: it may have closed since Admit.
	tag, err := c.route(ctx, conv, ev.Role)
	if err != nil {
		return err
	}
	if checkSent && c.alreadySent(ctx, conv, ev.ID) {
		c.metrics.sends.WithLabelValues("already_sent").Inc()
		return nil
	}
	job := newSendJob(conv, tag, ev)
	select {
	case c.sendq <- job:
	default:
		c.metrics.sends.WithLabelValues("queue_full").Inc()
		return guichet.Errorf(guichet.Unavailable, op, "send queue full (%d replies waiting): Meta is slow or unreachable, retry later", cap(c.sendq))
	}
	select {
	case err := <-job.done:
		if k := knownWindowOf(ctx, conv); err != nil && k != nil {
			k.stale.Store(true)
		}
		return err
	case <-ctx.Done():
		return guichet.E(guichet.Unavailable, op, ctx.Err())
	}
}

// alreadySent reports whether event id of conv left: noted by this
// instance and not yet written, or in the sent log. On an error, sending
// twice beats not sending.
func (c *Channel) alreadySent(ctx context.Context, conv guichet.ConversationID, id string) bool {
	if b := c.behind.Load(); b != nil && b.noted(sentNote{conv: conv, id: id}) {
		return true
	}
	done, err := c.sentLog.sent(ctx, conv, id)
	return err == nil && done
}
