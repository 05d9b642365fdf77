package bot_test

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet"
	"github.com/guichet/guichet/bot"
	"github.com/guichet/guichet/config"
	"github.com/guichet/guichet/dispatch"
	"github.com/guichet/guichet/kb"
)

// The bot contradicts itself nowhere and says a thing once.

// Without humans (guichet chat) the hand-off tells the truth, once: no
// "Un conseiller vous répondra ici" before "Aucun conseiller n'est
// joignable".
func TestNoHumansToldOnce(t *testing.T) {
	h := newHarness(t)
	d := dispatch.New(h.st, nil)
	h.eng = bot.New(config.Default().Bot, bot.Deps{Matcher: matcher, States: h.st, Recorder: d, Sender: d,
		Now: func() time.Time { return h.now }})
	for _, say := range []string{"je veux parler à un conseiller", "Parler à un conseiller"} {
		payload := ""
		if say == "Parler à un conseiller" {
			payload = guichet.PayloadHandoff
		}
		got := h.say(say, payload)
		if len(got) != 1 || !strings.HasPrefix(got[0].Text, "Aucun conseiller n'est joignable") {
			t.Errorf("%q without humans: %d replies %+v, want only that no advisor can be reached", say, len(got), got)
		}
		for _, r := range got {
			if strings.Contains(r.Text, "vous répondra") || strings.Contains(r.Text, "Je transmets") {
				t.Errorf("%q without humans promised an advisor: %q", say, r.Text)
			}
		}
	}
}

// handoffButtons counts the buttons of ev that pass the conversation to a
// person.
func handoffButtons(k *kb.KB, ev guichet.Event) int {
	n := 0
	for _, q := range ev.QuickReplies {
		switch {
		case q.Payload == guichet.PayloadHandoff:
			n++
		case strings.HasPrefix(q.Payload, guichet.PayloadEntryPrefix):
			if e := k.Entry(strings.TrimPrefix(q.Payload, guichet.PayloadEntryPrefix)); e != nil && e.Action == kb.ActionHandoff {
				n++
			}
		case strings.HasPrefix(q.Payload, guichet.PayloadChoicePrefix):
			id, path, _ := strings.Cut(strings.TrimPrefix(q.Payload, guichet.PayloadChoicePrefix), "/")
			if c, ok := choiceAt(k.Entry(id), path); ok && c.Action == kb.ActionHandoff && c.Answer == "" && c.Goto == "" && len(c.Choices) == 0 {
				n++
			}
		}
	}
	return n
}

func choiceAt(e *kb.Entry, path string) (kb.Choice, bool) {
	if e == nil {
		return kb.Choice{}, false
	}
	var c kb.Choice
	cs := e.Choices
	for _, p := range strings.Split(path, ".") {
		i, err := strconv.Atoi(p)
		if err != nil || i < 0 || i >= len(cs) {
			return kb.Choice{}, false
		}
		c, cs = cs[i], cs[i].Choices
	}
	return c, true
}

// One way to a human per message: not "Mise en relation avec un conseiller
// humain" beside "Parler à un conseiller", nor "Autre situation" (a
// hand-off) beside it.
func TestOneHandoffButtonPerMessage(t *testing.T) {
	k := matcher().KB()
	for _, say := range []string{"je n'arrive pas à joindre l'ANTS", "je n'arrive pas à joindre un conseiller",
		"numéro ants humain", "appeler un conseiller", "refaire mon permis"} {
		h := newHarness(t)
		for _, ev := range h.say(say) {
			if n := handoffButtons(k, ev); n > 1 {
				t.Errorf("%q: %d hand-off buttons in %q", say, n, titles(ev))
			}
		}
	}
	// Every entry and every first choice of every tree, as a button.
	for _, e := range k.Entries() {
		h := newHarness(t)
		replies := h.say(e.Title, guichet.PayloadEntryPrefix+e.ID)
		for i := range e.Choices {
			replies = append(replies, newHarnessAfter(t, e.ID).say(e.Choices[i].Label,
				guichet.PayloadChoicePrefix+e.ID+"/"+strconv.Itoa(i))...)
		}
		for _, ev := range replies {
			if n := handoffButtons(k, ev); n > 1 {
				t.Errorf("%s: %d hand-off buttons in %q", e.ID, n, titles(ev))
			}
		}
	}
}

// newHarnessAfter is a conversation that was just shown entry id.
func newHarnessAfter(t *testing.T, id string) *harness {
	h := newHarness(t)
	h.say("", guichet.PayloadEntryPrefix+id)
	return h
}

// asksNumber matches a message that asks for the request number.
var asksNumber = regexp.MustCompile(`(?i)(indiquez|donnez|quel est|précisez)[^.?!]*numéro`)

// Choosing the procedure of a stuck file starts the report: the request
// number is asked once, not by the answer and again by the form.
func TestIncidentAsksTheNumberOnce(t *testing.T) {
	k := matcher().KB()
	e := k.Entry("dossier.anomalie")
	for i, c := range e.Choices {
		h := newHarnessAfter(t, e.ID)
		got := h.say(c.Label, guichet.PayloadChoicePrefix+e.ID+"/"+strconv.Itoa(i))
		asked := 0
		for _, r := range got {
			asked += len(asksNumber.FindAllString(r.Text, -1))
		}
		if asked != 1 {
			var texts []string
			for _, r := range got {
				texts = append(texts, r.Text)
			}
			t.Errorf("%s: the request number asked %d times:\n%s", c.Label, asked, strings.Join(texts, "\n---\n"))
		}
	}
}

// A choice whose answer the message gave is not asked: "perdue, volée ou
// abîmée ?" after "j'ai perdu ma carte grise", nor after it said so in
// other words, nor on the follow-ups.
func TestKnownChoiceIsNotAsked(t *testing.T) {
	const question = "perdue, volée ou abîmée ?"
	for _, first := range []string{"j'ai perdu ma carte grise", "plus moyen de retrouver la carte grise de mon scooter",
		"ma cg est passée a la machine", "carte grise qui a pris l'eau, on lit plus rien",
		"ma carte grise est toute décolorée, les inscriptions sont devenues invisibles",
		"jtrouve plu la carte grize de ma tuture, jfé koi"} {
		h := newHarness(t)
		got := h.say(first)
		if entryOf(got) != "civ.duplicata" {
			t.Errorf("%q answered %q, want civ.duplicata", first, entryOf(got))
		}
		for _, next := range []string{"", "comment faire ?", "c'est combien ?", "duplicata carte grise"} {
			if next != "" {
				got = h.say(next)
			}
			for _, r := range got {
				if strings.Contains(r.Text, question) {
					t.Errorf("%q then %q: asked %q", first, next, question)
				}
			}
		}
	}
}

// The ticket's summary is what the person came for, never the words that
// asked for a human nor an answer to the bot's question.
func TestHandoffSummaryIsTheRequest(t *testing.T) {
	h := newHarness(t)
	h.say("comment renouveler mon passeport ?")
	h.say("merci")
	h.say("je veux parler à un conseiller")
	esc := h.humans.escalated
	if len(esc) != 1 || esc[0].Summary != "comment renouveler mon passeport ?" {
		t.Fatalf("escalations %+v, want the passport question as summary", esc)
	}
	for _, c := range esc[0].Candidates {
		if c.Entry == "conseiller.humain" {
			t.Errorf("candidates %+v: guesses about the hand-off phrase", esc[0].Candidates)
		}
	}

	h, _ = newQualityHarness(t)
	h.say("mon dossier de carte grise est bloqué depuis 3 semaines")
	h.say("Carte grise", payloadOf(h.events(), "Carte grise"))
	h.say("Je ne l'ai pas", "FORM:skip")
	h.say("page blanche")
	h.say("Oui, j'accepte")
	if esc := h.humans.escalated; len(esc) != 1 || esc[0].Summary != "mon dossier de carte grise est bloqué depuis 3 semaines" {
		t.Errorf("incident escalations %+v, want the stuck file as summary", esc)
	}

	h = newHarness(t)
	h.say("je veux parler à un conseiller")
	if esc := h.humans.escalated; len(esc) != 1 || esc[0].Summary != "" {
		t.Errorf("escalations %+v, want no summary: nothing was asked", esc)
	}

	// Two questions the bot did not understand: the last is the summary.
	h = newHarness(t)
	h.say("quelle est la meilleure pizzeria de lyon")
	h.say("xyzzy plugh")
	if esc := h.humans.escalated; len(esc) != 1 || esc[0].Summary != "xyzzy plugh" {
		t.Errorf("low-confidence escalations %+v, want the last message as summary", esc)
	}
}
