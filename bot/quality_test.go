package bot_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/bot"
	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/dispatch"
	"github.com/guichet/guichet/quality"
)

type factLog struct {
	mu    sync.Mutex
	facts []quality.Fact
}

func (l *factLog) Record(_ context.Context, f quality.Fact) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.facts = append(l.facts, f)
	return nil
}

func (l *factLog) of(k quality.Kind) []quality.Fact {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []quality.Fact
	for _, f := range l.facts {
		if f.Kind == k {
			out = append(out, f)
		}
	}
	return out
}

// newQualityHarness is newHarness with feedback questions and a fact log.
func newQualityHarness(t *testing.T) (*harness, *factLog) {
	h := newHarness(t)
	facts := &factLog{}
	d := dispatch.New(h.st, nil)
	h.eng = bot.New(config.Default().Bot, bot.Deps{Matcher: matcher, States: h.st, Recorder: d, Sender: d,
		Humans: h.humans, Ratings: h.humans, Facts: facts, AskFeedback: true, Now: func() time.Time { return h.now }})
	return h, facts
}

func payloadOf(evs []guichet.Event, title string) string {
	for _, ev := range evs {
		for _, q := range ev.QuickReplies {
			if q.Title == title {
				return q.Payload
			}
		}
	}
	return ""
}

func TestFeedbackAfterAnswers(t *testing.T) {
	h, facts := newQualityHarness(t)
	replies := h.say("j'ai perdu mon permis de conduire")
	if !strings.Contains(replies[0].Text, "Cette réponse vous a-t-elle aidé ?") {
		t.Fatalf("answer does not ask for feedback: %q", replies[0].Text)
	}
	yes := payloadOf(replies, "Oui, merci")
	if yes == "" || payloadOf(replies, "Non") == "" {
		t.Fatalf("no feedback quick replies: %+v", replies[0].QuickReplies)
	}
	h.say("Oui, merci", yes)
	h.say("changement d'adresse sur la carte grise, mon tel 06 12 34 56 78")
	if got := h.say("non"); !strings.Contains(got[0].Text, "reformuler") {
		t.Errorf("typing 'non' after an answer: %+v", got)
	}
	helpful := facts.of(quality.KindHelpful)
	if len(helpful) != 2 || helpful[0].Value != 1 || helpful[0].Entry != "permis.perte" || helpful[0].Procedure != quality.ProcPermis ||
		helpful[1].Value != 0 || helpful[1].Procedure != quality.ProcImmatriculation {
		t.Fatalf("helpful facts = %+v", helpful)
	}
	if strings.Contains(helpful[1].Text, "06 12") || !strings.Contains(helpful[1].Text, "[téléphone]") {
		t.Errorf("the question kept for review must be masked: %q", helpful[1].Text)
	}
	if n := len(facts.of(quality.KindConversation)); n != 1 {
		t.Errorf("conversation facts = %d, want 1", n)
	}
}

func TestIncidentReportForm(t *testing.T) {
	h, facts := newQualityHarness(t)
	replies := h.say("", guichet.PayloadEntryPrefix+"dossier.anomalie")
	var pick guichet.QuickReply
	for _, q := range replies[0].QuickReplies {
		if strings.HasPrefix(q.Payload, guichet.PayloadChoicePrefix) {
			pick = q
			break
		}
	}
	if pick.Payload == "" {
		t.Fatalf("dossier.anomalie offers no procedure: %+v", replies)
	}
	replies = h.say(pick.Title, pick.Payload)
	if last := replies[len(replies)-1]; !strings.Contains(last.Text, "numéro de votre demande") {
		t.Fatalf("after the procedure, the bot should ask the request number: %+v", replies)
	}
	if got := h.say("abc"); !strings.Contains(got[0].Text, "ne semble pas valide") {
		t.Fatalf("a malformed number must be asked again politely: %+v", got)
	}
	if got := h.say("22 A 1234 5678"); !strings.Contains(got[0].Text, "Qu'affiche le site") {
		t.Fatalf("a good number must lead to the next question: %+v", got)
	}
	if got := h.say("Erreur 500 à l'étape du paiement"); payloadOf(got, "Oui, j'accepte") == "" {
		t.Fatalf("consent not asked: %+v", got)
	}
	h.say("Oui, j'accepte", "FORM:yes")
	if len(h.humans.escalated) != 1 {
		t.Fatalf("escalations = %d, want 1", len(h.humans.escalated))
	}
	e := h.humans.escalated[0]
	if e.Reason != "incident" || !e.Priority || e.Fields["request_number"] != "22A12345678" ||
		e.Fields["procedure"] != pick.Title || e.Fields["consent"] != "oui" || !strings.Contains(e.Fields["site_message"], "Erreur 500") {
		t.Errorf("escalation = %+v", e)
	}
	if inc := facts.of(quality.KindIncident); len(inc) != 1 || inc[0].Fields["request_number"] != "22A12345678" || inc[0].Ticket != "ticket-1" {
		t.Errorf("incident facts = %+v, want one naming the ticket the hand-off opened (ticket-1)", inc)
	}
}

func TestIncidentWithoutConsentIsNotSent(t *testing.T) {
	h, facts := newQualityHarness(t)
	replies := h.say("", guichet.PayloadEntryPrefix+"dossier.anomalie")
	pick := replies[0].QuickReplies[0]
	h.say(pick.Title, pick.Payload)
	h.say("Je ne l'ai pas", "FORM:skip")
	h.say("page blanche")
	got := h.say("Non", "FORM:no")
	if len(h.humans.escalated) != 0 || len(facts.of(quality.KindIncident)) != 0 {
		t.Fatalf("an incident was sent without consent")
	}
	if payloadOf(got, "Parler à un conseiller") == "" {
		t.Errorf("without consent the person must still be offered a human: %+v", got)
	}
}

const ticketT = "0123456789abcdef0123456789abcdef"

func TestRatingAndComment(t *testing.T) {
	h, facts := newQualityHarness(t)
	h.humans.rateable = map[string]guichet.ConversationID{ticketT: h.conv}
	got := h.say("4", "RATING:"+ticketT+":4")
	if !strings.Contains(got[0].Text, "Merci pour votre note") {
		t.Fatalf("rating reply = %+v", got)
	}
	h.say("Conseillère très efficace, merci ! mon mail est a.b@example.fr")
	r, c := facts.of(quality.KindRating), facts.of(quality.KindComment)
	if len(r) != 1 || r[0].Value != 4 || r[0].Ticket != ticketT || r[0].Path != quality.PathEscalated {
		t.Errorf("rating facts = %+v", r)
	}
	if len(c) != 1 || !strings.Contains(c[0].Comment, "efficace") || strings.Contains(c[0].Comment, "a.b@example.fr") {
		t.Errorf("comment facts = %+v", c)
	}
	if got := h.say("0", "RATING:"+ticketT+":9"); len(got) == 0 {
		t.Error("an out-of-range rating payload must still get a reply")
	}
}

// A rating counts once, for a resolved ticket of the conversation that
// asked for it: not for a made-up ticket, not for another conversation's,
// not twice.
func TestForgedRatingsDoNotCount(t *testing.T) {
	h, facts := newQualityHarness(t)
	other := "fedcba9876543210fedcba9876543210"
	h.humans.rateable = map[string]guichet.ConversationID{ticketT: h.conv,
		other: guichet.NewConversationID(guichet.ChannelWeb, "someone-else")}
	for _, p := range []string{"RATING:forged:5", "RATING:" + other + ":5", "RATING:" + ticketT + "0:5", "RATING:abcdefabcdefabcdefabcdefabcdefab:5"} {
		if got := h.say("5", p); len(got) == 0 {
			t.Fatalf("%s: no reply", p)
		}
	}
	if r := facts.of(quality.KindRating); len(r) != 0 {
		t.Fatalf("forged ratings counted: %+v", r)
	}
	h.say("5", "RATING:"+ticketT+":5")
	if got := h.say("1", "RATING:"+ticketT+":1"); len(got) == 0 || !strings.Contains(got[0].Text, "déjà enregistrée") {
		t.Errorf("second rating of the ticket answered %+v", got)
	}
	if r := facts.of(quality.KindRating); len(r) != 1 || r[0].Value != 5 {
		t.Fatalf("rating facts = %+v, want the first rating only", r)
	}
}

// Feedback counts once, for the entry just answered: not for an entry
// never answered, not for an older answer, not twice.
func TestForgedFeedbackDoesNotCount(t *testing.T) {
	h, facts := newQualityHarness(t)
	h.say("", "FEEDBACK:yes:passeport.nonexistent")
	h.say("j'ai perdu mon permis de conduire")
	h.say("", "FEEDBACK:yes:passeport.perte") // not the entry just answered
	if n := len(facts.of(quality.KindHelpful)); n != 0 {
		t.Fatalf("%d feedback facts before the real answer to the question", n)
	}
	yes := payloadOf(h.say("j'ai perdu mon permis de conduire"), "Oui, merci")
	h.say("Oui, merci", yes)
	for range 30 {
		h.say("", yes)
	}
	if helpful := facts.of(quality.KindHelpful); len(helpful) != 1 || helpful[0].Entry != "permis.perte" {
		t.Fatalf("helpful facts = %+v, want one for permis.perte", helpful)
	}
}
