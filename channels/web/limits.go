package web

import (
	"sync"
	"time"
)

// bucket is a token bucket: burst tokens, refilled at rate per second. It
// is not safe for concurrent use; its owner serializes.
type bucket struct {
	tokens float64
	last   time.Time
}

// take spends a token if there is one, else says how long until there is.
func (b *bucket) take(now time.Time, rate, burst float64) (bool, time.Duration) {
	b.refill(now, rate, burst)
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) / rate * float64(time.Second))
}

func (b *bucket) refill(now time.Time, rate, burst float64) {
	if b.last.IsZero() {
		b.tokens, b.last = burst, now
		return
	}
	if el := now.Sub(b.last).Seconds(); el > 0 {
		b.tokens = min(burst, b.tokens+el*rate)
		b.last = now
	}
}

func (b *bucket) full(now time.Time, rate, burst float64) bool {
	b.refill(now, rate, burst)
	return b.tokens >= burst
}

// messageBurst is how many messages a client may send at once (a queue
// flushed after a reconnect) before the per-minute rate applies.
func messageBurst(perMinute int) float64 { return float64(min(perMinute, 10)) }

// ipLimiter bounds the connections of one address: at most max open at
// once, and at most max new ones per minute, so that reconnecting in a loop
// does not reset the per-connection message budget.
type ipLimiter struct {
	max int

	mu        sync.Mutex
	ips       map[string]*ipState
	nextSweep time.Time
}

type ipState struct {
	open     int
	attempts bucket
}

func newIPLimiter(max int) *ipLimiter {
	return &ipLimiter{max: max, ips: make(map[string]*ipState)}
}

func (l *ipLimiter) rate() float64 { return float64(l.max) / 60 }

// acquire reports whether ip may open one more connection; if so, the
// caller must release it.
func (l *ipLimiter) acquire(ip string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sweep(now)
	s := l.ips[ip]
	if s == nil {
		s = &ipState{}
		l.ips[ip] = s
	}
	if s.open >= l.max {
		return false
	}
	if ok, _ := s.attempts.take(now, l.rate(), float64(l.max)); !ok {
		return false
	}
	s.open++
	return true
}

func (l *ipLimiter) release(ip string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if s := l.ips[ip]; s != nil && s.open > 0 {
		s.open--
	}
}

// sweep forgets, once a minute, addresses with nothing open and a full
// bucket: remembering them would change nothing.
func (l *ipLimiter) sweep(now time.Time) {
	if now.Before(l.nextSweep) {
		return
	}
	l.nextSweep = now.Add(time.Minute)
	for ip, s := range l.ips {
		if s.open == 0 && s.attempts.full(now, l.rate(), float64(l.max)) {
			delete(l.ips, ip)
		}
	}
}
