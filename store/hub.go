package store

import (
	"context"
	"sync"

	"github.com/guichet/guichet"
)

// hub fans notices out to the subscribers of one process. Both stores use
// it: Memory publishes into it directly, Redis feeds it from one pub/sub
// connection so that each instance holds a single subscription however
// many local subscribers it has.
//
// Publishing never waits for a subscriber: each has a bounded buffer, and
// one whose buffer is full loses its unread notices and gets a single
// TopicResync in their place.
type hub struct {
	mu     sync.Mutex
	subs   map[chan Notice]struct{}
	size   int
	closed bool
}

func newHub(size int) *hub {
	return &hub{subs: make(map[chan Notice]struct{}), size: size}
}

// subscribe registers a subscriber until ctx ends or the hub closes.
func (h *hub) subscribe(ctx context.Context, op string) (<-chan Notice, error) {
	ch := make(chan Notice, h.size)
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, guichet.Errorf(guichet.Unavailable, op, "store closed")
	}
	h.subs[ch] = struct{}{}
	context.AfterFunc(ctx, func() { h.remove(ch) })
	return ch, nil
}

func (h *hub) remove(ch chan Notice) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.subs[ch]; ok {
		delete(h.subs, ch)
		close(ch)
	}
}

// publish hands n to every subscriber without blocking. The lock is held
// while sending so that no channel is closed under a sender, and so that
// two publishers never interleave a drain and its resync.
func (h *hub) publish(op string, n Notice) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return guichet.Errorf(guichet.Unavailable, op, "store closed")
	}
	for ch := range h.subs {
		offer(ch, n)
	}
	return nil
}

// offer sends n, or replaces what ch holds with a resync when it is full.
// Dropping the unread notices is safe: the subscriber reconciles with the
// store when it reads the resync, which covers n and all before it.
func offer(ch chan Notice, n Notice) {
	select {
	case ch <- n:
		return
	default:
	}
	for drained := false; !drained; {
		select {
		case <-ch:
		default:
			drained = true
		}
	}
	select {
	case ch <- Notice{Topic: TopicResync}:
	default: // unreachable: only this locked publisher adds to ch
	}
}

// close ends every subscription.
func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for ch := range h.subs {
		delete(h.subs, ch)
		close(ch)
	}
}
