package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/console"
	"github.com/guichet/guichet/internal/clientip"
)

// withProxy makes the test server's peer (127.0.0.1) a trusted reverse
// proxy, so that browsers can come from the addresses they forward.
func withProxy(t *testing.T) func(*parts) {
	return func(p *parts) {
		r, err := clientip.New([]string{"127.0.0.1"})
		if err != nil {
			t.Fatal(err)
		}
		p.console.ClientIP = r.IP
	}
}

// A stranger who knows an agent's name and hammers the login from
// elsewhere does not keep the agent out (issue 14, item 3).
func TestStrangerCannotLockAnAgentOut(t *testing.T) {
	h := newHarness(t, withProxy(t))
	stranger := h.browserVia("203.0.113.66")
	for range 30 {
		stranger.login("bob", "guessing the password")
	}
	if code, _ := stranger.login("bob", "guessing the password"); code != http.StatusTooManyRequests {
		t.Fatalf("the stranger's 31st try = %d, want 429", code)
	}
	if code, _ := h.browserVia("198.51.100.20").login("bob", password); code != http.StatusSeeOther {
		t.Fatalf("bob from his own address = %d, want 303: strangers' failures must not lock him out", code)
	}
}

// Behind the same address as the stranger (one NAT for the whole office),
// the agent's own browser, where they logged in before, still gets in.
func TestKnownDeviceIsNotBlocked(t *testing.T) {
	h := newHarness(t, withProxy(t))
	office := "198.51.100.7"
	bob := h.browserVia(office)
	if code, _ := bob.login("bob", password); code != http.StatusSeeOther {
		t.Fatalf("first login = %d", code)
	}
	_, page := bob.get("/console/")
	csrf := csrfRE.FindStringSubmatch(page)
	if csrf == nil {
		t.Fatal("console page has no CSRF field")
	}
	bob.post("/console/logout", url.Values{"csrf": {csrf[1]}})
	stranger := h.browserVia(office)
	for range 30 {
		stranger.login("bob", "guessing the password")
	}
	if code, _ := h.browserVia(office).login("bob", password); code != http.StatusTooManyRequests {
		t.Fatalf("a new browser behind the same address = %d, want 429", code)
	}
	if code, _ := bob.login("bob", password); code != http.StatusSeeOther {
		t.Fatalf("bob's own browser = %d, want 303: a known device is not slowed by others' failures", code)
	}
}

// With a trusted proxy, the client is the address the proxy appended, not
// whatever the client wrote before it (issue 14, item 4).
func TestForgedForwardedForIsIgnored(t *testing.T) {
	h := newHarness(t, withProxy(t))
	for i := range 4 {
		forged := "192.0.2." + string(rune('1'+i))
		h.browserVia(forged+", 203.0.113.9").login("bob", "guessing the password")
	}
	code, _ := h.browserVia("192.0.2.99", "203.0.113.9").login("bob", password)
	if code != http.StatusTooManyRequests {
		t.Fatalf("after 4 failures from 203.0.113.9 with forged hops before it = %d, want 429", code)
	}
	if code, _ := h.browserVia("192.0.2.99, 203.0.113.10").login("bob", password); code != http.StatusSeeOther {
		t.Fatalf("another client behind the proxy = %d, want 303", code)
	}
}

func TestLoginAttemptsAreLogged(t *testing.T) {
	var logs strings.Builder
	h := newHarness(t, withProxy(t), withLog(&logs))
	h.browserVia("203.0.113.66").login("bob", "guessing the password")
	out := logs.String()
	for _, want := range []string{"console: login failed", "agent=bob", "source=203.0.113.66", "failures=1"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
}

// Logging out ends the session on the server: the old cookie no longer
// opens the console (issue 14, item 5).
func TestLogoutEndsTheSession(t *testing.T) {
	h := newHarness(t)
	b := h.browser()
	b.login("alice", password)
	u, _ := url.Parse(h.srv.URL)
	var old *http.Cookie
	for _, c := range b.c.Jar.Cookies(u) {
		if c.Name == "guichet_console" {
			old = c
		}
	}
	_, page := b.get("/console/")
	csrf := csrfRE.FindStringSubmatch(page)
	if old == nil || csrf == nil {
		t.Fatal("no session cookie or CSRF field after login")
	}
	if code, _ := b.post("/console/logout", url.Values{"csrf": {csrf[1]}}); code != http.StatusSeeOther {
		t.Fatalf("logout = %d", code)
	}
	replay := h.browser()
	replay.c.Jar.SetCookies(u, []*http.Cookie{{Name: old.Name, Value: old.Value, Path: "/"}})
	if code, _ := replay.get("/console/"); code != http.StatusSeeOther {
		t.Fatalf("console with the logged-out cookie = %d, want a redirect to the login page", code)
	}
	if code, _ := replay.get("/api/v1/me"); code != http.StatusUnauthorized {
		t.Fatalf("API with the logged-out cookie = %d, want 401", code)
	}
}

// 'guichet agent revoke' (Accounts.Revoke) ends every session and token
// of the agent on running instances.
func TestRevokeEndsSessionsAndTokens(t *testing.T) {
	h := newHarness(t)
	b := h.browser()
	b.login("alice", password)
	if code, _ := b.get("/console/"); code != http.StatusOK {
		t.Fatalf("console = %d", code)
	}
	acc, err := console.LoadAccounts(h.cfg.AccountsFile)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := acc.Revoke("alice", h.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if err := acc.Save(h.cfg.AccountsFile); err != nil {
		t.Fatal(err)
	}
	h.clock.Add(3 * time.Second) // the file is looked at every 2 s
	if code, _ := b.get("/console/"); code != http.StatusSeeOther {
		t.Fatalf("console after revoke = %d, want a redirect to the login page", code)
	}
	if code, _ := h.call("GET", "/api/v1/me", "alice", nil); code != http.StatusUnauthorized {
		t.Fatalf("API token after revoke = %d, want 401", code)
	}
	if code, _ := b.login("alice", password); code != http.StatusSeeOther {
		t.Fatalf("login after revoke = %d, want 303", code)
	}
	if code, _ := b.get("/console/"); code != http.StatusOK {
		t.Fatalf("console after a new login = %d, want 200", code)
	}
}

// A new password ends the sessions opened with the old one.
func TestPasswordChangeEndsSessions(t *testing.T) {
	h := newHarness(t)
	b := h.browser()
	b.login("dan", password)
	acc, err := console.LoadAccounts(h.cfg.AccountsFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := acc.Set("dan", "Dan", console.RoleAgent, []byte("another long password")); err != nil {
		t.Fatal(err)
	}
	if err := acc.Save(h.cfg.AccountsFile); err != nil {
		t.Fatal(err)
	}
	h.clock.Add(3 * time.Second)
	if code, _ := b.get("/console/"); code != http.StatusSeeOther {
		t.Fatalf("console after a password change = %d, want a redirect to the login page", code)
	}
}
