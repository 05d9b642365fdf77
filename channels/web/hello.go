package web

import (
	"context"
	"encoding/json"
	"time"

	"github.com/gorilla/websocket"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/dispatch"
)

// hello reads the client's first frame: a new conversation, or one to
// resume from the last sequence number the client saw. Knowing a
// conversation's id is what entitles a client to it, so ids are 128
// random bits and only ids of that shape are accepted.
func (c *conn) hello() (exit, bool) {
	c.ws.SetReadDeadline(time.Now().Add(helloTimeout)) //nolint:errcheck
	if c.goingAway.Load() {
		c.ws.SetReadDeadline(time.Now()) //nolint:errcheck
	}
	_, data, err := c.ws.ReadMessage()
	if err != nil {
		return readError(err), false
	}
	var f inbound
	if err := json.Unmarshal(data, &f); err != nil || f.Type != typeHello {
		c.queue(newErrorFrame(codeBadRequest, "", "Le premier message doit être un hello.", 0))
		return exit{code: websocket.ClosePolicyViolation, text: "hello attendu", reason: "protocol"}, false
	}
	subject, resumed := f.Conversation, f.Conversation != ""
	if !resumed {
		subject = dispatch.NewID()
	} else if err := checkSubject(subject); err != nil {
		c.queue(newErrorFrame(codeBadRequest, "", "Identifiant de conversation invalide : "+err.Error(), 0))
		return exit{code: websocket.ClosePolicyViolation, text: "conversation invalide", reason: "protocol"}, false
	}
	conv := guichet.NewConversationID(guichet.ChannelWeb, subject)
	if resumed && !c.issued(conv) {
		// Not a conversation of ours (made up, or expired): a new one,
		// with a new id, rather than a transcript anyone could claim.
		subject, resumed, f.After = dispatch.NewID(), false, 0
		conv = guichet.NewConversationID(guichet.ChannelWeb, subject)
	}
	after, reset := c.resumePoint(conv, f.After)
	welcome := mustJSON(welcomeFrame{Type: typeWelcome, Conversation: subject, Resumed: resumed,
		Reset: reset, MaxChars: c.ch.maxChars})

	c.mu.Lock()
	c.conv, c.prefix = conv, string(conv)+"/"
	c.lastSent = after
	c.whole = after == 0 && resumed
	// A conversation just started, under an id nobody else knows, has an
	// empty transcript: nothing to read back before its first notice.
	c.dirty = resumed
	start, _ := c.queueLocked(welcome)
	c.ping = time.AfterFunc(c.ch.cfg.PingInterval, c.sendPing)
	c.mu.Unlock()
	// Follow the conversation before the writer's first read, so that an
	// event appended after that read is announced to us.
	c.ch.hub.add(c)
	c.afterQueue(start, false)

	c.ws.SetPongHandler(func(string) error { c.extendDeadline(); return nil })
	c.extendDeadline()
	return exit{}, true
}

// issued reports whether conv is a conversation the server started: its
// transcript holds something (a widget says hello, then GET_STARTED or a
// question, at once). When the store cannot tell, the client is trusted:
// its conversation stays its own until the store is back.
func (c *conn) issued(conv guichet.ConversationID) bool {
	ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
	defer cancel()
	evs, err := c.ch.events.Events(ctx, conv, 0, 1)
	if err != nil {
		c.ch.log.Warn("web: hello: read transcript", "channel", guichet.ChannelWeb, "err", err)
		return true
	}
	return len(evs) > 0
}

// resumePoint checks that the client's last sequence number exists in the
// transcript. If not (the conversation expired and started again, or the
// client is confused), the client must drop what it shows and take the
// whole transcript again (reset).
func (c *conn) resumePoint(conv guichet.ConversationID, after int64) (int64, bool) {
	if after <= 0 {
		return 0, false
	}
	ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
	defer cancel()
	evs, err := c.ch.events.Events(ctx, conv, after-1, 1)
	if err != nil {
		// Trust the client: the writer retries its reads until the store
		// answers, and that read starts after its last sequence number.
		c.ch.log.Warn("web: resume: read transcript", "channel", guichet.ChannelWeb, "err", err)
		return after, false
	}
	if len(evs) == 0 || evs[0].Seq != after {
		return 0, true
	}
	return after, false
}
