package web

import (
	"context"
	"encoding/json"
	"time"

	"github.com/guichet/guichet/store"
)

// Publisher is where the widget tells that a citizen is typing: the
// store's bus, which every instance's console follows.
type Publisher interface {
	Publish(ctx context.Context, n store.Notice) error
}

const (
	// typingEvery bounds the typing notices of one socket: widget.js sends
	// one every 2.5 s at most while the person types, and a console shows
	// one for 10 s.
	typingEvery = 2 * time.Second
	// typingTimeout bounds the publication: the reader waits for it.
	typingTimeout = 2 * time.Second
)

// onTyping passes on a typing frame as a store.TopicTyping notice, at most
// one "on" every typingEvery (more are dropped: the console still shows
// the last) and an "off" only after an "on". A typing frame never counts
// against the client: it is a courtesy, like the notice.
func (c *conn) onTyping(on bool) {
	if c.ch.typing == nil || !on && !c.typingShown {
		return
	}
	if ok, _ := c.typingRate.take(c.ch.now(), 1/typingEvery.Seconds(), 1); on && !ok {
		return
	}
	c.typingShown = on
	data, _ := json.Marshal(store.TypingNotice{On: on})
	ctx, cancel := context.WithTimeout(context.Background(), typingTimeout)
	defer cancel()
	if err := c.ch.typing.Publish(ctx, store.Notice{Topic: store.TopicTyping, Conversation: c.conv, Data: data}); err != nil {
		c.ch.log.Debug("web: typing notice not published", "err", err)
	}
}
