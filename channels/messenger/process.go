package messenger

import (
	"context"
	"time"

	"github.com/guichet/guichet"
)

// process acts on one queued event and names the outcome for the metrics.
func (c *Channel) process(ctx context.Context, d delivery) (string, error) {
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
		return c.incoming(ctx, d, conv)
	}
	return "ignored", nil
}

// incoming opens the window, then passes a new message to the handler.
// One step records the window and claims the mid: one round trip to Redis.
func (c *Channel) incoming(ctx context.Context, d delivery, conv guichet.ConversationID) (string, error) {
	ev := d.ev
	now := c.now()
	at := time.UnixMilli(ev.Time)
	if ev.Time <= 0 || at.After(now) {
		at = now // a missing or future timestamp must not stretch the window
	}
	var outcome string
	switch {
	case ev.Standby:
		outcome = "standby" // another app owns the thread: it answers
	case now.Sub(at) >= StandardWindow:
		outcome = "expired" // too late for any automated answer
	case ev.Text == "" && ev.Payload == "" && ev.Attachments == 0:
		outcome = "empty"
	}
	w, first, err := c.windows.touch(ctx, conv, at, c.midToClaim(d, outcome))
	if err != nil || outcome != "" {
		return outcome, err
	}
	if !first {
		return "duplicate", nil
	}
	msg := guichet.Message{ID: ev.MID, Conversation: conv, Text: ev.Text, Payload: ev.Payload,
		Attachments: ev.Attachments, Time: at, Redelivered: d.redelivered}
	if err := c.handler.Handle(withWindow(ctx, conv, w), msg); err != nil {
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
