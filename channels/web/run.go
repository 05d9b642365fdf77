package web

import (
	"context"
	"sync"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/store"
)

// maxSyncing bounds the writers a resync keeps busy at once, so that
// catching up ten thousand connections does not start ten thousand
// goroutines and transcript reads in the same instant.
const maxSyncing = 256

// Run follows the store's bus until ctx ends and pushes new transcript
// events to the local connections of their conversation, whichever
// instance appended them. Notices are hints: each connection reads the
// transcript after the last event it sent, so a notice lost or doubled
// changes nothing, and after a TopicResync (or a new subscription) every
// connection looks. Run returns nil when ctx ends; it never gives up on a
// failing bus, it subscribes again.
func (ch *Channel) Run(ctx context.Context) error {
	wait := 100 * time.Millisecond
	for {
		notices, err := ch.events.Subscribe(ctx)
		if err == nil {
			ch.resyncAll() // whatever was published while we were not listening
			ch.follow(notices)
			wait = 100 * time.Millisecond
		}
		if ctx.Err() != nil {
			return nil
		}
		ch.log.Warn("web: bus subscription ended, subscribing again", "channel", guichet.ChannelWeb, "err", err)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(wait):
		}
		wait = min(2*wait, 5*time.Second)
	}
}

func (ch *Channel) follow(notices <-chan store.Notice) {
	for n := range notices {
		switch n.Topic {
		case store.TopicEvent:
			if n.Conversation.Channel() == guichet.ChannelWeb {
				ch.hub.notify(n.Conversation, n.Seq, n.Events)
			}
		case store.TopicResync:
			ch.resyncAll()
		}
	}
}

// resyncer runs one resync at a time; a resync asked for meanwhile runs
// again once the current one is through.
type resyncer struct {
	mu      sync.Mutex
	running bool
	again   bool
}

func (ch *Channel) resyncAll() {
	r := &ch.resync
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.running {
		r.again = true
		return
	}
	r.running = true
	go ch.resyncLoop()
}

func (ch *Channel) resyncLoop() {
	r := &ch.resync
	for {
		for _, c := range ch.hub.snapshot() {
			for ch.writers.Load() >= maxSyncing && !ch.isClosing() {
				time.Sleep(time.Millisecond)
			}
			c.notify(0)
		}
		r.mu.Lock()
		if !r.again {
			r.running = false
			r.mu.Unlock()
			return
		}
		r.again = false
		r.mu.Unlock()
	}
}
