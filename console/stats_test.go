package console_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/quality"
)

// seedStats records a morning of a small service on the harness's
// Monday, and a quieter day three days before.
func seedStats(t testing.TB, q quality.Store) {
	t.Helper()
	day := time.Date(2026, 6, 8, 0, 0, 0, 0, paris)
	at := func(hh, mm int) time.Time {
		return day.Add(time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute)
	}
	a, b := web("a"), web("b")
	c, d := guichet.NewConversationID(guichet.ChannelMessenger, "c"), guichet.NewConversationID(guichet.ChannelMessenger, "d")
	old := web("old")
	facts := []quality.Fact{
		{Time: at(8, 0), Kind: quality.KindConversation, Conversation: a},
		{Time: at(8, 1), Kind: quality.KindHelpful, Conversation: a, Entry: "permis.delai", Procedure: "permis", Value: 1},
		{Time: at(8, 10), Kind: quality.KindConversation, Conversation: b},
		{Time: at(8, 11), Kind: quality.KindFallback, Conversation: b, Text: "Où en est mon dossier 21AB12345678 ?"},
		{Time: at(8, 11), Kind: quality.KindFallback, Conversation: b, Text: "où en est mon dossier [numéro]"},
		{Time: at(8, 12), Kind: quality.KindHandoff, Conversation: b, Reason: "explicit_request"},
		{Time: at(8, 16), Kind: quality.KindPickup, Conversation: b, Value: 240},
		{Time: at(8, 19), Kind: quality.KindFirstReply, Conversation: b, Value: 420},
		{Time: at(8, 40), Kind: quality.KindRating, Conversation: b, Procedure: "permis", Value: 5},
		{Time: at(8, 30), Kind: quality.KindConversation, Conversation: c},
		{Time: at(8, 31), Kind: quality.KindHelpful, Conversation: c, Entry: "civ.changement", Procedure: "immatriculation"},
		{Time: at(8, 32), Kind: quality.KindHandoff, Conversation: c, Reason: "incident"},
		{Time: at(8, 33), Kind: quality.KindIncident, Conversation: c},
		{Time: at(8, 33), Kind: quality.KindPickup, Conversation: c, Value: 60},
		{Time: at(8, 34), Kind: quality.KindFirstReply, Conversation: c, Value: 120},
		{Time: at(8, 50), Kind: quality.KindRating, Conversation: c, Procedure: "immatriculation", Value: 2},
		{Time: at(9, 0), Kind: quality.KindConversation, Conversation: d},
		{Time: at(9, 1), Kind: quality.KindHelpful, Conversation: d, Entry: "passeport.delai", Procedure: "passeport", Value: 1},
		{Time: at(-72+9, 0), Kind: quality.KindConversation, Conversation: old},
		{Time: at(-72+9, 1), Kind: quality.KindHelpful, Conversation: old, Entry: "cni.perte", Procedure: "cni", Value: 1},
		{Time: at(-72+9, 2), Kind: quality.KindHelpful, Conversation: old, Entry: "cni.perte", Procedure: "cni", Value: 1},
		{Time: at(-72+9, 3), Kind: quality.KindFallback, Conversation: old, Text: "Quel temps fait-il ?"},
	}
	for _, f := range facts {
		f.Channel = f.Conversation.Channel()
		if err := q.Record(bg, f); err != nil {
			t.Fatal(err)
		}
	}
}

func statsHarness(t *testing.T) *harness {
	var q *quality.Memory
	h := newHarness(t, withQuality(&q))
	seedStats(t, q)
	return h
}

func TestStatsAPI(t *testing.T) {
	h := statsHarness(t)
	code, body := h.call("GET", "/api/v1/stats?period=today", "sue", nil)
	st, _ := body["stats"].(map[string]any)
	if code != 200 || st["conversations"] != 4.0 || st["incidents"] != 1.0 {
		t.Fatalf("today: %d %v, want 4 conversations and 1 incident", code, body)
	}
	sat := st["satisfaction"].(map[string]any)["satisfied"].(map[string]any)
	if sat["num"] != 3.0 || sat["den"] != 5.0 {
		t.Errorf("satisfaction %v, want 3 satisfied answers of 5", sat)
	}
	if wait := st["wait"].(map[string]any); wait["p50_seconds"] != 60.0 || wait["p90_seconds"] != 240.0 {
		t.Errorf("wait %v, want p50 60 s and p90 240 s", wait)
	}
	if _, body := h.call("GET", "/api/v1/stats?period=7d", "sue", nil); body["stats"].(map[string]any)["conversations"] != 5.0 {
		t.Errorf("7d: %v, want 5 conversations (one three days ago)", body)
	}
	if code, body := h.call("GET", "/api/v1/stats", "alice", nil); code != 403 || errCode(body) != "forbidden" {
		t.Errorf("agent: %d %v, want 403 forbidden", code, body)
	}
	if code, body := h.call("GET", "/api/v1/stats?period=year", "sue", nil); code != 400 || !strings.Contains(body["error"].(map[string]any)["message"].(string), "today, 7d or 30d") {
		t.Errorf("bad period: %d %v, want 400 naming the periods", code, body)
	}
	if code, body := newHarness(t).call("GET", "/api/v1/stats", "sue", nil); code != 404 || errCode(body) != "stats_not_configured" {
		t.Errorf("without a quality store: %d %v, want 404 stats_not_configured", code, body)
	}
}

func TestStatsAreAtMostAMinuteOld(t *testing.T) {
	var q *quality.Memory
	h := newHarness(t, withQuality(&q))
	seedStats(t, q)
	conversations := func() any {
		_, body := h.call("GET", "/api/v1/stats?period=7d", "sue", nil)
		return body["stats"].(map[string]any)["conversations"]
	}
	if n := conversations(); n != 5.0 {
		t.Fatalf("%v conversations, want 5", n)
	}
	if err := q.Record(bg, quality.Fact{Kind: quality.KindConversation, Conversation: web("new")}); err != nil {
		t.Fatal(err)
	}
	h.clock.Add(30 * time.Second)
	if n := conversations(); n != 5.0 {
		t.Fatalf("%v conversations 30 s later, want the same figures (computed at most once a minute)", n)
	}
	h.clock.Add(30 * time.Second)
	if n := conversations(); n != 6.0 {
		t.Fatalf("%v conversations a minute later, want 6 (the new one)", n)
	}
}

func TestStatsPageIsForSupervisors(t *testing.T) {
	h := statsHarness(t)
	if code, _ := h.browser().get("/console/stats"); code != http.StatusSeeOther {
		t.Errorf("logged out: %d, want a redirection to the login page", code)
	}
	agent := h.browser()
	agent.login("alice", password)
	code, page := agent.get("/console/stats")
	if code != 403 || !strings.Contains(page, "Accès réservé aux superviseurs") || strings.Contains(page, "fig-satisfaction") {
		t.Errorf("agent: %d, want the 403 page without figures:\n%s", code, page)
	}
	if _, console := agent.get("/console/"); strings.Contains(console, `href="/console/stats"`) {
		t.Error("an agent's console links to the statistics")
	}
	sup := h.browser()
	sup.login("sue", password)
	code, page = sup.get("/console/stats?period=today")
	for _, want := range []string{"Statistiques du service", "60\u00a0%", "référence 2020 : 79\u00a0%", "où en est mon dossier [numéro]",
		"Carte nationale d&#39;identité", "−19\u00a0points", "&#43;25\u00a0points", `aria-current="page">Aujourd&#39;hui`} {
		if !strings.Contains(page, want) {
			t.Errorf("supervisor's page lacks %q", want)
		}
	}
	if code != 200 || strings.Contains(page, "21AB12345678") {
		t.Errorf("supervisor: %d; the page must show figures and no request number", code)
	}
	if _, console := sup.get("/console/"); !strings.Contains(console, `href="/console/stats"`) || !strings.Contains(console, `href="/console/review"`) {
		t.Error("a supervisor's console has no links to the statistics and the review")
	}
	if code, page := sup.get("/console/stats?period=year"); code != 400 || !strings.Contains(page, "Période inconnue") {
		t.Errorf("bad period: %d, want 400 with an explanation", code)
	}
}

func TestStatsPageWithoutQualityStore(t *testing.T) {
	h := newHarness(t)
	b := h.browser()
	b.login("sue", password)
	if code, page := b.get("/console/stats"); code != 200 || !strings.Contains(page, "Les statistiques ne sont pas configurées") {
		t.Fatalf("%d, want a page saying statistics are not configured:\n%s", code, page)
	}
}
