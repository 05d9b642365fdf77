package bot_test

import (
	"strings"
	"testing"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/bot"
	"github.com/guichet/guichet/quality"
)

// Answers to the bot's own questions (the rating after a ticket, the
// steps of a form, consent) are taken as answers: never matched, never
// sent to the unanswered-question review.

// resolvedTicket hands the conversation off and has the hand-off close the
// ticket and ask for its rating, as handoff.Service does.
func resolvedTicket(t *testing.T, h *harness) string {
	t.Helper()
	h.humans.hexIDs = true
	h.say("je veux parler à un conseiller")
	if len(h.humans.escalated) != 1 {
		t.Fatalf("escalations = %d, want 1", len(h.humans.escalated))
	}
	ticket := "00000000000000000000000000000001"
	h.humans.rateable = map[string]guichet.ConversationID{ticket: h.conv}
	return ticket
}

// noReview fails when a fact would put a message in /console/review.
func noReview(t *testing.T, facts *factLog, what string) {
	t.Helper()
	for _, k := range []quality.Kind{quality.KindFallback, quality.KindClarify, quality.KindHelpful} {
		if fs := facts.of(k); len(fs) > 0 {
			t.Errorf("%s: %s facts %+v, want none (the review lists them)", what, k, fs)
		}
	}
}

func TestTypedRating(t *testing.T) {
	for _, c := range []struct {
		text string
		want float64
	}{
		{"4", 4}, {"4/5", 4}, {"4 étoiles", 4}, {"bien", 4}, {"très bien", 5}, {"nul", 1}, {"bof", 2},
		{"super", 5}, {"good", 4}, {"bad", 2}, {"5", 5}, {"1", 1},
	} {
		h, facts := newQualityHarness(t)
		ticket := resolvedTicket(t, h)
		got := h.say(c.text)
		if len(got) != 1 || !strings.HasPrefix(got[0].Text, "Merci pour votre note") && !strings.HasPrefix(got[0].Text, "Thank you for your rating") {
			t.Errorf("%q after the rating question: %+v, want the thanks for the rating", c.text, got)
			continue
		}
		if r := facts.of(quality.KindRating); len(r) != 1 || r[0].Value != c.want || r[0].Ticket != ticket {
			t.Errorf("%q: rating facts %+v, want %g for %s", c.text, r, c.want, ticket)
		}
		if m := got[0].Meta; m == nil || len(m.Candidates) > 0 || m.Decision != bot.DecisionNotice {
			t.Errorf("%q: reply meta %+v: the rating went to the matcher", c.text, m)
		}
		noReview(t, facts, c.text)
	}
}

// Small talk does not end the wait for the rating; a question does, and
// is answered as usual.
func TestTypedRatingAfterThanksButNotAfterAQuestion(t *testing.T) {
	h, facts := newQualityHarness(t)
	resolvedTicket(t, h)
	h.say("merci beaucoup")
	h.say("4")
	if r := facts.of(quality.KindRating); len(r) != 1 || r[0].Value != 4 {
		t.Errorf("'4' after 'merci': rating facts %+v, want 4", r)
	}

	h, facts = newQualityHarness(t)
	resolvedTicket(t, h)
	if got := h.say("comment renouveler mon passeport ?"); !strings.HasPrefix(entryOf(got), "passeport.") {
		t.Errorf("a question after the rating question answered %q, want a passport entry", entryOf(got))
	}
	h.say("4")
	if r := facts.of(quality.KindRating); len(r) != 0 {
		t.Errorf("'4' after a new question was taken as a rating: %+v", r)
	}
}

// Nothing is taken as a rating when none was asked (no hand-off, or its
// ticket was not resolved by an agent).
func TestNoTypedRatingUnasked(t *testing.T) {
	h, facts := newQualityHarness(t)
	h.say("4")
	h.humans.hexIDs = true
	h.say("je veux parler à un conseiller")
	h.say("4") // the ticket was not resolved: rateable is empty
	if r := facts.of(quality.KindRating); len(r) != 0 {
		t.Errorf("rating facts %+v, want none", r)
	}
}

// After the rating, a comment is recorded as one, but a question is
// answered ("ou poser une autre question").
func TestQuestionAfterRatingIsAnswered(t *testing.T) {
	h, facts := newQualityHarness(t)
	resolvedTicket(t, h)
	h.say("5")
	got := h.say("comment renouveler mon passeport ?")
	if !strings.HasPrefix(entryOf(got), "passeport.") {
		t.Errorf("question after the rating: %+v, want a passport answer", got)
	}
	if c := facts.of(quality.KindComment); len(c) != 0 {
		t.Errorf("the question was kept as a comment: %+v", c)
	}
	h, facts = newQualityHarness(t)
	resolvedTicket(t, h)
	h.say("5")
	h.say("La conseillère a été très claire")
	if c := facts.of(quality.KindComment); len(c) != 1 {
		t.Errorf("comment facts %+v, want the comment", c)
	}
}

// incidentToConsent runs the incident report up to its consent question
// and returns that question.
func incidentToConsent(t *testing.T, h *harness, number string) guichet.Event {
	t.Helper()
	replies := h.say("", guichet.PayloadEntryPrefix+"dossier.anomalie")
	pick := replies[0].QuickReplies[0]
	h.say(pick.Title, pick.Payload)
	h.say(number)
	got := h.say("erreur 500 au paiement")
	if len(got) != 1 || payloadOf(got, "Oui, j'accepte") == "" {
		t.Fatalf("consent not asked: %+v", got)
	}
	return got[0]
}

func TestConsentByNumberAndWords(t *testing.T) {
	for _, c := range []struct {
		say  string
		sent bool
	}{
		{"1", true}, {"ok", true}, {"oui", true}, {"d'accord", true}, {"vas-y", true}, {"yes", true},
		{"Oui, j'accepte", true}, {"OK !", true},
		{"2", false}, {"non", false}, {"no", false}, {"Non merci", false},
	} {
		h, facts := newQualityHarness(t)
		incidentToConsent(t, h, "22 A 1234 5678")
		got := h.say(c.say)
		if sent := len(h.humans.escalated) == 1; sent != c.sent {
			t.Errorf("%q to the consent question: sent %v, want %v (%+v)", c.say, sent, c.sent, got)
		}
		if !c.sent && (len(got) == 0 || !strings.Contains(got[0].Text, "je ne transmets pas")) {
			t.Errorf("%q: %+v, want the report dropped", c.say, got)
		}
		noReview(t, facts, c.say)
	}
}

// The other steps take their buttons' numbers too.
func TestFormStepsByNumber(t *testing.T) {
	h, _ := newQualityHarness(t)
	replies := h.say("", guichet.PayloadEntryPrefix+"dossier.anomalie")
	pick := replies[0].QuickReplies[0]
	h.say(pick.Title, pick.Payload)
	if got := h.say("1"); len(got) == 0 || !strings.Contains(got[0].Text, "Qu'affiche le site") {
		t.Fatalf("'1' (Je ne l'ai pas) to the request number: %+v", got)
	}
	h.say("page blanche")
	h.say("1")
	if len(h.humans.escalated) != 1 || h.humans.escalated[0].Fields["request_number"] != "" {
		t.Errorf("escalations %+v, want the report without a number", h.humans.escalated)
	}
}

// An answer that is neither yes nor no is asked again once; then the
// message is read as a new one.
func TestConsentUnclearAskedAgainOnce(t *testing.T) {
	h, _ := newQualityHarness(t)
	incidentToConsent(t, h, "22 A 1234 5678")
	if got := h.say("euh je sais pas"); len(got) != 1 || payloadOf(got, "Oui, j'accepte") == "" {
		t.Fatalf("unclear answer: %+v, want the question again", got)
	}
	got := h.say("comment renouveler mon passeport ?")
	if len(h.humans.escalated) != 0 || !strings.HasPrefix(entryOf(got), "passeport.") {
		t.Errorf("a question after the consent was asked twice: %+v, escalations %+v", got, h.humans.escalated)
	}
}

// The consent question is the citizen's to answer: it asks them, about
// their request and their file.
func TestConsentQuestionIsForTheCitizen(t *testing.T) {
	h, _ := newQualityHarness(t)
	q := incidentToConsent(t, h, "22 A 1234 5678").Text
	if !strings.HasPrefix(q, "Acceptez-vous que") || !strings.HasSuffix(q, "?") || !strings.Contains(q, "votre demande") ||
		!strings.Contains(q, "votre dossier") || strings.Contains(q, "J'accepte") || strings.Contains(q, "mon dossier") {
		t.Errorf("consent question %q", q)
	}
	h, _ = newQualityHarness(t)
	if q := incidentToConsent(t, h, "Je ne l'ai pas").Text; strings.Contains(q, "numéro") {
		t.Errorf("consent question without a request number mentions one: %q", q)
	}
}
