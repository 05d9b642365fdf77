package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/guichet/guichet"
)

// Timings of the bus connection. A silent connection is pinged after
// busIdle; if the ping gets no answer within another busIdle the
// connection is taken for dead and replaced.
const (
	busIdle       = 15 * time.Second
	busConfirm    = 5 * time.Second
	busMaxBackoff = 2 * time.Second
)

// redisBus feeds one Redis subscription into a hub. The subscription is
// opened by the first Subscribe and lives until Close.
type redisBus struct {
	client  redis.UniversalClient
	channel string
	hub     *hub
	stop    chan struct{} // closed by close
	// origin names this instance in the notices of its appends, which
	// announce delivers here itself: the copy Redis brings back is dropped.
	origin string

	mu      sync.Mutex
	ps      *redis.PubSub // current connection; nil before the first Subscribe
	stopped bool
	done    chan struct{} // closed when the pump returns
}

func newRedisBus(client redis.UniversalClient, channel string) *redisBus {
	var b [8]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand)
	return &redisBus{client: client, channel: channel, hub: newHub(busBuffer), stop: make(chan struct{}),
		origin: hex.EncodeToString(b[:])}
}

// wireNotice is a Notice on the wire, with the instance that published
// it when that instance delivered it locally already (announce).
type wireNotice struct {
	Notice
	Origin string `json:"o,omitempty"`
}

// encode is the JSON of n as this instance's announcement.
func (b *redisBus) encode(n Notice) []byte {
	msg, _ := json.Marshal(wireNotice{Notice: n, Origin: b.origin}) // nothing in a Notice fails to encode
	return msg
}

// Publish implements Bus.
func (r *Redis) Publish(ctx context.Context, n Notice) error {
	const op = "store: publish"
	msg, err := json.Marshal(n)
	if err != nil {
		return guichet.E(guichet.Invalid, op, err)
	}
	if r.bus.sharded() {
		return unavailable(op, r.client.SPublish(ctx, r.bus.channel, msg).Err())
	}
	return unavailable(op, r.client.Publish(ctx, r.bus.channel, msg).Err())
}

// sharded reports whether notices go by sharded pub/sub (SPUBLISH and
// SSUBSCRIBE, Redis 7): on a Redis Cluster. There the channel lives on the
// shard of its slot, which delivers notices in the order they were
// published; plain PUBLISH goes to any node and is relayed to the others,
// so two notices may arrive in either order.
func (b *redisBus) sharded() bool {
	_, ok := b.client.(*redis.ClusterClient)
	return ok
}

// subscribe opens a subscription to the channel.
func (b *redisBus) subscribe(ctx context.Context) *redis.PubSub {
	if b.sharded() {
		return b.client.SSubscribe(ctx, b.channel)
	}
	return b.client.Subscribe(ctx, b.channel)
}

// Subscribe implements Bus. It returns once Redis has confirmed the
// subscription, so a notice published afterwards is received.
func (r *Redis) Subscribe(ctx context.Context) (<-chan Notice, error) {
	const op = "store: subscribe"
	if err := r.bus.start(ctx); err != nil {
		return nil, unavailable(op, err)
	}
	return r.bus.hub.subscribe(ctx, op)
}

// start opens the subscription and its pump unless they run already.
func (b *redisBus) start(ctx context.Context) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.stopped {
		return errors.New("store closed")
	}
	if b.ps != nil {
		return nil
	}
	ps := b.subscribe(ctx)
	if err := confirm(ctx, ps); err != nil {
		ps.Close()
		return err
	}
	b.ps, b.done = ps, make(chan struct{})
	go b.pump(ps)
	return nil
}

// confirm waits for Redis to acknowledge the subscription.
func confirm(ctx context.Context, ps *redis.PubSub) error {
	for {
		msg, err := ps.ReceiveTimeout(ctx, busConfirm)
		if err != nil {
			return err
		}
		if _, ok := msg.(*redis.Subscription); ok {
			return nil
		}
	}
}

// pump moves messages from Redis to the hub until close. go-redis
// reconnects and resubscribes by itself after a network error; notices
// published meanwhile are lost, so each resubscription is announced to
// subscribers as a resync.
func (b *redisBus) pump(ps *redis.PubSub) {
	defer close(b.done)
	// A timeout leaves the connection usable: ping once, and replace the
	// connection if that brings no answer either. After any other error
	// go-redis redials on the next receive; back off while it fails.
	backoff, pinged := time.Duration(0), false
	for {
		msg, err := ps.ReceiveTimeout(context.Background(), busIdle)
		switch {
		case b.isStopped():
			return
		case isTimeout(err) && !pinged:
			pinged = true
			_ = ps.Ping(context.Background()) // a failure shows on the next receive
		case isTimeout(err):
			if ps = b.replace(ps); ps == nil {
				return
			}
			pinged = false
		case err != nil:
			backoff = min(max(2*backoff, 50*time.Millisecond), busMaxBackoff)
			if !b.sleep(backoff) {
				return
			}
		default:
			backoff, pinged = 0, false
			b.deliver(msg)
		}
	}
}

// deliver hands one message from Redis to the hub.
func (b *redisBus) deliver(msg any) {
	switch m := msg.(type) {
	case *redis.Subscription:
		// Only a resubscription gets here: start consumed the first.
		_ = b.hub.publish("", Notice{Topic: TopicResync})
	case *redis.Message:
		var n wireNotice
		// Something that is not a Notice was published on our channel by
		// another program: nobody here could act on it.
		if json.Unmarshal([]byte(m.Payload), &n) == nil && n.Origin != b.origin {
			_ = b.hub.publish("", n.Notice)
		}
	}
}

// replace swaps a connection that stopped answering for a new one; its
// subscription confirmation will reach deliver and trigger a resync.
func (b *redisBus) replace(old *redis.PubSub) *redis.PubSub {
	old.Close()
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.stopped {
		return nil
	}
	b.ps = b.subscribe(context.Background())
	return b.ps
}

func (b *redisBus) sleep(d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-b.stop:
		return false
	}
}

func (b *redisBus) isStopped() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.stopped
}

// close stops the pump, waits for it, and ends every local subscription.
func (b *redisBus) close() {
	b.mu.Lock()
	b.stopped = true
	close(b.stop)
	ps, done := b.ps, b.done
	b.mu.Unlock()
	if ps != nil {
		ps.Close() // unblocks the pump's receive
		<-done
	}
	b.hub.close()
}

func isTimeout(err error) bool {
	var netErr net.Error
	return errors.As(err, &netErr) && netErr.Timeout()
}
