package messenger

import (
	"context"
	"time"

	"github.com/guichet/guichet"
)

// process acts on one queued event and names the outcome for the metrics.
// pre, when not nil, is the event's window already recorded (see arrive).
func (c *Channel) process(ctx context.Context, d delivery, pre *touched) (string, error) {
	if d.bad {
		return "undecodable", nil
	}
	ev := d.ev
	conv := guichet.NewConversationID(guichet.ChannelMessenger, ev.PSID)
	switch ev.Kind {
	case kindEcho:
		if ev.Ours {
			return "echo_ours", nil // never answer an echo: that is how reply loops start
		}
		return "echo_other", c.mute(ctx, conv)
	case kindMessage, kindPostback:
		return c.incoming(ctx, d, conv, pre)
	}
	return "ignored", nil
}

// arrive records the windows of the messages and postbacks among ds and
// claims their mids, in one round trip: one result for each of ds, nil
// for those left to process (other kinds, or a single entry).
func (c *Channel) arrive(ctx context.Context, ds []delivery) []*touched {
	pre := make([]*touched, len(ds))
	var as []arrival
	var idx []int
	for i, d := range ds {
		if a, ok := c.arrival(d); ok {
			as, idx = append(as, a), append(idx, i)
		}
	}
	if len(as) < 2 {
		return pre
	}
	for j, t := range c.windows.touchAll(ctx, as) {
		pre[idx[j]] = &t
	}
	return pre
}

// arrival is what d records in its window, for a message or postback.
func (c *Channel) arrival(d delivery) (arrival, bool) {
	if d.bad || d.ev.Kind != kindMessage && d.ev.Kind != kindPostback {
		return arrival{}, false
	}
	at, outcome := c.timing(d.ev)
	return arrival{conv: guichet.NewConversationID(guichet.ChannelMessenger, d.ev.PSID), at: at,
		mid: c.midToClaim(d, outcome)}, true
}

// timing is when ev was written, for its window, and why it gets no
// answer ("" when it does).
func (c *Channel) timing(ev inbound) (time.Time, string) {
	now := c.now()
	at := time.UnixMilli(ev.Time)
	if ev.Time <= 0 || at.After(now) {
		at = now // a missing or future timestamp must not stretch the window
	}
	switch {
	case ev.Standby:
		return at, "standby" // another app owns the thread: it answers
	case now.Sub(at) >= StandardWindow:
		return at, "expired" // too late for any automated answer
	case ev.Text == "" && ev.Payload == "" && ev.Attachments == 0:
		return at, "empty"
	}
	return at, ""
}

// incoming opens the window, then passes a new message to the handler.
// One step records the window and claims the mid (pre, when the worker's
// batch did it): one round trip to Redis.
func (c *Channel) incoming(ctx context.Context, d delivery, conv guichet.ConversationID, pre *touched) (string, error) {
	ev := d.ev
	at, outcome := c.timing(ev)
	if pre == nil {
		pre = &touched{}
		pre.w, pre.first, pre.err = c.windows.touch(ctx, conv, at, c.midToClaim(d, outcome))
	}
	if pre.err != nil || outcome != "" {
		return outcome, pre.err
	}
	if !pre.first {
		return "duplicate", nil
	}
	msg := guichet.Message{ID: ev.MID, Conversation: conv, Text: ev.Text, Payload: ev.Payload,
		Attachments: ev.Attachments, Time: at, Redelivered: d.redelivered}
	if err := c.handler.Handle(withWindow(ctx, conv, pre.w), msg); err != nil {
		if guichet.Is(err, guichet.Invalid) {
			c.log.Debug("messenger: message rejected by the handler", "conv", conv, "err", err)
			return "rejected", nil
		}
		return "", err
	}
	return "handled", nil
}

// midToClaim is the mid to claim for an event the handler is to see
// (outcome empty), deduplicating Meta's retries; "" when none is claimed.
// An entry claimed back from a consumer that died, or tried again in place
// after a failure, claims none: the mid may have been claimed by the
// attempt that failed or died before handling it; the handler's own
// idempotency (the transcript, by Message.ID) covers the rest.
func (c *Channel) midToClaim(d delivery, outcome string) string {
	if outcome != "" || d.redelivered || d.again {
		return ""
	}
	return d.ev.MID
}

// mute: a message from another app (Meta's own inbox) means a person of
// the page answered; the bot steps aside in that conversation.
func (c *Channel) mute(ctx context.Context, conv guichet.ConversationID) error {
	if c.muter == nil {
		return nil
	}
	return c.muter.Mute(ctx, conv, c.now().Add(c.muteFor))
}
