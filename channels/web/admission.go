package web

import (
	"runtime"
	"sync/atomic"
	"time"
)

// admission bounds the messages being handled at once and the time one may
// wait for its turn. Each connection handles its own messages, so without
// it an overload has every connection's goroutine compete for the CPU and
// every answer slows down together until none arrives in time; with it,
// at most slots messages are handled, at most queue wait, each at most
// wait, and the others are refused at once with `unavailable` and a
// retry_after, which the widget honours by sending them again later.
type admission struct {
	slots   chan struct{}
	queue   int64
	wait    time.Duration
	waiting atomic.Int64
}

// Defaults of Options.Admission: enough messages in hand to keep the CPU
// busy while some wait on the store, a queue that drains within wait.
const (
	slotsPerCPU      = 8
	defaultQueue     = 2048
	defaultQueueWait = 50 * time.Millisecond
	// retryAfterBusy is the retry_after of a message refused for load,
	// spread by the widget's own jitter.
	retryAfterBusy = time.Second
)

// Admission tunes how the widget refuses work beyond its capacity.
type Admission struct {
	// Slots is how many messages are handled at once (default 8 per CPU).
	Slots int
	// Queue is how many more may wait for a slot (default 2048).
	Queue int
	// Wait is how long one may wait for a slot before it is refused
	// (default 50ms).
	Wait time.Duration
}

func newAdmission(a Admission) *admission {
	if a.Slots <= 0 {
		a.Slots = slotsPerCPU * runtime.GOMAXPROCS(0)
	}
	if a.Queue <= 0 {
		a.Queue = defaultQueue
	}
	if a.Wait <= 0 {
		a.Wait = defaultQueueWait
	}
	return &admission{slots: make(chan struct{}, a.Slots), queue: int64(a.Queue), wait: a.Wait}
}

// enter takes a slot, waiting at most the queue wait and only when fewer
// than the queue's length are waiting already. It reports false when the
// message must be refused; otherwise the caller must call leave.
func (a *admission) enter() bool {
	select {
	case a.slots <- struct{}{}:
		return true
	default:
	}
	if a.waiting.Add(1) > a.queue {
		a.waiting.Add(-1)
		return false
	}
	defer a.waiting.Add(-1)
	t := time.NewTimer(a.wait)
	defer t.Stop()
	select {
	case a.slots <- struct{}{}:
		return true
	case <-t.C:
		return false
	}
}

func (a *admission) leave() { <-a.slots }
