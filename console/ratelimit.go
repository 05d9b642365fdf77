package console

import (
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Login limits: failures allowed per window before further attempts are
// refused until the window ends. Per account, so that a password cannot
// be guessed from many addresses; per address, so that one address cannot
// try many accounts. Counted per instance: N instances allow N times as
// many tries, still far too few to guess a 12-character password.
const (
	loginWindow     = 15 * time.Minute
	loginPerAccount = 5
	loginPerIP      = 20
	limiterMaxKeys  = 10000
)

type loginLimiter struct {
	now func() time.Time

	mu       sync.Mutex
	failures map[string]*window
}

type window struct {
	start time.Time
	count int
}

func newLoginLimiter(now func() time.Time) *loginLimiter {
	return &loginLimiter{now: now, failures: map[string]*window{}}
}

// blocked reports whether a login for account from ip must be refused,
// and for how long.
func (l *loginLimiter) blocked(ip, account string) (time.Duration, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	var wait time.Duration
	for key, limit := range map[string]int{"ip|" + ip: loginPerIP, "acct|" + account: loginPerAccount} {
		w := l.failures[key]
		if w != nil && now.Sub(w.start) < loginWindow && w.count >= limit {
			wait = max(wait, loginWindow-now.Sub(w.start))
		}
	}
	return wait, wait > 0
}

// fail counts a failed login.
func (l *loginLimiter) fail(ip, account string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if len(l.failures) >= limiterMaxKeys {
		l.prune(now)
	}
	for _, key := range []string{"ip|" + ip, "acct|" + account} {
		w := l.failures[key]
		if w == nil || now.Sub(w.start) >= loginWindow {
			w = &window{start: now}
			l.failures[key] = w
		}
		w.count++
	}
}

// succeed forgets the account's failures (not the address's).
func (l *loginLimiter) succeed(account string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.failures, "acct|"+account)
}

func (l *loginLimiter) prune(now time.Time) {
	for k, w := range l.failures {
		if now.Sub(w.start) >= loginWindow {
			delete(l.failures, k)
		}
	}
}

// clientIP is the address logins are limited by: the peer, or with
// trust_proxy the last hop of X-Forwarded-For (the one our proxy added).
func (s *Console) clientIP(r *http.Request) string {
	if s.trust {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			hops := strings.Split(xff, ",")
			return strings.TrimSpace(hops[len(hops)-1])
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
