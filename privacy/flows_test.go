package privacy_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/privacy"
	"github.com/guichet/guichet/quality"
)

// TestIdentifiersNeverReachTheLogs drives real conversations carrying
// every identifier of the table through the bot, the hand-off (agent API
// included), the incident form and the Messenger webhook, with a JSON
// logger at debug level behind privacy.NewHandler, then reads every
// value of every log line: none may hold an identifier. The quality
// facts (the statistics) may not either, except the request number of
// an incident report, kept on purpose for the incident export.
func TestIdentifiersNeverReachTheLogs(t *testing.T) {
	w := newWorld(t)
	web := guichet.NewConversationID(guichet.ChannelWeb, "3f9a0c5e1b7d4a2f8e6c0b1d9a7f3e5c")
	for i, id := range identifiers {
		w.say(web, fmt.Sprintf(sentences[i%len(sentences)], id.value), "")
	}
	ticket := w.escalateAndResolve(web)
	w.ratingWithComment(web, ticket)
	request := w.incidentReport(guichet.NewConversationID(guichet.ChannelWeb, "aa11bb22cc33dd44ee55ff6600112233"))
	w.messengerConversation("2000000000000001")

	lines := w.logs.Lines()
	if len(lines) < len(identifiers) {
		t.Fatalf("only %d log lines: the flows did not run", len(lines))
	}
	labels := map[string]bool{}
	for n, line := range lines {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line %d is not JSON: %v\n%s", n+1, err, line)
		}
		delete(rec, "time") // the logger's own clock
		for _, v := range stringsIn(rec) {
			for _, id := range identifiers {
				if leak := leakedRun(v, id.value); leak != "" {
					t.Errorf("log line %d holds %s %q (%q):\n%s", n+1, id.kind, id.value, leak, line)
				}
			}
			for _, l := range []string{privacy.LabelEmail, privacy.LabelPhone, privacy.LabelPlate, privacy.LabelID} {
				labels[l] = labels[l] || strings.Contains(v, l)
			}
		}
	}
	if len(labels) != 4 || !labels[privacy.LabelEmail] || !labels[privacy.LabelPhone] || !labels[privacy.LabelPlate] || !labels[privacy.LabelID] {
		t.Errorf("labels seen in the logs: %v; the traced messages should show all four", labels)
	}
	w.checkFacts(request)
}

// escalateAndResolve asks for an agent, writes while waiting, lets alice
// claim, read the conversation (agents see what the person wrote), answer
// quoting an identifier and resolve. It returns the ticket id.
func (w *world) escalateAndResolve(conv guichet.ConversationID) string {
	w.t.Helper()
	w.say(conv, "Je veux parler à un conseiller, mon numéro est le 06 12 34 56 78", guichet.PayloadHandoff)
	w.say(conv, "Mon e-mail : jean.dupont@gmail.com, ma plaque AB-123-CD", "")
	var list struct {
		Tickets []struct{ ID string } `json:"tickets"`
	}
	w.agent("GET", "/api/v1/tickets?status=waiting", nil, &list)
	if len(list.Tickets) != 1 {
		w.t.Fatalf("waiting tickets: %+v, want 1", list.Tickets)
	}
	id := list.Tickets[0].ID
	w.agent("POST", "/api/v1/tickets/"+id+"/claim", map[string]any{}, nil)
	var events struct {
		Events []struct{ Text string } `json:"events"`
	}
	w.agent("GET", "/api/v1/tickets/"+id+"/events", nil, &events)
	seen := false
	for _, ev := range events.Events {
		seen = seen || strings.Contains(ev.Text, "jean.dupont@gmail.com") && strings.Contains(ev.Text, "AB-123-CD")
	}
	if !seen {
		w.t.Errorf("the agent does not see what the person wrote: %+v", events.Events)
	}
	w.agent("POST", "/api/v1/tickets/"+id+"/messages", map[string]string{"text": "Je regarde le dossier ANTS-2025-0012345 du 1234 AB 75."}, nil)
	w.agent("POST", "/api/v1/tickets/"+id+"/resolve", map[string]string{"reason": "answered"}, nil)
	return id
}

// ratingWithComment taps 4 on the rating question and leaves a comment.
func (w *world) ratingWithComment(conv guichet.ConversationID, ticket string) {
	w.t.Helper()
	w.say(conv, "4", guichet.PayloadRatingPrefix+ticket+":4")
	w.say(conv, "Merci, rappelez-moi au +33 7 81 22 33 44 pour le NEPH 1234 5678 9012", "")
}

// incidentReport fills the incident form and returns the request number.
func (w *world) incidentReport(conv guichet.ConversationID) string {
	w.t.Helper()
	replies := w.say(conv, "", guichet.PayloadEntryPrefix+"dossier.anomalie")
	var pick guichet.QuickReply
	for _, ev := range replies {
		for _, q := range ev.QuickReplies {
			if pick.Payload == "" && strings.HasPrefix(q.Payload, guichet.PayloadChoicePrefix) {
				pick = q
			}
		}
	}
	if pick.Payload == "" {
		w.t.Fatalf("dossier.anomalie offers no procedure: %+v", replies)
	}
	w.say(conv, pick.Title, pick.Payload)
	w.say(conv, "mon numéro c'est 06 98 76 54 32", "") // not a request number: asked again
	const request = "21A0123456789"
	w.say(conv, request, "")
	w.say(conv, "Erreur pour EF-456-GH, écrivez à paul_92@free.fr ou au 01 42 75 80 00", "")
	if got := w.say(conv, "Oui, j'accepte", "FORM:yes"); len(got) == 0 {
		w.t.Fatal("no answer to the consent")
	}
	return request
}

// messengerConversation writes from psid through the webhook, as Meta
// delivers, and waits for the bot's answers.
func (w *world) messengerConversation(psid string) {
	w.t.Helper()
	before := len(w.graph.Messages())
	texts := []string{"Bonjour, j'ai perdu mon permis, mon NEPH est 120375001234",
		"Ma carte grise pour gh 456 jk, joignable au 0033 6 12 34 56 78 ou J.Durand75@Wanadoo.FR",
		"Mon ancienne plaque était 123 ABC 2A et ma demande PD2025031512345"}
	for _, text := range texts {
		w.post(psid, text, "")
	}
	conv := guichet.NewConversationID(guichet.ChannelMessenger, psid)
	waitFor(w.t, "the bot's answers on Messenger", func() bool {
		users := 0
		for _, ev := range w.events(conv) {
			if ev.Role == guichet.RoleUser {
				users++
			}
		}
		return users == len(texts) && len(w.graph.Messages()) >= before+len(texts)
	})
}

// checkFacts reads every recorded fact: the statistics hold no identifier
// but the incident's request number.
func (w *world) checkFacts(request string) {
	w.t.Helper()
	facts, err := w.facts.Facts(w.t.Context(), w.clock.Now().AddDate(0, 0, -1))
	if err != nil {
		w.t.Fatal(err)
	}
	kinds := map[quality.Kind]int{}
	for _, f := range facts {
		kinds[f.Kind]++
		if f.Kind == quality.KindIncident {
			if f.Fields["request_number"] != request {
				w.t.Errorf("incident fact request_number = %q, want %q (kept for the export)", f.Fields["request_number"], request)
			}
			if _, err := w.tickets.Get(w.t.Context(), f.Ticket); err != nil {
				w.t.Errorf("incident fact names ticket %q: %v; want the ticket the hand-off opened for it", f.Ticket, err)
			}
			delete(f.Fields, "request_number")
		}
		b, _ := json.Marshal(f)
		for _, id := range identifiers {
			if leak := leakedRun(string(b), id.value); leak != "" {
				w.t.Errorf("%s fact holds %s %q: %s", f.Kind, id.kind, leak, b)
			}
		}
	}
	for _, k := range []quality.Kind{quality.KindFallback, quality.KindHandoff, quality.KindRating, quality.KindIncident} {
		if kinds[k] == 0 {
			w.t.Errorf("no %s fact among %v: the flows did not go where the test meant", k, kinds)
		}
	}
}

// stringsIn returns every string value inside a decoded JSON value.
func stringsIn(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case map[string]any:
		var out []string
		for _, e := range x {
			out = append(out, stringsIn(e)...)
		}
		return out
	case []any:
		var out []string
		for _, e := range x {
			out = append(out, stringsIn(e)...)
		}
		return out
	}
	return nil
}

// leakedRun returns what of id shows in s: id itself, or its digits as
// one run of s (digits with at most separators between them), which
// catches a number written again with other spaces. Letters break runs,
// so hexadecimal ids do not match by chance.
func leakedRun(s, id string) string {
	if strings.Contains(s, id) {
		return id
	}
	digits := onlyDigits(id)
	if len(digits) < 6 {
		return ""
	}
	for _, run := range digitRuns(s) {
		if strings.Contains(run, digits) {
			return digits
		}
	}
	return ""
}

// digitRuns returns the digits of s grouped into runs that only
// separators (space, dot, dash, slash, no-break space) interrupt.
func digitRuns(s string) []string {
	var runs []string
	var cur strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			cur.WriteRune(r)
		case strings.ContainsRune(" .-/\u00a0\u202f", r):
		default:
			if cur.Len() > 0 {
				runs = append(runs, cur.String())
				cur.Reset()
			}
		}
	}
	return append(runs, cur.String())
}
