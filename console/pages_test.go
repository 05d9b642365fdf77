package console_test

import (
	"bufio"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
)

// browser is an HTTP client with cookies, like the console's browser.
type browser struct {
	h *harness
	c *http.Client
}

func (h *harness) browser() *browser {
	return h.browserVia()
}

// browserVia is a browser behind proxies: every request carries these
// X-Forwarded-For lines (the harness trusts 127.0.0.1, the test server's
// peer, as a proxy only when built withProxy).
func (h *harness) browserVia(forwardedFor ...string) *browser {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Transport: forwarding{lines: forwardedFor}}
	return &browser{h: h, c: c}
}

// forwarding adds X-Forwarded-For lines to every request.
type forwarding struct{ lines []string }

func (f forwarding) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	for _, l := range f.lines {
		r.Header.Add("X-Forwarded-For", l)
	}
	return http.DefaultTransport.RoundTrip(r)
}

func (b *browser) get(path string) (int, string) {
	b.h.t.Helper()
	res, err := b.c.Get(b.h.srv.URL + path)
	if err != nil {
		b.h.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// login fills the login form as a person would.
func (b *browser) login(name, pw string) (int, string) {
	b.h.t.Helper()
	_, page := b.get("/console/login")
	m := csrfRE.FindStringSubmatch(page)
	if m == nil {
		b.h.t.Fatalf("login page has no CSRF field:\n%s", page)
	}
	return b.post("/console/login", url.Values{"csrf": {m[1]}, "name": {name}, "password": {pw}})
}

func (b *browser) post(path string, form url.Values) (int, string) {
	b.h.t.Helper()
	res, err := b.c.PostForm(b.h.srv.URL+path, form)
	if err != nil {
		b.h.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}

func TestConsoleLoginAndCSRF(t *testing.T) {
	h := newHarness(t)
	b := h.browser()
	if code, _ := b.get("/console/"); code != http.StatusSeeOther {
		t.Fatalf("console without a session = %d, want a redirect to the login page", code)
	}
	if code, _ := b.login("alice", password); code != http.StatusSeeOther {
		t.Fatalf("login = %d, want 303", code)
	}
	u, _ := url.Parse(h.srv.URL)
	var session *http.Cookie
	for _, c := range b.c.Jar.Cookies(u) {
		if c.Name == "guichet_console" {
			session = c
		}
	}
	if session == nil {
		t.Fatal("no session cookie after login")
	}
	code, page := b.get("/console/")
	if code != 200 || !strings.Contains(page, "Alice") {
		t.Fatalf("console after login = %d", code)
	}
	csrf := regexp.MustCompile(`data-csrf="([^"]+)"`).FindStringSubmatch(page)[1]
	id := h.open(h.escalate(web("a"))).ID
	claim := func(token string) int {
		req, _ := http.NewRequest("POST", h.srv.URL+"/api/v1/tickets/"+id+"/claim", nil)
		if token != "" {
			req.Header.Set("X-CSRF-Token", token)
		}
		res, err := b.c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if code := claim(""); code != http.StatusForbidden {
		t.Fatalf("cookie-authenticated claim without CSRF token = %d, want 403", code)
	}
	if code := claim("wrong"); code != http.StatusForbidden {
		t.Fatalf("claim with a wrong CSRF token = %d, want 403", code)
	}
	if code := claim(csrf); code != http.StatusOK {
		t.Fatalf("claim with the CSRF token = %d, want 200", code)
	}
	if code, _ := b.post("/console/logout", url.Values{"csrf": {csrf}}); code != http.StatusSeeOther {
		t.Fatalf("logout = %d", code)
	}
	if code, _ := b.get("/console/"); code != http.StatusSeeOther {
		t.Fatal("console still open after logout")
	}
}

func TestConsoleLoginFormNeedsItsToken(t *testing.T) {
	h := newHarness(t)
	b := h.browser()
	code, page := b.post("/console/login", url.Values{"name": {"alice"}, "password": {password}})
	if code != http.StatusForbidden || !strings.Contains(page, "expiré") {
		t.Fatalf("login without the form's token = %d, want 403 with a message", code)
	}
}

// Failures past a few slow down that account from that source, with a
// wait that doubles at each further failure and ends by itself.
func TestConsoleLoginRateLimit(t *testing.T) {
	h := newHarness(t)
	b := h.browser()
	for i := range 3 {
		if code, page := b.login("bob", "wrong password!"); code != http.StatusUnauthorized || !strings.Contains(page, "incorrect") {
			t.Fatalf("wrong password %d = %d, want 401 with a message", i, code)
		}
	}
	code, page := b.login("bob", password)
	if code != http.StatusTooManyRequests || !strings.Contains(page, "Trop de tentatives") || !strings.Contains(page, "secondes") {
		t.Fatalf("login right after 3 failures from an unknown browser = %d, want 429 saying how many seconds", code)
	}
	if code, _ := h.browser().login("alice", password); code != http.StatusSeeOther {
		t.Fatalf("another account from the same address = %d, want 303 (the address limit is higher)", code)
	}
	h.clock.Add(3 * time.Second)
	if code, _ := b.login("bob", "wrong password!"); code != http.StatusUnauthorized {
		t.Fatalf("after the 2 s wait = %d, want the password checked again", code)
	}
	h.clock.Add(3 * time.Second)
	if code, _ := b.login("bob", password); code != http.StatusTooManyRequests {
		t.Fatalf("3 s after a fourth failure = %d, want 429: the wait doubled to 4 s", code)
	}
	h.clock.Add(2 * time.Second)
	if code, _ := b.login("bob", password); code != http.StatusSeeOther {
		t.Fatalf("login after the wait = %d, want 303", code)
	}
}

func TestConsoleExplainsMissingAccounts(t *testing.T) {
	h := newHarness(t)
	os.Remove(h.cfg.AccountsFile)
	h.clock.Add(3 * time.Second) // the accounts file is looked at every 2 s
	code, page := h.browser().get("/console/login")
	if code != 200 || !strings.Contains(page, "guichet agent add NOM --role supervisor") || !strings.Contains(page, "aucun mot de passe par défaut") {
		t.Fatalf("login page without accounts file = %d:\n%s", code, page)
	}
}

func TestConsoleStream(t *testing.T) {
	h := newHarness(t)
	req, _ := http.NewRequest("GET", h.srv.URL+"/api/v1/stream", nil)
	req.Header.Set("Authorization", "Bearer "+h.tokens["alice"])
	res, err := h.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if ct := res.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("stream content type %q", ct)
	}
	lines := bufio.NewScanner(res.Body)
	next := func(prefix string) string {
		for lines.Scan() {
			if strings.HasPrefix(lines.Text(), prefix) {
				return lines.Text()
			}
		}
		t.Fatalf("stream ended before %q: %v", prefix, lines.Err())
		return ""
	}
	next("event: hello")
	h.escalate(web("live"))
	next("event: ticket")
	data := next("data: ")
	if !strings.Contains(data, `"id":"web:live"`) || !strings.Contains(data, `"status":"waiting"`) || !strings.Contains(data, `"position":1`) {
		t.Fatalf("ticket event %s; want the new ticket with its conversation and position", data)
	}
}
