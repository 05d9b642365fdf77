package web

import (
	"context"
	"time"

	"github.com/guichet/guichet"
)

// onMessage checks a citizen's message and hands it to the handler.
func (c *conn) onMessage(f inbound) (exit, bool) {
	if err := checkClientID(f.ID); err != nil {
		c.queue(newErrorFrame(codeBadRequest, "", "Message sans identifiant valide : "+err.Error(), 0))
		return c.strike()
	}
	if text := checkMessage(f, c.ch.maxChars); text != "" {
		c.ch.metrics.messages.WithLabelValues("invalid").Inc()
		c.queue(newErrorFrame(codeInvalid, f.ID, text, 0))
		return exit{}, true
	}
	perMinute := c.ch.cfg.MessagesPerMinute
	if ok, wait := c.rate.take(time.Now(), float64(perMinute)/60, messageBurst(perMinute)); !ok {
		c.ch.metrics.messages.WithLabelValues("rate_limited").Inc()
		c.queue(newErrorFrame(codeTooMany, f.ID, msgTooMany, wait))
		return c.strike()
	}
	if !c.ch.admit.enter() {
		// Over capacity: refused before it is recorded, so that sending it
		// again later (the same id) is safe, and answered at once.
		c.ch.metrics.messages.WithLabelValues("busy").Inc()
		c.queue(newErrorFrame(codeUnavailable, f.ID, msgUnavailable, retryAfterBusy))
		return exit{}, true
	}
	defer c.ch.admit.leave()
	c.handle(f)
	return exit{}, true
}

// handle passes the message to the handler, which records it (under an id
// made of the conversation and the client's id, so that a message sent
// again after a reconnect is recognised) and answers through the
// transcript. Then the client gets every event it has not seen, and the
// acknowledgement: the store announces every event it records, usually
// with the event itself (see write), and a handler that failed may have
// recorded the message first, so then the transcript is read.
//
// The handler's context does not end with the socket: a message that
// reached us is handled even if its sender has gone, and is in the
// transcript when the client comes back.
func (c *conn) handle(f inbound) {
	m := guichet.Message{ID: c.prefix + f.ID, Conversation: c.conv, Text: f.Text, Payload: f.Payload,
		Time: c.ch.now()}
	c.mu.Lock()
	c.holding = true
	c.mu.Unlock()
	hideTyping := c.typingLater()
	ctx, cancel := context.WithTimeout(context.Background(), handleTimeout)
	start := time.Now()
	err := c.ch.handler.Handle(ctx, m)
	cancel()
	c.ch.metrics.handle.Observe(time.Since(start).Seconds())
	hideTyping()

	c.mu.Lock()
	c.holding = false
	if err == nil {
		c.acks = append(c.acks, f.ID)
	} else {
		c.dirty, c.ready = true, nil
	}
	run := c.startWriterLocked()
	c.mu.Unlock()
	if run {
		go c.writeLoop()
	}
	if err != nil {
		c.handleFailed(f.ID, err)
		return
	}
	c.strikes = 0
	c.ch.metrics.messages.WithLabelValues("handled").Inc()
}

// handleFailed tells the client whether to send the message again.
func (c *conn) handleFailed(id string, err error) {
	switch guichet.KindOf(err) {
	case guichet.Invalid:
		c.ch.metrics.messages.WithLabelValues("invalid").Inc()
		c.queue(newErrorFrame(codeInvalid, id, msgRefused, 0))
	case guichet.TooMany:
		c.ch.metrics.messages.WithLabelValues("rate_limited").Inc()
		c.queue(newErrorFrame(codeTooMany, id, msgTooMany, 5*time.Second))
	default:
		c.ch.metrics.messages.WithLabelValues("failed").Inc()
		c.ch.log.Warn("web: handle message", "channel", guichet.ChannelWeb, "err", err)
		c.queue(newErrorFrame(codeUnavailable, id, msgUnavailable, 3*time.Second))
	}
}
