package console_test

import (
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet"
)

func english(e *guichet.Escalation) { e.Lang = "en" }

func TestNoticesInEnglish(t *testing.T) {
	h := newHarness(t)
	for i := range 2 { // pickups give an estimated wait
		conv := h.escalate(web("old" + string(rune('a'+i))))
		h.clock.Add(10 * time.Minute)
		if code, body := h.call("POST", "/api/v1/tickets/"+h.open(conv).ID+"/claim", "alice", nil); code != 200 {
			t.Fatalf("claim: %d %v", code, body)
		}
	}
	conv := h.escalate(web("visitor"), english)
	n := h.notices(conv)
	want := "You are number 1 in the queue (estimated wait: about 10 minutes). You can keep writing here: your messages will be passed on to them."
	if len(n) != 1 || n[0].Text != want || n[0].Meta.Lang != "en" {
		t.Fatalf("notices = %+v, want %q in English", n, want)
	}
	id := h.open(conv).ID
	if code, body := h.call("GET", "/api/v1/tickets/"+id, "bob", nil); code != 200 || body["lang"] != "en" {
		t.Errorf("ticket view: %d lang=%v, want en", code, body["lang"])
	}
	if code, body := h.call("POST", "/api/v1/tickets/"+id+"/claim", "alice", nil); code != 200 {
		t.Fatalf("claim: %d %v", code, body)
	}
	if last := h.notices(conv); !strings.HasSuffix(last[len(last)-1].Text, " joined the conversation.") {
		t.Errorf("claim notice = %q", last[len(last)-1].Text)
	}
	// The French conversation beside it stays French.
	fr := h.escalate(web("voisin"))
	if n := h.notices(fr); len(n) != 1 || !strings.HasPrefix(n[0].Text, "Vous êtes en position") || n[0].Meta.Lang != "fr" {
		t.Errorf("French notices = %+v", n)
	}
}

func TestClosedHoursNoticeInEnglish(t *testing.T) {
	h := newHarness(t)
	h.clock.Add(11 * time.Hour) // Monday 21:00 in Paris: closed
	conv := h.escalate(web("late"), english)
	n := h.notices(conv)
	want := "Our advisors are away at the moment. They will be back tomorrow at 8:00: your request is kept and an advisor will answer you here.\n" +
		"During opening hours, you can also call 34 00 (from France) or 09 70 83 07 07 (from overseas and abroad)"
	if len(n) != 1 || !strings.HasPrefix(n[0].Text, want) || !strings.HasSuffix(n[0].Text, ".") {
		t.Fatalf("notice = %q, want it to start with %q", n[0].Text, want)
	}
}

func TestAgentRepliesInEitherLanguage(t *testing.T) {
	h := newHarness(t)
	conv := h.escalate(web("a"), english)
	id := h.open(conv).ID
	h.call("POST", "/api/v1/tickets/"+id+"/claim", "alice", nil)
	for _, c := range []struct{ text, lang string }{
		{"Hello, I am looking at your file now.", "en"},
		{"Bonjour, je regarde votre dossier.", "fr"},
		{"https://ants.gouv.fr/", "en"}, // nothing tells: the conversation's language
	} {
		if code, body := h.call("POST", "/api/v1/tickets/"+id+"/messages", "alice", map[string]string{"text": c.text}); code != 201 {
			t.Fatalf("reply %q = %d %v", c.text, code, body)
		}
		evs := h.events(conv)
		if last := evs[len(evs)-1]; last.Meta == nil || last.Meta.Lang != c.lang {
			t.Errorf("reply %q recorded with meta %+v, want lang %s", c.text, last.Meta, c.lang)
		}
	}
}

// bilingualAnswers knows one entry in both languages.
type bilingualAnswers struct{ fakeAnswers }

func (bilingualAnswers) EnglishAnswer(id string) (string, bool) {
	if id != "permis.delai" {
		return "", false
	}
	return "The average time is 16 days.", true
}

func TestConsoleOffersEnglishAnswers(t *testing.T) {
	h := newHarness(t, func(p *parts) { p.console.Answers = bilingualAnswers{kbAnswers} })
	en := h.escalate(web("visitor"), english)
	fr := h.escalate(web("voisin"))
	answerOf := func(conv guichet.ConversationID) string {
		_, d := h.call("GET", "/api/v1/tickets/"+h.open(conv).ID, "bob", nil)
		c := d["context"].(map[string]any)["candidates"].([]any)[0].(map[string]any)
		return c["answer"].(string)
	}
	if got := answerOf(en); got != "The average time is 16 days." {
		t.Errorf("English ticket's candidate answer = %q", got)
	}
	if got := answerOf(fr); got != "Le délai moyen est de 16 jours." {
		t.Errorf("French ticket's candidate answer = %q", got)
	}
	id := h.open(en).ID
	h.call("POST", "/api/v1/tickets/"+id+"/claim", "alice", nil)
	if code, body := h.call("POST", "/api/v1/tickets/"+id+"/messages", "alice", map[string]string{"entry": "permis.delai"}); code != 201 {
		t.Fatalf("send entry: %d %v", code, body)
	}
	evs := h.events(en)
	if last := evs[len(evs)-1]; last.Text != "The average time is 16 days." || last.Meta.Lang != "en" {
		t.Errorf("sent %q (%+v), want the English answer", last.Text, last.Meta)
	}
}
