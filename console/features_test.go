package console_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/dispatch"
	"github.com/guichet/guichet/store"
)

// record adds an event to conv's transcript as a channel or the bot would.
func (h *harness) record(conv guichet.ConversationID, ev guichet.Event) guichet.Event {
	h.t.Helper()
	ev.ID, ev.Time = dispatch.NewID(), h.clock.Now()
	got, _, err := h.disp.Record(bg, conv, ev)
	if err != nil {
		h.t.Fatal(err)
	}
	return got
}

// answered is a bot answer from entry with the matcher's candidates.
func answered(entry string, conf float64, qr ...string) guichet.Event {
	ev := guichet.Event{Role: guichet.RoleBot, Text: "Réponse de " + entry,
		Meta: &guichet.Meta{Decision: "answer", Entry: entry, Confidence: conf,
			Candidates: []guichet.Candidate{{Entry: entry, Confidence: conf}, {Entry: "permis.vol", Confidence: conf / 3}}}}
	for _, q := range qr {
		ev.QuickReplies = append(ev.QuickReplies, guichet.QuickReply{Title: q, Payload: strings.ToUpper(q)})
	}
	return ev
}

// handoffTalk is the transcript the issue describes: a real question, an
// answer, then the citizen asking for a human (typed or tapped).
func (h *harness) handoffTalk(conv guichet.ConversationID, last string) {
	h.record(conv, guichet.Event{Role: guichet.RoleUser, Text: ""}) // the widget's start signal
	h.record(conv, guichet.Event{Role: guichet.RoleBot, Text: "Bonjour, posez votre question."})
	h.record(conv, guichet.Event{Role: guichet.RoleUser, Text: "jai perdu mon permi"})
	h.record(conv, answered("permis.perte", 0.71, "Oui, merci", "Non", "Parler à un conseiller"))
	h.record(conv, guichet.Event{Role: guichet.RoleUser, Text: "1"}) // "Oui, merci" by number
	h.record(conv, guichet.Event{Role: guichet.RoleBot, Text: "Merci !", Meta: &guichet.Meta{Decision: "notice"}})
	h.record(conv, guichet.Event{Role: guichet.RoleUser, Text: last})
	h.record(conv, answered("conseiller.humain", 0.84))
	h.escalate(conv, func(e *guichet.Escalation) {
		e.Summary = last
		e.Candidates = []guichet.Candidate{{Entry: "conseiller.humain", Title: "Mise en relation avec un conseiller humain", Confidence: 0.84}}
	})
}

func TestHeadlineAndGuessesComeFromTheRequest(t *testing.T) {
	for _, last := range []string{"je veux parler a un conseiller", "Parler à un conseiller"} {
		t.Run(last, func(t *testing.T) {
			h := newHarness(t)
			conv := web("perte")
			h.handoffTalk(conv, last)
			id := h.open(conv).ID
			_, body := h.call("GET", "/api/v1/tickets/"+id, "alice", nil)
			if body["headline"] != "jai perdu mon permi" {
				t.Errorf("headline = %q, want the citizen's question, not the hand-off request", body["headline"])
			}
			c := body["context"].(map[string]any)
			cands := c["candidates"].([]any)
			if len(cands) == 0 || cands[0].(map[string]any)["entry"] != "permis.perte" {
				t.Errorf("proposals = %v, want the guesses about the question (permis.perte first)", cands)
			}
			for _, cand := range cands {
				if cand.(map[string]any)["entry"] == "conseiller.humain" {
					t.Errorf("proposals include the hand-off entry: %v", cands)
				}
			}
			if asked := fmt.Sprint(c["asked"]); asked != "[jai perdu mon permi]" {
				t.Errorf("asked = %s, want only the question", asked)
			}
			_, list := h.call("GET", "/api/v1/tickets", "alice", nil)
			if got := list["tickets"].([]any)[0].(map[string]any)["headline"]; got != "jai perdu mon permi" {
				t.Errorf("queue headline = %q, want the question", got)
			}
		})
	}
}

func TestHeadlineFallsBackToTheSummary(t *testing.T) {
	h := newHarness(t)
	conv := web("direct")
	h.record(conv, guichet.Event{Role: guichet.RoleUser, Text: "je veux parler a quelqu'un"})
	h.escalate(conv, func(e *guichet.Escalation) { e.Summary = "je veux parler a quelqu'un" })
	_, body := h.call("GET", "/api/v1/tickets/"+h.open(conv).ID, "alice", nil)
	if body["headline"] != "je veux parler a quelqu'un" {
		t.Errorf("headline = %q; with nothing else asked the request itself is the headline", body["headline"])
	}
}

func testNotes(t *testing.T, edit ...func(*parts)) {
	h := newHarness(t, edit...)
	conv := h.escalate(web("notes"))
	id := h.open(conv).ID
	before := len(h.events(conv))
	code, body := h.call("POST", "/api/v1/tickets/"+id+"/notes", "alice", map[string]any{"text": "Dossier 21AB12345 bloqué côté ANTS"})
	if code != http.StatusCreated || body["note"].(map[string]any)["author"] != "alice" {
		t.Fatalf("add note = %d %v", code, body)
	}
	if n := len(h.events(conv)); n != before {
		t.Fatalf("the transcript grew by %d events: a note must never be sent", n-before)
	}
	h.msgr.mu.Lock()
	delivered := len(h.msgr.delivered)
	h.msgr.mu.Unlock()
	if delivered != 0 {
		t.Fatalf("%d deliveries after a note", delivered)
	}
	_, got := h.call("GET", "/api/v1/tickets/"+id, "bob", nil)
	notes := got["context"].(map[string]any)["notes"].([]any)
	if len(notes) != 1 || notes[0].(map[string]any)["text"] != "Dossier 21AB12345 bloqué côté ANTS" {
		t.Fatalf("another agent reads notes %v", notes)
	}
	for _, bad := range []map[string]any{{"text": ""}, {"text": strings.Repeat("a", 4001)}, {"texte": "x"}} {
		if code, b := h.call("POST", "/api/v1/tickets/"+id+"/notes", "alice", bad); code != http.StatusBadRequest {
			t.Errorf("note %v = %d %v, want 400", bad, code, b)
		}
	}
	if code, _ := h.call("POST", "/api/v1/tickets/nope/notes", "alice", map[string]any{"text": "x"}); code != http.StatusNotFound {
		t.Errorf("note on an unknown ticket = %d, want 404", code)
	}
}

func testLabels(t *testing.T, edit ...func(*parts)) {
	h := newHarness(t, edit...)
	id := h.open(h.escalate(web("labels"))).ID
	code, body := h.call("PUT", "/api/v1/tickets/"+id+"/labels", "alice", map[string]any{"labels": []string{"Urgent", "ants-panne", "urgent"}})
	if code != http.StatusOK || fmt.Sprint(body["ticket"].(map[string]any)["labels"]) != "[ants-panne urgent]" {
		t.Fatalf("set labels = %d %v", code, body)
	}
	for _, bad := range []map[string]any{{}, {"labels": []string{"<b>"}}, {"labels": "urgent"}} {
		if code, _ := h.call("PUT", "/api/v1/tickets/"+id+"/labels", "alice", bad); code != http.StatusBadRequest {
			t.Errorf("labels %v = %d, want 400", bad, code)
		}
	}
	if code, body := h.call("PUT", "/api/v1/tickets/"+id+"/labels", "alice", map[string]any{"labels": []string{}}); code != http.StatusOK || len(body["ticket"].(map[string]any)["labels"].([]any)) != 0 {
		t.Errorf("clearing labels = %d %v", code, body)
	}
}

func testTransfer(t *testing.T, edit ...func(*parts)) {
	h := newHarness(t, edit...)
	conv := h.escalate(web("transfer"))
	id := h.open(conv).ID
	h.call("POST", "/api/v1/tickets/"+id+"/claim", "alice", nil)
	if code, body := h.call("POST", "/api/v1/tickets/"+id+"/transfer", "alice", map[string]any{"agent": "nobody"}); code != http.StatusBadRequest || errCode(body) != "unknown_agent" {
		t.Errorf("transfer to an unknown agent = %d %v, want 400 unknown_agent", code, body)
	}
	if code, body := h.call("POST", "/api/v1/tickets/"+id+"/transfer", "alice", map[string]any{"agent": "bob"}); code != http.StatusConflict || errCode(body) != "agent_offline" {
		t.Errorf("transfer to bob, who has no console open = %d %v, want 409 agent_offline", code, body)
	}
	h.call("GET", "/api/v1/me", "bob", nil) // bob comes online
	if code, body := h.call("POST", "/api/v1/tickets/"+id+"/transfer", "dan", map[string]any{"agent": "bob"}); code != http.StatusForbidden || errCode(body) != "not_your_ticket" {
		t.Errorf("transfer of alice's ticket by dan = %d %v, want 403 not_your_ticket", code, body)
	}
	code, body := h.call("POST", "/api/v1/tickets/"+id+"/transfer", "alice", map[string]any{"agent": "bob"})
	if code != http.StatusOK || body["ticket"].(map[string]any)["agent"] != "bob" {
		t.Fatalf("transfer to bob = %d %v", code, body)
	}
	if code, _ := h.call("POST", "/api/v1/tickets/"+id+"/messages", "bob", map[string]any{"text": "Bonjour, je prends la suite."}); code != http.StatusCreated {
		t.Errorf("bob replying after the transfer = %d, want 201", code)
	}
	if code, _ := h.call("POST", "/api/v1/tickets/"+id+"/messages", "alice", map[string]any{"text": "encore moi"}); code != http.StatusForbidden {
		t.Errorf("alice replying after the transfer = %d, want 403", code)
	}
}

func testHistory(t *testing.T, edit ...func(*parts)) {
	h := newHarness(t, edit...)
	conv := h.escalate(web("again"), func(e *guichet.Escalation) { e.Summary = "première demande" })
	first := h.open(conv).ID
	h.call("POST", "/api/v1/tickets/"+first+"/claim", "alice", nil)
	h.call("POST", "/api/v1/tickets/"+first+"/notes", "alice", map[string]any{"text": "rappel"})
	h.call("POST", "/api/v1/tickets/"+first+"/resolve", "alice", map[string]any{"reason": "Réponse apportée"})
	h.escalate(conv, func(e *guichet.Escalation) { e.Summary = "deuxième demande" })
	h.escalate(web("other"))
	second := h.open(conv).ID
	code, body := h.call("GET", "/api/v1/tickets/"+second+"/history", "bob", nil)
	if code != http.StatusOK {
		t.Fatalf("history = %d %v", code, body)
	}
	items := body["tickets"].([]any)
	if len(items) != 1 {
		t.Fatalf("history = %v, want the first ticket only", items)
	}
	it := items[0].(map[string]any)
	if it["id"] != first || it["headline"] != "première demande" || it["status"] != "resolved" || it["resolution"] != "Réponse apportée" || it["notes"] != 1.0 {
		t.Errorf("earlier ticket = %v", it)
	}
}

func testSearch(t *testing.T, edit ...func(*parts)) {
	h := newHarness(t, edit...)
	plate := h.escalate(web("plate"), func(e *guichet.Escalation) { e.Summary = "carte grise" })
	h.say(plate, "ma voiture immatriculée AB-123-CD n'a pas de certificat")
	number := h.escalate(web("number"), func(e *guichet.Escalation) {
		e.Summary, e.Fields = "dossier bloqué", map[string]string{"request_number": "21AB12345"}
	})
	words := h.escalate(web("words"), func(e *guichet.Escalation) { e.Summary = "Mon permis n'est toujours pas arrivé" })
	noted := h.escalate(web("noted"))
	h.call("POST", "/api/v1/tickets/"+h.open(noted).ID+"/notes", "alice", map[string]any{"text": "usager sourd, écrire seulement"})
	cases := []struct{ q, conv, where string }{
		{"ab123cd", string(plate), "transcript"},
		{"AB 123 CD", string(plate), "transcript"},
		{"21ab12345", string(number), "field"},
		{"permis arrive", string(words), "headline"},
		{"SOURD", string(noted), "note"},
	}
	for _, c := range cases {
		code, body := h.call("GET", "/api/v1/search?q="+url.QueryEscape(c.q), "bob", nil)
		res, _ := body["results"].([]any)
		if code != http.StatusOK || len(res) != 1 {
			t.Errorf("search %q = %d %v, want one result", c.q, code, body)
			continue
		}
		hit := res[0].(map[string]any)
		if hit["ticket"].(map[string]any)["conversation"].(map[string]any)["id"] != c.conv || hit["where"] != c.where {
			t.Errorf("search %q found %v, want %s in %s", c.q, hit, c.conv, c.where)
		}
	}
	if _, body := h.call("GET", "/api/v1/search?q=passeport", "bob", nil); len(body["results"].([]any)) != 0 {
		t.Errorf("search for an absent word = %v", body)
	}
	for _, q := range []string{"", "a", strings.Repeat("x", 201)} {
		if code, _ := h.call("GET", "/api/v1/search?q="+q, "bob", nil); code != http.StatusBadRequest {
			t.Errorf("search %q = %d, want 400", q, code)
		}
	}
}

func testSupervision(t *testing.T, edit ...func(*parts)) {
	h := newHarness(t, edit...)
	a := h.open(h.escalate(web("a"))).ID
	h.escalate(web("b"), func(e *guichet.Escalation) { e.Reason, e.Priority = "incident", true })
	h.escalate(web("c"))
	h.call("POST", "/api/v1/tickets/"+a+"/claim", "alice", nil)
	if code, _ := h.call("GET", "/api/v1/supervision", "alice", nil); code != http.StatusForbidden {
		t.Errorf("an agent reading the supervision = %d, want 403", code)
	}
	code, body := h.call("GET", "/api/v1/supervision", "sue", nil)
	if code != http.StatusOK {
		t.Fatalf("supervision = %d %v", code, body)
	}
	q := body["queue"].(map[string]any)
	if q["waiting"] != 2.0 || q["priority_waiting"] != 1.0 || q["assigned"] != 1.0 || q["agents_online"] != 2.0 {
		t.Errorf("queue = %v; want 2 waiting (1 incident), 1 assigned, alice and sue online", q)
	}
	load := map[string]string{}
	for _, x := range body["agents"].([]any) {
		ag := x.(map[string]any)
		load[ag["name"].(string)] = fmt.Sprint(ag["online"], " ", ag["assigned"])
	}
	if load["alice"] != "true 1" || load["sue"] != "true 0" || load["bob"] != "false 0" {
		t.Errorf("agents = %v; want alice online with 1 ticket, sue online, bob away", load)
	}
	if w := body["waiting"].([]any); len(w) != 2 || w[0].(map[string]any)["priority"] != true {
		t.Errorf("waiting = %v, want the incident first", w)
	}
}

func TestStreamCarriesTheCitizenTyping(t *testing.T) {
	h := newHarness(t)
	conv := h.escalate(web("typing"))
	req, _ := http.NewRequest("GET", h.srv.URL+"/api/v1/stream?conv="+url.QueryEscape(string(conv)), nil)
	req.Header.Set("Authorization", "Bearer "+h.tokens["alice"])
	res, err := h.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	lines := bufio.NewScanner(res.Body)
	next := func(prefix string) string {
		for lines.Scan() {
			if strings.HasPrefix(lines.Text(), prefix) {
				return lines.Text()
			}
		}
		t.Fatalf("stream ended before %q", prefix)
		return ""
	}
	next("event: hello")
	data, _ := json.Marshal(store.TypingNotice{On: true})
	if err := h.store.Publish(bg, store.Notice{Topic: store.TopicTyping, Conversation: web("someone-else"), Data: data}); err != nil {
		t.Fatal(err)
	}
	if err := h.store.Publish(bg, store.Notice{Topic: store.TopicTyping, Conversation: conv, Data: data}); err != nil {
		t.Fatal(err)
	}
	next("event: typing")
	if got := next("data: "); got != `data: {"conv":"web:typing","on":true}` {
		t.Fatalf("typing event %s; want this conversation's only", got)
	}
}

func TestLoginReturnsToTheRequestedPage(t *testing.T) {
	h := newHarness(t)
	b := h.browser()
	res, err := b.c.Get(h.srv.URL + "/console/stats?period=7d")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || loc != "/console/login?next="+url.QueryEscape("/console/stats?period=7d") {
		t.Fatalf("stats without a session = %d to %q", res.StatusCode, loc)
	}
	_, page := b.get(loc)
	m := csrfRE.FindStringSubmatch(page)
	if m == nil || !strings.Contains(page, `name="next" value="/console/stats?period=7d"`) {
		t.Fatalf("login page does not carry the page to return to:\n%s", page)
	}
	form := url.Values{"csrf": {m[1]}, "name": {"sue"}, "password": {password}, "next": {"/console/stats?period=7d"}}
	res, err = b.c.PostForm(h.srv.URL+"/console/login", form)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if got := res.Header.Get("Location"); got != "/console/stats?period=7d" {
		t.Errorf("after login the browser goes to %q, want /console/stats?period=7d", got)
	}
}

func TestFavicon(t *testing.T) {
	h := newHarness(t)
	res, err := http.Get(h.srv.URL + "/favicon.ico")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var head [4]byte
	_, _ = res.Body.Read(head[:])
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "image/x-icon" || head != [4]byte{0, 0, 1, 0} {
		t.Fatalf("/favicon.ico = %d %s % x, want an icon", res.StatusCode, res.Header.Get("Content-Type"), head)
	}
}

func TestOpenAPIIsServed(t *testing.T) {
	h := newHarness(t)
	res, err := http.Get(h.srv.URL + "/api/v1/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var doc struct {
		OpenAPI string         `json:"openapi"`
		Paths   map[string]any `json:"paths"`
	}
	if err := json.NewDecoder(res.Body).Decode(&doc); err != nil || res.StatusCode != http.StatusOK || !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("/api/v1/openapi.json = %d, openapi %q, %v", res.StatusCode, doc.OpenAPI, err)
	}
	if _, ok := doc.Paths["/api/v1/tickets/{id}/notes"]; !ok {
		t.Errorf("the served description lacks the notes route")
	}
}

func TestHeadlineOfASecondRequestIsItsOwn(t *testing.T) {
	h := newHarness(t)
	conv := web("twice")
	h.handoffTalk(conv, "je veux parler a un conseiller")
	first := h.open(conv).ID
	h.call("POST", "/api/v1/tickets/"+first+"/claim", "alice", nil)
	h.call("POST", "/api/v1/tickets/"+first+"/resolve", "alice", map[string]any{"reason": "Réponse apportée"})
	h.record(conv, guichet.Event{Role: guichet.RoleUser, Text: "et pour ma carte grise ?"})
	h.record(conv, answered("civ.duplicata", 0.6))
	h.record(conv, guichet.Event{Role: guichet.RoleUser, Text: "un conseiller svp"})
	h.escalate(conv, func(e *guichet.Escalation) { e.Summary = "un conseiller svp" })
	_, body := h.call("GET", "/api/v1/tickets/"+h.open(conv).ID, "alice", nil)
	if body["headline"] != "et pour ma carte grise ?" {
		t.Errorf("second ticket's headline = %q, want its own request, not the first ticket's", body["headline"])
	}
	if asked := fmt.Sprint(body["context"].(map[string]any)["asked"]); asked != "[et pour ma carte grise ?]" {
		t.Errorf("asked = %s", asked)
	}
}
