package bot_test

import (
	"strings"
	"sync"
	"testing"

	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/bot"
	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/dispatch"
	"github.com/guichet/guichet/kb/match"
)

// englishMatcher is built on the small French and English fixture KB
// (kb/testdata/english): the shipped English content is written apart.
var englishMatcher = sync.OnceValue(func() *match.Matcher { return matcherOf("../kb/testdata/english") })

func newEnglishHarness(t *testing.T) *harness {
	h := newHarness(t)
	d := dispatch.New(h.st, nil)
	cfg := config.Default().Bot
	h.eng = bot.New(cfg, bot.Deps{Matcher: englishMatcher, States: h.st, Recorder: d, Sender: d,
		Humans: h.humans, AskFeedback: true, Now: func() time.Time { return h.now }})
	return h
}

func langOf(evs []guichet.Event) string {
	if len(evs) == 0 || evs[0].Meta == nil {
		return ""
	}
	return evs[0].Meta.Lang
}

func titles(ev guichet.Event) []string {
	var out []string
	for _, q := range ev.QuickReplies {
		out = append(out, q.Title)
	}
	return out
}

func TestEnglishAnswer(t *testing.T) {
	h := newEnglishHarness(t)
	r := h.say("I lost my driving licence, what should I do?")
	if entryOf(r) != "permis.perte" || langOf(r) != "en" {
		t.Fatalf("replies = %+v, want permis.perte in English", r)
	}
	if !strings.HasPrefix(r[0].Text, "If you lost your licence") || !strings.Contains(r[0].Text, "Did this answer help?") {
		t.Errorf("answer = %q, want the English answer and the feedback question", r[0].Text)
	}
	got := strings.Join(titles(r[0]), "|")
	if !strings.Contains(got, "Yes, thanks|No") || !strings.Contains(got, "Stolen licence") || !strings.Contains(got, "Talk to an advisor") {
		t.Errorf("quick replies = %s, want them in English", got)
	}
	// The next message is French: the conversation follows.
	r = h.say("et si on me l'a volé ?")
	if langOf(r) != "fr" || strings.Contains(r[0].Text, "English") {
		t.Errorf("French follow-up answered %q in %q", r[0].Text, langOf(r))
	}
}

func TestEnglishWithoutEnglishAnswer(t *testing.T) {
	h := newEnglishHarness(t)
	r := h.say("someone stole my driving licence, what do I do")
	if entryOf(r) != "permis.vol" {
		t.Fatalf("replies = %+v, want permis.vol", r)
	}
	first, rest, _ := strings.Cut(r[0].Text, "\n\n")
	if first != "This answer is only available in French:" || !strings.HasPrefix(rest, "Déclarez d'abord le vol") {
		t.Errorf("answer = %q, want one English sentence then the French answer", r[0].Text)
	}
}

func TestMixedMessageAnsweredInEnglish(t *testing.T) {
	h := newEnglishHarness(t)
	r := h.say("I lost my french driving licence somewhere in the metro, comment je fais la déclaration de perte svp")
	if entryOf(r) != "permis.perte" || langOf(r) != "en" {
		t.Fatalf("replies = %+v, want permis.perte in English", r)
	}
}

func TestShortEnglishMessages(t *testing.T) {
	h := newEnglishHarness(t)
	if r := h.say("thanks a lot !"); entryOf(r) != "smalltalk.merci" || r[0].Text != "You're welcome! Do you have another question?" {
		t.Errorf("thanks a lot: %+v", r)
	}
	r := h.say("can i talk to a real person please")
	if decisionOf(r) != bot.DecisionHandoff || langOf(r) != "en" || !strings.Contains(r[0].Text, "advisor") {
		t.Fatalf("hand-off request: %+v", r)
	}
	if esc := h.humans.escalated; len(esc) != 1 || esc[0].Lang != "en" {
		t.Errorf("escalations = %+v, want one in English", esc)
	}
}

func TestLanguageSwitch(t *testing.T) {
	h := newEnglishHarness(t)
	r := h.say("in English please")
	if langOf(r) != "en" || !strings.Contains(r[0].Text, "English") {
		t.Fatalf("switch to English: %+v", r)
	}
	// A message without words of either language keeps English.
	if r = h.say("cni"); langOf(r) != "en" {
		t.Errorf("'cni' after the switch answered in %q", langOf(r))
	}
	r = h.say("en français svp")
	if langOf(r) != "fr" || !strings.Contains(r[0].Text, "français") {
		t.Fatalf("switch to French: %+v", r)
	}
	// A short English word does not undo the request; a clear English message does.
	if r = h.say("thanks"); langOf(r) != "fr" {
		t.Errorf("'thanks' after asking for French answered in %q", langOf(r))
	}
	if r = h.say("I lost my driving licence, what should I do?"); langOf(r) != "en" {
		t.Errorf("a clearly English question after asking for French answered in %q", langOf(r))
	}
}

func TestEnglishChoiceLabels(t *testing.T) {
	h := newEnglishHarness(t)
	r := h.say("I want to replace my licence")
	if entryOf(r) != "permis.refaire" {
		t.Fatalf("replies = %+v, want permis.refaire", r)
	}
	if got := strings.Join(titles(r[0]), "|"); got != "Lost|Stolen|Damaged or worn|Something else" {
		t.Errorf("choices = %s", got)
	}
	damaged := payloadOf(r, "Damaged or worn")
	r = h.say("Damaged or worn", damaged)
	if r[0].Text != "Is it still readable?" || strings.Join(titles(r[0]), "|") != "Readable|Unreadable|Talk to an advisor" {
		t.Errorf("sub-choices = %q %v", r[0].Text, titles(r[0]))
	}
	// Typing a label picks it, in English too.
	if r = h.say("Readable"); r[0].Text != "A readable licence is still valid." {
		t.Errorf("typed label: %+v", r)
	}
}

func TestOtherLanguageRedirectionSparesEnglish(t *testing.T) {
	h := newEnglishHarness(t)
	r := h.say("hola necesito ayuda con mi permiso, I lost my driving licence")
	if entryOf(r) == "hors-champ.langue" || strings.Contains(r[0].Text, "34 00") {
		t.Errorf("English with Spanish got the other-language redirection: %+v", r)
	}
	r = h.say("necesito ayuda con mi permiso de conducir por favor")
	if !strings.Contains(r[0].Text, "34 00") {
		t.Errorf("Spanish did not get the redirection: %+v", r)
	}
}

func TestFrenchStaysFrench(t *testing.T) {
	h := newEnglishHarness(t)
	r := h.say("jai perdu mon permi")
	if entryOf(r) != "permis.perte" || langOf(r) != "fr" || !strings.Contains(r[0].Text, "Cette réponse vous a-t-elle aidé ?") {
		t.Fatalf("replies = %+v, want the French answer", r)
	}
	if got := strings.Join(titles(r[0]), "|"); !strings.Contains(got, "Oui, merci|Non") || !strings.Contains(got, "Permis volé") {
		t.Errorf("quick replies = %s", got)
	}
}

func TestEnglishWithoutHumans(t *testing.T) {
	h := newEnglishHarness(t)
	d := dispatch.New(h.st, nil)
	h.eng = bot.New(config.Default().Bot, bot.Deps{Matcher: englishMatcher, States: h.st, Recorder: d, Sender: d,
		AskFeedback: true, Now: func() time.Time { return h.now }})
	r := h.say("I want to speak to a human")
	if len(r) != 1 || !strings.HasPrefix(r[0].Text, "No advisor can be reached from this channel.") || langOf(r) != "en" {
		t.Fatalf("replies = %+v, want only the phone numbers, in English", r)
	}
}

func TestEnglishYesPicksFeedback(t *testing.T) {
	h := newEnglishHarness(t)
	h.say("I lost my driving licence, what should I do?")
	if r := h.say("yes"); r[0].Text != "Thank you for your feedback! Do you have another question?" {
		t.Errorf("'yes' after an English answer: %+v", r)
	}
}

// The incident form asks its questions in English, and the French error
// message the site showed, pasted by the person, keeps the form in English.
func TestEnglishIncidentForm(t *testing.T) {
	h := newEnglishHarness(t)
	r := h.say("my application is stuck at the last step")
	if entryOf(r) != "dossier.bloque" || len(r) != 2 || !strings.HasPrefix(r[1].Text, "If the problem persists") {
		t.Fatalf("replies = %+v, want the English answer then the request number question", r)
	}
	if got := strings.Join(titles(r[1]), "|"); got != "I don't have it|Cancel" {
		t.Errorf("form buttons = %s", got)
	}
	if r = h.say("12"); !strings.HasPrefix(r[0].Text, "This number does not look valid") {
		t.Errorf("bad number: %+v", r)
	}
	if r = h.say("24-AB-123456"); !strings.HasPrefix(r[0].Text, "What exactly does the site show") {
		t.Errorf("after the number: %+v", r)
	}
	if r = h.say("Une erreur est survenue, veuillez réessayer plus tard"); !strings.HasPrefix(r[0].Text, "Do you agree that this information") || langOf(r) != "en" {
		t.Errorf("after the site's French message: %+v", r)
	}
	r = h.say("yes")
	if decisionOf(r) != bot.DecisionHandoff || r[0].Text != "Thank you. I am passing your report on to an advisor, as a priority." {
		t.Fatalf("consent: %+v", r)
	}
	if esc := h.humans.escalated; len(esc) != 1 || esc[0].Reason != "incident" || esc[0].Lang != "en" {
		t.Errorf("escalations = %+v", esc)
	}
}
