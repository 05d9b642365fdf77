package console_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guichet/guichet"
)

func TestAPIAuthentication(t *testing.T) {
	h := newHarness(t)
	tests := []struct {
		name, header string
	}{
		{"no token", ""},
		{"wrong token", "Bearer gch_not-a-real-token"},
		{"not bearer", "Basic YWxpY2U6cGFzc3dvcmQ="},
		{"empty bearer", "Bearer "},
	}
	for _, tc := range tests {
		req, _ := http.NewRequest("GET", h.srv.URL+"/api/v1/tickets", nil)
		if tc.header != "" {
			req.Header.Set("Authorization", tc.header)
		}
		code, body := h.do(req)
		if code != http.StatusUnauthorized || errCode(body) != "unauthorized" {
			t.Errorf("%s: %d %v, want 401 unauthorized", tc.name, code, body)
		}
	}
	if code, body := h.call("GET", "/api/v1/me", "alice", nil); code != 200 || body["name"] != "alice" || body["role"] != "agent" {
		t.Fatalf("GET /me with a good token = %d %v", code, body)
	}
}

func TestAPIListCarriesConversationIDs(t *testing.T) {
	h := newHarness(t)
	h.escalate(web("abc"))
	h.escalate(guichet.NewConversationID(guichet.ChannelMessenger, "1234567890"))
	code, body := h.call("GET", "/api/v1/tickets?status=waiting", "alice", nil)
	if code != 200 || body["total"] != float64(2) {
		t.Fatalf("list = %d %v", code, body)
	}
	tickets := body["tickets"].([]any)
	want := []map[string]any{{"id": "web:abc", "channel": "web", "subject": "abc"},
		{"id": "messenger:1234567890", "channel": "messenger", "subject": "1234567890"}}
	for i, raw := range tickets {
		tk := raw.(map[string]any)
		conv := tk["conversation"].(map[string]any)
		for k, v := range want[i] {
			if conv[k] != v {
				t.Errorf("ticket %d conversation.%s = %v, want %v", i, k, conv[k], v)
			}
		}
		if tk["position"] != float64(i+1) {
			t.Errorf("ticket %d position %v, want %d", i, tk["position"], i+1)
		}
	}
	for _, bad := range []string{"?status=lost", "?limit=0", "?limit=abc"} {
		if code, body := h.call("GET", "/api/v1/tickets"+bad, "alice", nil); code != 400 || errCode(body) != "invalid_request" {
			t.Errorf("list%s = %d %v, want 400 invalid_request", bad, code, body)
		}
	}
}

func TestAPITicketContext(t *testing.T) {
	h := newHarness(t)
	conv := guichet.NewConversationID(guichet.ChannelMessenger, "42")
	h.say(conv, "Mon permis n'arrive pas")
	h.escalate(conv, func(e *guichet.Escalation) { e.Fields = map[string]string{"numero": "24AB"} })
	h.clock.Add(3 * time.Minute)
	code, d := h.call("GET", "/api/v1/tickets/"+h.open(conv).ID, "bob", nil)
	if code != 200 {
		t.Fatalf("get = %d %v", code, d)
	}
	ctx := d["context"].(map[string]any)
	cands := ctx["candidates"].([]any)
	first := cands[0].(map[string]any)
	if first["entry"] != "permis.delai" || first["answer"] != "Le délai moyen est de 16 jours." || first["confidence"] != 0.42 {
		t.Errorf("first candidate %v, want permis.delai with its answer text and confidence", first)
	}
	if ctx["last_entry"].(map[string]any)["title"] != "Délai du permis" {
		t.Errorf("last_entry %v", ctx["last_entry"])
	}
	if w := ctx["window"].(map[string]any); w["open"] != true || w["seconds_left"] != float64(20*3600) {
		t.Errorf("window %v, want open with 20 h left", w)
	}
	if ctx["fields"].(map[string]any)["numero"] != "24AB" || len(ctx["choices"].([]any)) != 2 {
		t.Errorf("fields %v choices %v", ctx["fields"], ctx["choices"])
	}
	tr := ctx["transcript"].([]any)
	if len(tr) != 2 || tr[0].(map[string]any)["text"] != "Mon permis n'arrive pas" {
		t.Errorf("transcript %v, want the citizen's message then the notice", tr)
	}
	if d["wait_seconds"] != float64(180) || d["reason"] != "explicit_request" {
		t.Errorf("wait_seconds %v reason %v", d["wait_seconds"], d["reason"])
	}
}

func TestAPIClaimConflicts(t *testing.T) {
	h := newHarness(t)
	id := h.open(h.escalate(web("a"))).ID
	if code, body := h.call("POST", "/api/v1/tickets/"+id+"/claim", "alice", nil); code != 200 {
		t.Fatalf("first claim = %d %v", code, body)
	}
	if code, _ := h.call("POST", "/api/v1/tickets/"+id+"/claim", "alice", nil); code != 200 {
		t.Fatalf("the same agent claiming again (double click) = %d, want 200", code)
	}
	code, body := h.call("POST", "/api/v1/tickets/"+id+"/claim", "bob", nil)
	if code != http.StatusConflict || errCode(body) != "already_claimed" {
		t.Fatalf("second agent's claim = %d %v, want 409 already_claimed", code, body)
	}
	if code, body := h.call("POST", "/api/v1/tickets/missing/claim", "bob", nil); code != 404 || errCode(body) != "not_found" {
		t.Fatalf("claim missing = %d %v", code, body)
	}
}

func TestAPIConcurrentClaimsOneWins(t *testing.T) {
	h := newHarness(t)
	id := h.open(h.escalate(web("a"))).ID
	var mu sync.Mutex
	codes := map[int]int{}
	var wg sync.WaitGroup
	for _, name := range agentNames {
		wg.Add(1)
		go func() {
			defer wg.Done()
			code, _ := h.call("POST", "/api/v1/tickets/"+id+"/claim", name, nil)
			mu.Lock()
			codes[code]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	if codes[200] != 1 || codes[409] != len(agentNames)-1 {
		t.Fatalf("status counts %v, want exactly one 200 and %d 409", codes, len(agentNames)-1)
	}
	joined := 0
	for _, ev := range h.notices(web("a")) {
		if ev.Meta.Status == "assigned" {
			joined++
		}
	}
	if joined != 1 {
		t.Fatalf("citizen told %d times that an agent joined, want 1", joined)
	}
}

func TestAPIRepliesOnlyFromTheHolder(t *testing.T) {
	h := newHarness(t)
	conv := h.escalate(web("a"))
	id := h.open(conv).ID
	msg := map[string]string{"text": "Bonjour"}
	if code, body := h.call("POST", "/api/v1/tickets/"+id+"/messages", "alice", msg); code != 403 || errCode(body) != "not_your_ticket" {
		t.Fatalf("reply to a waiting ticket = %d %v, want 403 not_your_ticket", code, body)
	}
	h.call("POST", "/api/v1/tickets/"+id+"/claim", "alice", nil)
	if code, body := h.call("POST", "/api/v1/tickets/"+id+"/messages", "bob", msg); code != 403 || errCode(body) != "not_your_ticket" {
		t.Fatalf("reply to alice's ticket by bob = %d %v, want 403 not_your_ticket", code, body)
	}
	for _, action := range []string{"release", "resolve", "return"} {
		code, body := h.call("POST", "/api/v1/tickets/"+id+"/"+action, "bob", map[string]string{"reason": "x"})
		if code != 403 || errCode(body) != "not_your_ticket" {
			t.Errorf("%s of alice's ticket by bob = %d %v, want 403 not_your_ticket", action, code, body)
		}
	}
	code, body := h.call("POST", "/api/v1/tickets/"+id+"/messages", "alice", msg)
	if code != 201 || body["delivered"] != true {
		t.Fatalf("alice's reply = %d %v", code, body)
	}
	evs := h.events(conv)
	last := evs[len(evs)-1]
	if last.Role != guichet.RoleAgent || last.Author != "Alice" || last.Text != "Bonjour" {
		t.Fatalf("last transcript event %+v, want alice's reply signed with her display name", last)
	}
}

func TestAPIReplyKinds(t *testing.T) {
	h := newHarness(t)
	conv := h.escalate(web("a"))
	id := h.open(conv).ID
	h.call("POST", "/api/v1/tickets/"+id+"/claim", "alice", nil)
	path := "/api/v1/tickets/" + id + "/messages"
	if code, _ := h.call("POST", path, "alice", map[string]string{"entry": "permis.delai"}); code != 201 {
		t.Fatalf("reply with a candidate entry = %d", code)
	}
	if code, _ := h.call("POST", path, "alice", map[string]string{"canned": "telephone"}); code != 201 {
		t.Fatalf("reply with a canned response = %d", code)
	}
	evs := h.events(conv)
	if evs[len(evs)-2].Text != "Le délai moyen est de 16 jours." || !strings.Contains(evs[len(evs)-1].Text, "34 00") {
		t.Fatalf("sent texts %q / %q", evs[len(evs)-2].Text, evs[len(evs)-1].Text)
	}
	for _, bad := range []any{map[string]string{}, map[string]string{"text": "a", "entry": "b"},
		map[string]string{"entry": "nope"}, map[string]string{"text": "   "}, map[string]int{"text": 3}, map[string]string{"txt": "a"}} {
		code, body := h.call("POST", path, "alice", bad)
		if code != 400 && code != 404 {
			t.Errorf("reply %v = %d %v, want 400 or 404", bad, code, body)
		}
	}
}

func TestAPIMessengerWindowRefusal(t *testing.T) {
	h := newHarness(t)
	conv := h.escalate(guichet.NewConversationID(guichet.ChannelMessenger, "99"))
	id := h.open(conv).ID
	h.call("POST", "/api/v1/tickets/"+id+"/claim", "alice", nil)
	before := len(h.events(conv))
	h.msgr.mu.Lock()
	h.msgr.refuse = guichet.Errorf(guichet.Forbidden, "messenger: admit", "the 7-day human agent window closed")
	h.msgr.mu.Unlock()
	code, body := h.call("POST", "/api/v1/tickets/"+id+"/messages", "alice", map[string]string{"text": "Bonjour"})
	if code != 403 || errCode(body) != "channel_refused" || !strings.Contains(body["error"].(map[string]any)["message"].(string), "window") {
		t.Fatalf("reply outside the window = %d %v, want 403 channel_refused explaining the window", code, body)
	}
	if after := len(h.events(conv)); after != before {
		t.Fatalf("a refused reply was recorded (%d events, was %d)", after, before)
	}
}

func TestAPISupervisor(t *testing.T) {
	h := newHarness(t)
	a := h.open(h.escalate(web("a"))).ID
	b := h.open(h.escalate(web("b"))).ID
	h.call("POST", "/api/v1/tickets/"+a+"/claim", "alice", nil)
	if code, body := h.call("POST", "/api/v1/tickets/"+a+"/release", "sue", nil); code != 200 {
		t.Fatalf("supervisor release = %d %v", code, body)
	}
	if code, _ := h.call("POST", "/api/v1/tickets/"+b+"/resolve", "bob", map[string]string{"reason": "spam"}); code != 403 {
		t.Fatalf("agent resolving an unclaimed ticket = %d, want 403", code)
	}
	if code, body := h.call("POST", "/api/v1/tickets/"+b+"/resolve", "sue", map[string]string{"reason": "Doublon"}); code != 200 {
		t.Fatalf("supervisor resolving an unclaimed ticket = %d %v", code, body)
	}
	if code, body := h.call("POST", "/api/v1/tickets/"+b+"/claim", "bob", nil); code != 409 || errCode(body) != "already_claimed" && errCode(body) != "conflict" {
		t.Fatalf("claim of a resolved ticket = %d %v, want 409", code, body)
	}
}

func TestAPIResolveNeedsReason(t *testing.T) {
	h := newHarness(t)
	id := h.open(h.escalate(web("a"))).ID
	h.call("POST", "/api/v1/tickets/"+id+"/claim", "alice", nil)
	if code, body := h.call("POST", "/api/v1/tickets/"+id+"/resolve", "alice", nil); code != 400 || !strings.Contains(body["error"].(map[string]any)["message"].(string), "reason") {
		t.Fatalf("resolve without reason = %d %v", code, body)
	}
	if code, body := h.call("POST", "/api/v1/tickets/"+id+"/return", "alice", nil); code != 200 || body["ticket"].(map[string]any)["status"] != "returned" {
		t.Fatalf("return to the bot = %d %v", code, body)
	}
	if code, body := h.call("GET", "/api/v1/tickets?status=returned", "alice", nil); code != 200 || body["total"] != float64(1) {
		t.Fatalf("list returned = %d %v", code, body)
	}
}

func TestAPIClaimNextEmptyQueue(t *testing.T) {
	h := newHarness(t)
	if code, body := h.call("POST", "/api/v1/queue/claim", "alice", nil); code != 404 || errCode(body) != "queue_empty" {
		t.Fatalf("claim next on an empty queue = %d %v", code, body)
	}
}

func TestAPIReplyIsIdempotentWithAnID(t *testing.T) {
	h := newHarness(t)
	conv := h.escalate(web("a"))
	id := h.open(conv).ID
	h.call("POST", "/api/v1/tickets/"+id+"/claim", "alice", nil)
	msg := map[string]string{"text": "Bonjour", "id": "draft-1"}
	_, first := h.call("POST", "/api/v1/tickets/"+id+"/messages", "alice", msg)
	code, again := h.call("POST", "/api/v1/tickets/"+id+"/messages", "alice", msg) // a retry after a lost answer
	if code != 201 || again["event"].(map[string]any)["seq"] != first["event"].(map[string]any)["seq"] {
		t.Fatalf("retry = %d %v, want the first reply's event", code, again)
	}
	n := 0
	for _, ev := range h.events(conv) {
		if ev.Role == guichet.RoleAgent {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d agent replies recorded for one id, want 1", n)
	}
	if code, body := h.call("POST", "/api/v1/tickets/"+id+"/messages", "alice", map[string]string{"text": "x", "id": "no spaces"}); code != 400 {
		t.Fatalf("bad id = %d %v", code, body)
	}
}
