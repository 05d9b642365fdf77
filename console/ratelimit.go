package console

import (
	"net"
	"net/http"
	"sync"
	"time"
)

// Login throttling. A stranger who knows agents' names must not be able
// to keep them out, so nothing is locked for everyone: failures are
// counted per account and source (the client address, or the agent's
// known device), and each failure past a few free ones doubles the wait
// before that account may be tried again from that source. The real
// agent logs in from their own address, or from a browser where they
// logged in before (a device cookie), untouched by failures elsewhere.
// Failures from one address across many accounts (spraying) slow that
// address down, except on known devices. Counted per instance: N
// instances allow N times as many tries, still far too few to guess a
// 12-character password.
const (
	freePerAccount = 3                // failures per account and source before waits start
	freePerSource  = 20               // failures per address, all accounts, before waits start
	firstWait      = 2 * time.Second  // the wait after the first counted failure; it doubles
	maxWait        = 15 * time.Minute // waits grow up to this
	forgetAfter    = time.Hour        // failures older than this are forgotten
	limiterMaxKeys = 10000
)

// loginSource says where an attempt comes from.
type loginSource struct {
	ip     string
	device string // the known device's id, "" when unknown
}

type loginLimiter struct {
	now func() time.Time

	mu       sync.Mutex
	failures map[string]*failures
}

// failures of one key: how many, and when the last one happened.
type failures struct {
	n    int
	last time.Time
}

func newLoginLimiter(now func() time.Time) *loginLimiter {
	return &loginLimiter{now: now, failures: map[string]*failures{}}
}

// keys are the counters an attempt for account from src is subject to,
// with the failures each lets pass without a wait.
func (src loginSource) keys(account string) map[string]int {
	if src.device != "" {
		return map[string]int{"acct|" + account + "|dev|" + src.device: freePerAccount}
	}
	return map[string]int{"acct|" + account + "|ip|" + src.ip: freePerAccount, "ip|" + src.ip: freePerSource}
}

// blocked returns how long account must wait before trying again from
// src, if at all.
func (l *loginLimiter) blocked(src loginSource, account string) (time.Duration, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	var wait time.Duration
	for key, free := range src.keys(account) {
		f := l.failures[key]
		if f == nil || f.n < free {
			continue
		}
		if left := waitAfter(f.n-free) - now.Sub(f.last); left > 0 {
			wait = max(wait, left)
		}
	}
	return wait, wait > 0
}

// waitAfter is the wait after the counted-th failure past the free ones.
func waitAfter(counted int) time.Duration {
	w := firstWait
	for range min(counted, 20) {
		w *= 2
	}
	return min(w, maxWait)
}

// fail counts a wrong password and returns the failures of account from
// src.
func (l *loginLimiter) fail(src loginSource, account string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if len(l.failures) >= limiterMaxKeys {
		l.prune(now)
	}
	n := 0
	for key := range src.keys(account) {
		f := l.failures[key]
		if f == nil || now.Sub(f.last) >= forgetAfter {
			f = &failures{}
			l.failures[key] = f
		}
		f.n++
		f.last = now
		if key[:5] == "acct|" {
			n = f.n
		}
	}
	return n
}

// succeed forgets the failures of account from src.
func (l *loginLimiter) succeed(src loginSource, account string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for key := range src.keys(account) {
		if key[:5] == "acct|" {
			delete(l.failures, key)
		}
	}
}

func (l *loginLimiter) prune(now time.Time) {
	for k, f := range l.failures {
		if now.Sub(f.last) >= forgetAfter {
			delete(l.failures, k)
		}
	}
}

// clientIP is the address logins are counted by: Options.ClientIP (the
// one function the widget uses too), or the peer.
func (s *Console) clientIP(r *http.Request) string {
	if s.clientAddr != nil {
		return s.clientAddr(r)
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
